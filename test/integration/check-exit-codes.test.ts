import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Ajv } from "ajv";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";
import { COMMITTED_PROD_SNAPSHOT, recordTestSnapshot, REPO, tempDir, writeJson, type JsonReport } from "./check-support.js";

// One embedded PostgreSQL for the whole file: test is captured once, then every run compares files.
const dir = tempDir();
const testSnap = join(dir.path, "test.json");
const prodSnap = join(dir.path, "prod.json");
const PASSWORD = "Tr0ub4dor-and-3";
const UNREACHABLE = `postgres://catalog_writer:${PASSWORD}@127.0.0.1:9/meta`;

const schema = JSON.parse(readFileSync(join(REPO, "schemas", "check-report.schema.json"), "utf8")) as object;
const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(schema);

const check = (args: string[], cwd = dir.path) => runCliInProcess(["check", ...args], { cwd });

beforeAll(async () => {
  await recordTestSnapshot(testSnap);
  copyFileSync(COMMITTED_PROD_SNAPSHOT, prodSnap);
});
afterAll(() => dir.remove());

describe("driftgate check: exit codes", () => {
  it("0 when nothing blocks, with the verdict", async () => {
    const run = await check(["test.json", "test.json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split("\n").at(-1)).toBe("no blocking drift (--fail-on breaking)");
  });

  it("1 when a write that succeeds in SOURCE would fail in TARGET (the example's drift)", async () => {
    const run = await check(["test.json", "prod.json"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^deploy blocked: \d+ breaking findings? \(--fail-on breaking\)$/m);
    expect(run.stdout).toContain("published_by");
    expect(run.stdout).toContain("lineage_edges");
  });

  it("0 for the same drift with --fail-on never, and 1 at every lower threshold", async () => {
    expect((await check(["test.json", "prod.json", "--fail-on", "never"])).code).toBe(0);
    for (const level of ["risky", "info"]) expect((await check(["test.json", "prod.json", "--fail-on", level])).code).toBe(1);
  });

  it("the JSON report validates against its schema, is blocked, and its ids are stable across runs", async () => {
    const first = await check(["test.json", "prod.json", "--format", "json"]);
    const second = await check(["test.json", "prod.json", "--format", "json"]);
    expect(first.code).toBe(1);
    const report = JSON.parse(first.stdout) as JsonReport;
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.blocked).toBe(true);
    expect(report.summary.breaking).toBeGreaterThanOrEqual(2);
    expect(second.stdout).toBe(first.stdout);
    expect(new Set(report.findings.map((f) => f.id)).size).toBe(report.findings.length);
  });

  it("writes the report atomically with --output and still exits by the verdict", async () => {
    const run = await check(["test.json", "prod.json", "--format", "junit", "--output", "report.xml"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(readFileSync(join(dir.path, "report.xml"), "utf8")).toMatch(/^<\?xml[\s\S]*<failure /);
  });

  it.each([
    ["one store only", ["test.json"], /give both SOURCE and TARGET/],
    ["an unknown store", ["test.json", "nowhere"], /unknown store "nowhere"/],
    ["a bad --fail-on", ["test.json", "prod.json", "--fail-on", "sometimes"], /fail-on/],
    ["a bad --format", ["test.json", "prod.json", "--format", "xml"], /format/],
    ["an unknown rule in --severity", ["test.json", "prod.json", "--severity", "no-such-rule=info"], /unknown rule "no-such-rule"/],
    ["a --waivers file that does not exist", ["test.json", "prod.json", "--waivers", "missing.json"], /cannot read waivers file .*missing\.json: no such file/],
  ])("2 for bad input: %s", async (_name, args, message) => {
    const run = await check(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe("");
  });

  it("accepts --severity for every catalogue id, not only the catalog rules (fit, app-config, probe)", async () => {
    const run = await check(["test.json", "test.json", "--severity", "fit-table-absent=breaking", "--severity", "app-config-missing=off", "--severity", "probe-rejected-in-target=risky"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });

  it("2 for a snapshot file edited by hand (its fingerprint no longer matches)", async () => {
    const edited = JSON.parse(readFileSync(prodSnap, "utf8")) as { content: { tables: unknown[] } };
    edited.content.tables = [];
    writeJson(join(dir.path, "edited.json"), edited);
    const run = await check(["test.json", "edited.json"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/corrupt/);
  });

  it("2 with no arguments when no environment promotes to another", async () => {
    const empty = join(dir.path, "empty");
    mkdirSync(join(empty, "environments"), { recursive: true });
    const none = await check([], empty);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/nothing to check: no environment files/);
    writeJson(join(empty, "environments", "alone.json"), { store: "../../test.json" });
    const lonely = await check([], empty);
    expect(lonely.code).toBe(2);
    expect(lonely.stderr).toMatch(/no environment .* has "promotesTo"/);
  });

  // The report used to be empty here (the reason on stderr only): a CI page showed no ::error at all.
  it("3 when a store cannot be read, the reason in every format's report, and no password in any output", async () => {
    for (const format of ["text", "json", "github", "markdown", "junit", "html"]) {
      const run = await check([UNREACHABLE, "test.json", "--format", format, "--connect-timeout", "2000"]);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/^driftgate: [^\n]*127\.0\.0\.1[^\n]*\n$/);
      expect(`${run.stdout}${run.stderr}`).not.toContain(PASSWORD);
      expect(run.stdout, format).toMatch(/cannot connect to postgres:\/\/catalog\\?_writer:[^\n]*127\.0\.0\.1:9\/meta/);
      if (format === "github") expect(run.stdout).toMatch(/^::error title=driftgate%3A .* not compared::cannot connect/m);
      if (format === "json") expect((JSON.parse(run.stdout) as { error: { exitCode: number } }).error.exitCode).toBe(3);
      if (format === "junit") expect(run.stdout).toMatch(/<error message="cannot connect/);
    }
  });
});

describe("driftgate check with environment pairs", () => {
  const envDir = join(dir.path, "envs");
  beforeAll(() => {
    mkdirSync(join(envDir, "environments"), { recursive: true });
    copyFileSync(testSnap, join(envDir, "test-snapshot.json"));
    copyFileSync(prodSnap, join(envDir, "prod-snapshot.json"));
  });

  const environments = (files: Record<string, unknown>) => {
    for (const [name, body] of Object.entries(files)) writeJson(join(envDir, "environments", `${name}.json`), body);
  };

  it("reports every pair in promotion order, and the exit code is the worst (1)", async () => {
    environments({
      test: { store: "../test-snapshot.json", promotesTo: "staging" },
      staging: { store: "../test-snapshot.json", promotesTo: "prod" },
      prod: { store: "../prod-snapshot.json" },
    });
    const run = await check(["--format", "json"], envDir);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.pairs!.map((p) => [p.source.environment, p.target.environment, p.blocked])).toEqual([
      ["test", "staging", false],
      ["staging", "prod", true],
    ]);
  });

  it("reads a store shared by two environments once (one PGlite boot per SQL-built store)", async () => {
    const run = await runCliInProcess(["check"], { cwd: envDir, isTTY: true, env: { ...process.env, NO_COLOR: "1" } });
    expect(run.code).toBe(1);
    expect(run.stderr.match(/^driftgate: reading /gm)).toHaveLength(2);
  });

  it("fails closed with 3 when one store cannot be read, still reporting the pairs it could judge", async () => {
    environments({
      test: { store: "../test-snapshot.json", promotesTo: "staging" },
      staging: { store: "../test-snapshot.json", promotesTo: "prod" },
      prod: { store: "${PROD_URL}" },
    });
    const run = await runCliInProcess(["check", "--connect-timeout", "2000"], { cwd: envDir, env: { ...process.env, PROD_URL: UNREACHABLE } });
    expect(run.code).toBe(3);
    expect(run.stdout).toContain("driftgate check: test -> staging");
    expect(run.stdout).toMatch(/driftgate check: staging -> prod[\s\S]*not compared: /);
    expect(run.stdout.trimEnd().split("\n").at(-1)).toMatch(/^deploy blocked: .*could not be made/);
    expect(run.stderr).toMatch(/^driftgate: prod: /m);
    expect(`${run.stdout}${run.stderr}`).not.toContain(PASSWORD);
  });

  it("3 even with --fail-on never: a missing snapshot is never a pass", async () => {
    const run = await runCliInProcess(["check", "--fail-on", "never", "--connect-timeout", "2000"], {
      cwd: envDir,
      env: { ...process.env, PROD_URL: UNREACHABLE },
    });
    expect(run.code).toBe(3);
  });
});

describe("driftgate diff", () => {
  it("prints the same findings as check and exits 0 although they are breaking", async () => {
    const diff = await runCliInProcess(["diff", "test.json", "prod.json", "--format", "json"], { cwd: dir.path });
    const gate = await check(["test.json", "prod.json", "--format", "json"]);
    expect(diff.code).toBe(0);
    const d = JSON.parse(diff.stdout) as JsonReport & { command: string };
    expect(d.command).toBe("diff");
    expect(d.blocked).toBe(false);
    expect(d.findings).toEqual((JSON.parse(gate.stdout) as JsonReport).findings);
  });

  it("says it does not gate", async () => {
    const run = await runCliInProcess(["diff", "test.json", "prod.json"], { cwd: dir.path });
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split("\n").at(-1)).toMatch(/^diff only, not gating: \d+ breaking findings? would block a check$/);
  });

  it("2 for bad input and 3 for an unreadable store, without the password", async () => {
    expect((await runCliInProcess(["diff", "test.json"], { cwd: dir.path })).code).toBe(2);
    const run = await runCliInProcess(["diff", "test.json", UNREACHABLE, "--connect-timeout", "2000"], { cwd: dir.path });
    expect(run.code).toBe(3);
    expect(`${run.stdout}${run.stderr}`).not.toContain(PASSWORD);
  });
});

// Colour is for people at terminals only.
describe("colour", () => {
  it("is used on a TTY, and never with NO_COLOR or off a TTY", async () => {
    const tty = await runCliInProcess(["check", "test.json", "prod.json"], { cwd: dir.path, isTTY: true, env: { ...process.env, NO_COLOR: "" } });
    expect(tty.stdout).toContain("\u001b[");
    const noColor = await runCliInProcess(["check", "test.json", "prod.json"], { cwd: dir.path, isTTY: true, env: { ...process.env, NO_COLOR: "1" } });
    expect(noColor.stdout).not.toContain("\u001b[");
    const pipe = await check(["test.json", "prod.json"]);
    expect(pipe.stdout).not.toContain("\u001b[");
  });
});

