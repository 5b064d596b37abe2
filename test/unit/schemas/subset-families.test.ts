import { describe, expect, it } from "vitest";
import type { SchemaKeyword } from "../../../src/schemas/schema-node.js";
import { KEYWORD_FAMILIES } from "../../../src/schemas/subset/keyword-families.js";

// A Record over SchemaKeyword: adding a keyword to the normalised vocabulary fails the typecheck here
// until it is listed, and then this test until some family judges it.
const EVERY_KEYWORD: Record<SchemaKeyword, true> = {
  type: true, enum: true, minimum: true, maximum: true, exclusiveMinimum: true, exclusiveMaximum: true, multipleOf: true,
  minLength: true, maxLength: true, pattern: true, format: true, prefixItems: true, items: true, minItems: true, maxItems: true,
  uniqueItems: true, contains: true, minContains: true, maxContains: true, properties: true, patternProperties: true,
  additionalProperties: true, required: true, minProperties: true, maxProperties: true, dependentRequired: true,
  dependentSchemas: true, propertyNames: true, allOf: true, anyOf: true, oneOf: true, not: true, if: true, then: true, else: true,
  unevaluatedProperties: true, unevaluatedItems: true,
};

describe("subset proof keyword families", () => {
  it("judge every keyword of the normalised vocabulary, each in exactly one family", () => {
    // A right-hand keyword no family lists would be skipped by the driver: a silent "compatible".
    const listed = KEYWORD_FAMILIES.flatMap((f) => f.keywords);
    expect([...listed].sort()).toEqual(Object.keys(EVERY_KEYWORD).sort());
  });
});
