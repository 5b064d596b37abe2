import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createDocumentValidator } from "../../../src/schemas/document-validator.js";

interface Case {
  description: string;
  schema: object | boolean;
  tests: { description: string; data: unknown; valid: boolean; errors?: [string, string][] }[];
}

const cases = JSON.parse(readFileSync(new URL("../../fixtures/schemas/validate/cases.json", import.meta.url), "utf8")) as Case[];

describe("validate: data-driven cases", () => {
  for (const group of cases) {
    describe(group.description, () => {
      for (const test of group.tests) {
        it(test.description, async () => {
          const validator = await createDocumentValidator(group.schema, { schemasDir: null });
          const errors = validator.check(test.data);
          expect(errors === null).toBe(test.valid);
          if (test.errors) {
            const got = (errors ?? []).map((e) => [e.instancePath, e.keyword]);
            expect(got).toEqual(test.errors);
            for (const e of errors ?? []) expect(e.message.length).toBeGreaterThan(0);
          }
          // The text entry point must agree with the value entry point.
          expect(validator.checkText(JSON.stringify(test.data)) === null).toBe(test.valid);
        });
      }
    });
  }

  it("reports text that is not JSON as an invalid document, not an exception", async () => {
    const validator = await createDocumentValidator({ type: "object" }, { schemasDir: null });
    const errors = validator.checkText("{nope");
    expect(errors).toHaveLength(1);
    expect(errors![0]!.keyword).toBe("json");
    expect(errors![0]!.message).toMatch(/^not valid JSON: /);
  });

  it("picks the dialect from $schema: draft-07 reads an items array as a tuple, 2020-12 refuses it", async () => {
    const tuple = { items: [{ type: "string" }], additionalItems: false };
    const draft07 = await createDocumentValidator({ $schema: "http://json-schema.org/draft-07/schema#", ...tuple }, { schemasDir: null });
    expect(draft07.check(["a"])).toBeNull();
    expect(draft07.check(["a", "b"])).not.toBeNull();
    await expect(
      createDocumentValidator({ $schema: "https://json-schema.org/draft/2020-12/schema", ...tuple }, { schemasDir: null }),
    ).rejects.toThrow(/invalid schema/);
  });

  it("refuses an unknown $schema and draft-04 with a clear message", async () => {
    await expect(createDocumentValidator({ $schema: "http://json-schema.org/draft-04/schema#" }, { schemasDir: null })).rejects.toThrow(
      /draft-04 or older\) is not supported/,
    );
    await expect(createDocumentValidator({ $schema: "https://example.com/my-dialect" }, { schemasDir: null })).rejects.toThrow(/unknown "\$schema"/);
  });

  it("treats an unknown keyword as a schema error (a typo must not accept everything) but allows x- annotations", async () => {
    await expect(createDocumentValidator({ type: "string", maxLenght: 3 }, { schemasDir: null })).rejects.toThrow(/unknown keyword: "maxLenght"/);
    const annotated = await createDocumentValidator({ type: "string", "x-owner": "team-a", "x-driftgate": { table: "public.t" } }, { schemasDir: null });
    expect(annotated.check("s")).toBeNull();
  });
});
