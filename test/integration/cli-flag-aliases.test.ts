import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";

/**
 * "schema" meant three things; the flags now say which (--write-schemas, --json-schema, --include-schema),
 * and the old spellings stay as hidden aliases that give the same result, byte for byte.
 */
const REPO = path.resolve(import.meta.dirname, "../..");
const run = (argv: string[]) => runCliInProcess(argv, { cwd: REPO, env: { ...process.env, NO_COLOR: "1" } });
const scanStore = "test/fixtures/scan/store";
const scanSchemas = "test/fixtures/scan/schemas";

describe("renamed flags and their old spellings", () => {
  it("check and diff: --write-schemas and --schemas", async () => {
    const args = ["examples/write-schemas/stores/test", "examples/write-schemas/stores/prod", "--format", "json"];
    for (const command of ["check", "diff"]) {
      const now = await run([command, ...args, "--write-schemas", "schemas"]);
      const old = await run([command, ...args, "--schemas", "schemas"]);
      expect(now.stdout.length).toBeGreaterThan(0);
      expect(old).toEqual(now);
    }
    // A missing folder is named by the flag that was typed.
    expect((await run(["check", ...args, "--schemas", "./no-such-dir"])).stderr).toBe("driftgate: --schemas ./no-such-dir: no such folder\n");
    expect((await run(["check", ...args, "--write-schemas", "./no-such-dir"])).stderr).toBe("driftgate: --write-schemas ./no-such-dir: no such folder\n");
  }, 180_000);

  it("validate, compat and fit: --write-schemas and --schemas-dir", async () => {
    const cases = [
      ["validate", "application", "examples/write-schemas/docs/applications.ndjson"],
      ["compat", "application", "examples/write-schemas/application.next.schema.json"],
      ["fit", "application", "examples/write-schemas/stores/prod"],
    ];
    for (const argv of cases) {
      const now = await run([...argv, "--write-schemas", "schemas"]);
      const old = await run([...argv, "--schemas-dir", "schemas"]);
      expect(now.stdout.length, argv[0]).toBeGreaterThan(0);
      expect(old, argv[0]).toEqual(now);
    }
  }, 180_000);

  it("scan: --json-schema with --write-schemas, and the old --schema with --schemas-dir", async () => {
    const now = await run(["scan", scanStore, "--write-schemas", scanSchemas, "--json-schema", "application-attrs", "--format", "json"]);
    const old = await run(["scan", scanStore, "--schemas-dir", scanSchemas, "--schema", "application-attrs", "--format", "json"]);
    expect(now.code).toBe(1);
    // Everything but the time the scan took.
    const timeless = (r: typeof now) => ({ ...r, stdout: r.stdout.replace(/"elapsedMs":\d+/, '"elapsedMs":0') });
    expect(timeless(old)).toEqual(timeless(now));
    const missing = await run(["scan", scanStore, "--write-schemas", scanSchemas]);
    expect(missing).toMatchObject({ code: 2, stderr: "driftgate: required option '--json-schema <schema>' not specified\n" });
    const both = await run(["scan", scanStore, "--write-schemas", scanSchemas, "--json-schema", "a", "--schema", "b"]);
    expect(both).toMatchObject({ code: 2, stderr: "driftgate: --schema is the old name of --json-schema: give one of them\n" });
  }, 180_000);

  it("snapshot: --include-schema and --schema, as lists", async () => {
    const store = "examples/metadata-store/migrations";
    const now = await run(["snapshot", store, "--include-schema", "catalog"]);
    const old = await run(["snapshot", store, "--schema", "catalog"]);
    expect(now.code).toBe(0);
    expect(old).toEqual(now);
    const mixed = await run(["snapshot", store, "--schema", "catalog", "--include-schema", "public"]);
    const listed = await run(["snapshot", store, "--include-schema", "catalog,public"]);
    expect(mixed).toEqual(listed);
  }, 180_000);

  it("--help shows the new names only", async () => {
    for (const [command, shown, hidden] of [
      ["check", "--write-schemas <dir>", "--schemas <dir>"],
      ["scan", "--json-schema <schema>", "--schemas-dir <dir>"],
      ["snapshot", "--include-schema <name>", "--schema <name>"],
    ] as const) {
      const help = (await run([command, "--help"])).stdout;
      expect(help, command).toContain(shown);
      expect(help, command).not.toContain(hidden);
    }
  });
});
