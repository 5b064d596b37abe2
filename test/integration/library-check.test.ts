import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { exitCodeFor, InputError, renderReport, REPORT_FORMATS, runCheck, type CheckRequest } from "../../src/index.js";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";
import { COMMITTED_PROD_SNAPSHOT, EXAMPLE, REPO, tempDir, writeJson } from "./check-support.js";

/**
 * runCheck is `driftgate check` without the shell: the report a library user gets renders to exactly the
 * bytes the CLI prints, and its exit code is the CLI's. Everything here runs on PGlite and snapshot files.
 */
const dir = tempDir("dg-library-check-");
afterAll(() => dir.remove());

const env = { ...process.env, NO_COLOR: "1" };

describe("runCheck, the library's check", () => {
  it("the bundled example: the report equals `driftgate check --format json`, and every format matches the CLI's", async () => {
    const report = await runCheck({ cwd: REPO, env });
    const cli = await runCliInProcess(["check", "--format", "json"], { cwd: REPO, env });
    expect(cli.code).toBe(1);
    expect(renderReport(report, "json")).toBe(cli.stdout);
    expect(exitCodeFor(report)).toBe(cli.code);
    expect(report.blocked).toBe(true);
    for (const format of REPORT_FORMATS.filter((f) => f !== "json")) {
      const other = await runCliInProcess(["check", "--format", format], { cwd: REPO, env });
      expect(renderReport(report, format), format).toBe(other.stdout);
    }
  }, 180_000);

  it("an explicit pair, as diff: equal to `driftgate diff --format json`", async () => {
    const source = "examples/write-schemas/stores/test";
    const target = "examples/write-schemas/stores/prod";
    const report = await runCheck({ command: "diff", cwd: REPO, env, source, target });
    const cli = await runCliInProcess(["diff", source, target, "--format", "json"], { cwd: REPO, env });
    expect(renderReport(report, "json")).toBe(cli.stdout);
    expect(exitCodeFor(report)).toBe(cli.code);
  }, 180_000);

  it("an environments folder with a promotion chain and an unreadable store: equal to the CLI, failing closed", async () => {
    const envs = join(dir.path, "environments");
    mkdirSync(join(envs, "snapshots"), { recursive: true });
    copyFileSync(COMMITTED_PROD_SNAPSHOT, join(envs, "snapshots", "staging.json"));
    writeJson(join(envs, "test.json"), { store: join(EXAMPLE, "migrations"), promotesTo: "staging" });
    writeJson(join(envs, "staging.json"), { store: "snapshots/staging.json", promotesTo: "prod" });
    writeJson(join(envs, "prod.json"), { store: "snapshots/missing.json" });
    const request: CheckRequest = { cwd: dir.path, env, failOn: "risky", severity: { "comment-changed": "off" } };
    const progress: string[] = [];
    const report = await runCheck({ ...request, onProgress: (message, kind) => progress.push(`${kind} ${message}`) });
    const cli = await runCliInProcess(["check", "--format", "json", "--fail-on", "risky", "--severity", "comment-changed=off"], { cwd: dir.path, env });
    expect(renderReport(report, "json")).toBe(cli.stdout);
    expect(exitCodeFor(report)).toBe(cli.code);
    expect(cli.code).toBe(2);
    expect(report.pairs.map((p) => `${p.source.environment} -> ${p.target.environment}: ${p.error?.exitCode ?? "judged"}`)).toEqual([
      "test -> staging: judged",
      "staging -> prod: 2",
    ]);
    // What the CLI prints on a terminal or with --verbose, and what it always prints.
    expect(progress.filter((p) => p.startsWith("reading "))).toEqual(["reading reading test...", "reading reading staging...", "reading reading prod..."]);
    expect(progress.filter((p) => p.startsWith("warning "))).toHaveLength(1);
    expect(cli.stderr).toBe(`driftgate: ${progress.find((p) => p.startsWith("warning "))!.slice("warning ".length)}\n`);

    // Only some environments: the pairs among them.
    const some = await runCheck({ ...request, environments: ["test", "staging"] });
    expect(some.pairs).toHaveLength(1);
    expect(some.pairs[0]).toEqual(report.pairs[0]);
    await expect(runCheck({ ...request, environments: ["test", "stagging"] })).rejects.toThrow(/unknown environment "stagging"/);

    // Stores the caller already read are not read again; the report is the same.
    const staging = await runCheck({ ...request, environments: ["test", "staging"], snapshots: new Map([["prod", new InputError("never read")]]) });
    expect(staging).toEqual(some);
    const given = new Map([["prod", new InputError("prod: read elsewhere and failed")]]);
    const withGiven = await runCheck({ ...request, snapshots: given });
    expect(withGiven.pairs[1]!.error).toEqual({ exitCode: 2, message: "prod: read elsewhere and failed" });
  }, 180_000);

  it("bad input is an InputError before any store is read", async () => {
    await expect(runCheck({ cwd: REPO, env, source: "test" })).rejects.toThrow(InputError);
    await expect(runCheck({ cwd: REPO, env, severity: { "no-such-rule": "off" } })).rejects.toThrow(/--severity: unknown rule "no-such-rule"/);
  });
});

describe("runCheck with --probe: one store handle per store, one embedded engine per migrations store", () => {
  const fixtures = join(REPO, "test/fixtures/probe");
  const docs = join(fixtures, "docs", "applications.ndjson");
  const probe = { docs: [docs], table: "public.applications" };

  it("boots each migrations store once, for its snapshot and its probe together", async () => {
    const boots: string[] = [];
    const onProgress = (message: string, kind: string) => void (kind === "boot" && boots.push(message));
    const source = join(fixtures, "store", "001-applications.sql");
    const target = join(fixtures, "store");
    const report = await runCheck({ cwd: REPO, env, source, target, probe, onProgress });
    expect(report.pairs[0]!.findings.some((f) => f.rule === "probe-rejected-in-target")).toBe(true);
    expect(boots).toEqual(["building test/fixtures/probe/store/001-applications.sql on embedded PostgreSQL...", "building test/fixtures/probe/store on embedded PostgreSQL..."]);

    // The same store on both sides is one handle: built once, read once, probed twice in its rolled-back transactions.
    boots.length = 0;
    const same = await runCheck({ cwd: REPO, env, source: target, target, probe, onProgress });
    expect(same.pairs[0]!.findings.filter((f) => f.rule.startsWith("probe-"))).toEqual([]);
    expect(boots).toHaveLength(1);
  }, 180_000);
});
