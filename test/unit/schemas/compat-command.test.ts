import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCliInProcess } from "../../helpers/run-cli-in-process.js";

const files = fileURLToPath(new URL("../../fixtures/schemas/compat/files/", import.meta.url));
const fixtures = fileURLToPath(new URL("../../fixtures/schemas/", import.meta.url));
const compat = (argv: string[], cwd = files) => runCliInProcess(["compat", "--schemas-dir", ".", ...argv], { cwd });

describe("driftgate compat", () => {
  it("breaking: exit 1, removed and added as readable paths, OLD -> NEW on every line", async () => {
    const { code, stdout, stderr } = await compat(["application.v1.schema.json", "application.v2.schema.json"]);
    expect(stderr).toBe("");
    expect(code).toBe(1);
    expect(stdout.split("\n")).toEqual([
      "application.v1.schema.json -> application.v2.schema.json: breaking: NEW rejects documents that OLD accepted",
      "removed (OLD accepted, NEW rejects):",
      '  /name maxLength: strings longer than 100 characters (up to 200) (maxLength 200 -> maxLength 100), e.g. "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa..."',
      '  /status enum: "archived"',
      '  /tags/* pattern: strings not matching "^[a-z-]+$" (no pattern -> pattern "^[a-z-]+$"), e.g. ""',
      "added (NEW accepts, OLD rejected):",
      '  /nickname additionalProperties: objects with property "nickname"',
      '  /status enum: "paused"',
      "value sets: computed without enum, format, multipleOf, pattern, uniqueItems, which json-schema-diff does not support; driftgate judged those keywords itself",
      "3 removed, 2 added",
      "",
    ]);
  });

  it("compatible: widening is exit 0; cosmetic changes and draft-07 -> 2020-12 $defs are cosmetic", async () => {
    const widened = await compat(["application.v2.schema.json", "application.v2.schema.json"]);
    expect(widened.stdout.split("\n")[0]).toBe("application.v2.schema.json -> application.v2.schema.json: compatible: identical");
    expect(widened.code).toBe(0);
    for (const other of ["application.cosmetic.schema.json", "application.2020.schema.json"]) {
      const { code, stdout } = await compat(["application.v1.schema.json", other]);
      expect(stdout.split("\n")[0]).toBe(`application.v1.schema.json -> ${other}: compatible: cosmetic changes only`);
      expect(code).toBe(0);
    }
  });

  it("--format json: verdict, reasons and the removed/added value sets from json-schema-diff", async () => {
    const { code, stdout } = await compat(["--format", "json", "application.v1.schema.json", "application.v2.schema.json"]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ verdict: "breaking", cosmetic: false, old: { draft: "draft-07" }, new: { file: "application.v2.schema.json" } });
    expect(report.removed).toContainEqual(expect.objectContaining({ path: "/status", keyword: "enum", certain: true, example: "archived" }));
    expect(report.valueSets.exact).toBe(false);
    expect(report.valueSets.ignoredKeywords).toEqual(["enum", "format", "multipleOf", "pattern", "uniqueItems"]);
    expect(report.valueSets.removed).toMatchObject({ type: "object", required: ["name", "owner_email"], properties: { name: { minLength: 101, maxLength: 200 } } });
  });

  it("exact value sets when only json-schema-diff keywords are used; its verdict settles the proof", async () => {
    const { code, stdout } = await compat(["--format", "json", "person", "catalog/person.schema.json"], fixtures);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ verdict: "compatible", identical: true });
  });

  it("names resolve across files ($ref into another schema of the folder)", async () => {
    const { code, stdout } = await runCliInProcess(["compat", "--schemas-dir", "catalog", "person", "address"], { cwd: fixtures });
    expect(code).toBe(1);
    expect(stdout).toMatch(/\/name additionalProperties|\/name required|\/city required/);
  });

  describe("bad input: exit 2, one line", () => {
    const cases: [string, string[], RegExp][] = [
      ["missing file", ["application.v1.schema.json", "nope/missing.schema.json"], /^driftgate: schema file not found: nope\/missing\.schema\.json\n$/],
      ["unknown name", ["application.v1.schema.json", "nobody"], /^driftgate: unknown schema "nobody"/],
      ["invalid schema", ["application.v1.schema.json", "../../broken/bad-type.schema.json"], /^driftgate: .*bad-type\.schema\.json: invalid schema/],
      ["invalid JSON", ["../../broken/not-json.schema.json", "application.v1.schema.json"], /^driftgate: .*not-json\.schema\.json: not valid JSON/],
    ];
    for (const [name, argv, pattern] of cases) {
      it(name, async () => {
        const { code, stdout, stderr } = await compat(argv);
        expect(stderr).toMatch(pattern);
        expect(stderr.trim().split("\n")).toHaveLength(1);
        expect(stdout).toBe("");
        expect(code).toBe(2);
      });
    }
  });
});
