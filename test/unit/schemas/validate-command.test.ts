import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCliInProcess } from "../../helpers/run-cli-in-process.js";

const fixtures = fileURLToPath(new URL("../../fixtures/schemas/", import.meta.url));
const run = (argv: string[], stdin?: string) => runCliInProcess(["validate", "--schemas-dir", "catalog", ...argv], { cwd: fixtures, stdin });

describe("driftgate validate", () => {
  it("prints one line per failure with file:line, path, keyword and message, then a summary; exit 1", async () => {
    const { code, stdout, stderr } = await run(["person", "docs/people.ndjson"]);
    expect(stderr).toBe("");
    expect(code).toBe(1);
    expect(stdout.split("\n")).toEqual([
      "docs/people.ndjson:2 /address/city minLength: must NOT have fewer than 1 characters",
      expect.stringMatching(/^docs\/people\.ndjson:4 \/ json: not valid JSON: /),
      'docs/people.ndjson:5 /address/zip pattern: must match pattern "^[0-9]{5}$"',
      'docs/people.ndjson:5 /email format: must match format "email"',
      "4 documents: 1 valid, 3 invalid",
      "",
    ]);
  });

  it("exit 0 when every document is valid; .json and .jsonl (CRLF) inputs; schema by $id across files", async () => {
    const { code, stdout } = await run(["https://example.com/schemas/person.schema.json", "docs/ann.json", "docs/crlf.jsonl"]);
    expect(stdout).toBe("3 documents: 3 valid, 0 invalid\n");
    expect(code).toBe(0);
  });

  it("reads NDJSON from stdin with -", async () => {
    const { code, stdout } = await run(["person", "-"], '{"name":"A","address":{"city":"x"}}\n{"name":"B"}\n');
    expect(stdout).toBe("-:2 /address required: must have required property 'address'\n2 documents: 1 valid, 1 invalid\n");
    expect(code).toBe(1);
  });

  it("resolves relative $refs between 2020-12 files without $id, in subfolders, by file name", async () => {
    const { code, stdout } = await run(["order", "docs/orders.ndjson"]);
    expect(stdout).toBe(
      [
        "docs/orders.ndjson:2 /lines minItems: must NOT have fewer than 1 items",
        "docs/orders.ndjson:3 /lines/0/x additionalProperties: is not allowed here (no such property in the schema)",
        "docs/orders.ndjson:3 /lines/0/qty minimum: must be >= 1",
        "3 documents: 1 valid, 2 invalid",
        "",
      ].join("\n"),
    );
    expect(code).toBe(1);
  });

  it("--format json is one JSON document with failures and a summary", async () => {
    const { code, stdout } = await run(["--format", "json", "catalog/person.schema.json", "docs/people.ndjson"]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.schema).toEqual({ id: "https://example.com/schemas/person.schema.json", file: "catalog/person.schema.json", draft: "draft-07" });
    expect(report.summary).toEqual({ documents: 4, valid: 1, invalid: 3 });
    expect(report.failures.map((f: { line: number }) => f.line)).toEqual([2, 4, 5]);
    expect(report.failures[0]).toEqual({
      source: "docs/people.ndjson",
      line: 2,
      errors: [
        {
          instancePath: "/address/city",
          keyword: "minLength",
          message: "must NOT have fewer than 1 characters",
          schemaPath: "address.schema.json/properties/city/minLength",
          params: { limit: 1 },
        },
      ],
    });
    const empty = await run(["--format", "json", "person", "docs/ann.json"]);
    expect(JSON.parse(empty.stdout)).toMatchObject({ failures: [], summary: { documents: 1, valid: 1, invalid: 0 } });
    expect(empty.code).toBe(0);
  });

  describe("bad input: exit 2 and one clear line on stderr", () => {
    const cases: [string, string[], RegExp][] = [
      ["missing document file", ["person", "docs/nope.ndjson"], /^driftgate: document file not found: docs\/nope\.ndjson\n$/],
      ["unknown schema name", ["nobody", "docs/ann.json"], /^driftgate: unknown schema "nobody": .*\(known: address, line-item, order, person\)\n$/],
      ["missing schema file", ["missing/x.schema.json", "docs/ann.json"], /^driftgate: schema file not found: missing\/x\.schema\.json\n$/],
      ["schema that is not JSON", ["broken/not-json.schema.json", "docs/ann.json"], /^driftgate: .*not-json\.schema\.json: not valid JSON: /],
      ["schema with a typo keyword", ["broken/typo.schema.json", "docs/ann.json"], /^driftgate: .*typo\.schema\.json: invalid schema: strict mode: unknown keyword: "maxLenght"/],
      ["schema invalid against its meta-schema", ["broken/bad-type.schema.json", "docs/ann.json"], /^driftgate: .*bad-type\.schema\.json: invalid schema: schema is invalid: data\/type/],
      ["dangling $ref", ["broken/dangling-ref.schema.json", "docs/ann.json"], /^driftgate: .*dangling-ref\.schema\.json: invalid schema: can't resolve reference missing\.schema\.json/],
      ["unknown document type", ["person", "catalog/person.schema.json.txt"], /^driftgate: .*unknown document file type/],
    ];
    for (const [name, argv, pattern] of cases) {
      it(name, async () => {
        const { code, stdout, stderr } = await run(argv);
        expect(stderr).toMatch(pattern);
        expect(stderr.trim().split("\n")).toHaveLength(1);
        expect(stdout).toBe("");
        expect(code).toBe(2);
      });
    }
  });
});
