import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveSnapshot } from "../../src/sources/resolve-snapshot.js";
import { writeSnapshotFile } from "../../src/files/snapshot-file.js";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";
import { createScratchDatabase, serverUrl, type ScratchDatabase } from "../helpers/server-database.js";

const fixtures = fileURLToPath(new URL("../fixtures/schemas/fit/", import.meta.url));
const repo = fileURLToPath(new URL("../../", import.meta.url));
let work: string;
let snapshotFile: string;

beforeAll(async () => {
  // One PGlite for the file: the CLI runs below read its snapshot; one run applies the SQL itself.
  work = mkdtempSync(path.join(tmpdir(), "dg-fit-"));
  snapshotFile = path.join(work, "rules.snapshot.json");
  await writeSnapshotFile(snapshotFile, await resolveSnapshot(`${fixtures}rules.sql`, { cwd: fixtures, env: {} }));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const fit = (argv: string[], cwd = fixtures) => runCliInProcess(["fit", "--schemas-dir", "schemas", ...argv], { cwd, env: {} });

describe("driftgate fit", () => {
  it("exit 1 and one block per finding when the schema does not fit", async () => {
    const { code, stdout, stderr } = await fit(["length", snapshotFile]);
    expect(stderr).toBe("");
    expect(code).toBe(1);
    const lines = stdout.split("\n");
    expect(lines[0]).toMatch(/^schemas\/length\.schema\.json -> fit_length\.t in .*: does not fit \(2 breaking, 0 risky, 0 info\)$/);
    expect(lines[1]).toBe(
      'breaking fit-length  column name (character varying(10)) rejects strings longer than 10 characters (up to 20), which the schema allows, e.g. "aaaaaaaaaaa"',
    );
    expect(lines[2]).toBe('         why: PostgreSQL rejects a longer value ("value too long for type character varying(10)")');
  });

  it("exit 0 when it fits; risky findings are shown and block only with --fail-on risky", async () => {
    const ok = await fit(["trigger", snapshotFile]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/fits, but cannot prove everything \(0 breaking, 1 risky, 0 info\)/);
    expect(ok.stdout).toMatch(/risky    fit-trigger  fit_trigger\.t has before insert trigger t_guard/);
    const strict = await fit(["trigger", snapshotFile, "--fail-on", "risky"]);
    expect(strict.code).toBe(1);
  });

  it("--table overrides the annotation; --column writes the whole document into a jsonb column", async () => {
    const other = await fit(["check-constraint", snapshotFile, "--table", "fit_range.t"]);
    expect(other.stdout).toMatch(/-> fit_range\.t in /);
    expect(other.stdout).toMatch(/fit-unknown-property  the schema allows property "qty", but fit_range\.t has no such column/);
    expect(other.code).toBe(1);
    const whole = await fit(["column-nullable", snapshotFile, "--table", "fit_column.t", "--column", "plain"]);
    expect(whole.stdout).toMatch(/-> fit_column\.t\.plain in .*: fits \(0 breaking, 0 risky, 0 info\)/);
    expect(whole.code).toBe(0);
  });

  it("--format json carries the findings and the table's JSON Schema", async () => {
    const { code, stdout } = await fit(["enum-label", snapshotFile, "--format", "json"]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ table: "fit_enum_label.t", column: null, fits: false, blocking: 1, failOn: "breaking" });
    expect(report.findings).toEqual([
      expect.objectContaining({ rule: "fit-enum-label", severity: "breaking", object: "fit_enum_label.t.mood", objectKind: "column" }),
    ]);
    expect(report.tableSchema.properties.mood).toEqual({ anyOf: [{ type: "string", enum: ["happy", "sad"] }, { type: "null" }] });
  });

  it("applies a .sql store itself (fresh PGlite) for the example schema in schemas/", async () => {
    const { code, stdout } = await runCliInProcess(["fit", "application", `${fixtures}rules.sql`], { cwd: repo, env: {} });
    expect(stdout).toMatch(/^schemas\/application\.schema\.json -> public\.applications in .*: fits \(0 breaking, 0 risky, 1 info\)\n/);
    expect(code).toBe(0);
  });

  describe("bad input: exit 2, one line", () => {
    const cases: [string, string[], RegExp][] = [
      ["unknown table", ["length", "SNAPSHOT", "--table", "public.nope"], /^driftgate: table public\.nope not found in /],
      ["unknown schema", ["nobody", "SNAPSHOT"], /^driftgate: unknown schema "nobody"/],
      ["unknown column", ["column", "SNAPSHOT", "--table", "fit_column.t", "--column", "nope"], /^driftgate: column nope not found in fit_column\.t/],
      ["no table at all", ["../catalog/address.schema.json", "SNAPSHOT"], /^driftgate: no table: pass --table schema\.table/],
      ["not a schema", ["../validate/cases.json", "SNAPSHOT"], /^driftgate: .*cases\.json: a JSON Schema must be an object or a boolean\n$/],
      ["missing store file", ["length", "missing.snapshot.json"], /^driftgate: /],
    ];
    for (const [name, argv, pattern] of cases) {
      it(name, async () => {
        const { code, stdout, stderr } = await fit(argv.map((a) => (a === "SNAPSHOT" ? snapshotFile : a)));
        expect(stderr).toMatch(pattern);
        expect(stderr.trim().split("\n")).toHaveLength(1);
        expect(stdout).toBe("");
        expect(code).toBe(2);
      });
    }
  });

  it("exit 3 when the store is unreachable, with no password in the message", async () => {
    const { code, stderr } = await fit(["length", "postgres://writer:s3cret-pass@127.0.0.1:1/db?connect_timeout=2"]);
    expect(code).toBe(3);
    expect(stderr).not.toContain("s3cret-pass");
    expect(stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe.runIf(serverUrl)("driftgate fit against the PostgreSQL server", () => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await createScratchDatabase("dg_fitcli");
    await db.exec(readFileSync(`${fixtures}rules.sql`, "utf8"));
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("reads the live store by URL: exit 1 for a misfit, 0 for the example schema", async () => {
    const misfit = await fit(["domain", db.url]);
    expect(misfit.stdout).toMatch(/does not fit \(2 breaking, 1 risky, 0 info\)/);
    expect(misfit.code).toBe(1);
    const example = await runCliInProcess(["fit", "application", db.url], { cwd: repo, env: {} });
    expect(example.stdout).toMatch(/fits \(0 breaking, 0 risky, 1 info\)/);
    expect(example.code).toBe(0);
  });
});
