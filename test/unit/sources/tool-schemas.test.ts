import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { SCHEMAS_DIR } from "../../../src/files/tool-schemas.js";

/**
 * driftgate compiles its own file formats' schemas without checking them against their meta-schema on
 * every run (that check compiled the draft-07 meta-schema first): the check is made here instead, so a
 * schema edited into something invalid still fails, in the tests rather than at a user's desk.
 */
describe("driftgate's own JSON Schemas", () => {
  const drafts07 = readdirSync(SCHEMAS_DIR)
    .filter((n) => n.endsWith(".schema.json"))
    .map((n) => ({ name: n, schema: JSON.parse(readFileSync(join(SCHEMAS_DIR, n), "utf8")) as { $schema?: string } }))
    .filter((s) => s.schema.$schema === "http://json-schema.org/draft-07/schema#");

  it("include the three the CLI reads its files with", () => {
    expect(drafts07.map((s) => s.name)).toEqual(expect.arrayContaining(["environment.schema.json", "snapshot.schema.json", "waivers.schema.json"]));
  });

  it.each(["environment.schema.json", "snapshot.schema.json", "waivers.schema.json"])("%s is a valid draft-07 schema", (name) => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const schema = drafts07.find((s) => s.name === name)!.schema;
    expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
  });
});
