import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { SchemaNormalizer } from "../../../src/schemas/normalize-schema.js";
import { schemaEntryOf } from "../../../src/schemas/schema-catalog.js";
import { SubsetChecker } from "../../../src/schemas/schema-subset.js";

/**
 * Soundness, checked against ajv as the oracle: whenever the proof says OLD ⊆ NEW ("compatible"), no value
 * may be valid under OLD and invalid under NEW. Random small schemas over the keywords compat judges.
 */
function prng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

const VALUES: unknown[] = [
  null, true, false, 0, 1, -1, 2, 5, 7.5, 10, 100, 0.01, 12.34, "", "a", "ab", "abc", "abcd", "B", "draft", "active", "x@y.org",
  "2024-01-31", [], [1], [1, 1], ["a", "b"], ["a", "a", "b"], {}, { a: 1 }, { a: "x" }, { b: 2 }, { a: "draft", b: 1 }, { a: null }, { c: true },
];

function randomSchema(r: () => number, depth = 0): Record<string, unknown> | boolean {
  if (depth > 2 || r() < 0.1) return r() < 0.8;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const s: Record<string, unknown> = {};
  const n = 1 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) {
    switch (pick(["type", "enum", "const", "num", "str", "pattern", "format", "arr", "obj", "anyOf", "not", "allOf", "oneOf", "multipleOf"])) {
      case "type": s["type"] = pick(["string", "number", "integer", "object", "array", "null", ["string", "null"], ["integer", "string"]]); break;
      case "enum": s["enum"] = [...new Set([pick(VALUES), pick(VALUES), pick(VALUES)].map((v) => JSON.stringify(v)))].map((v) => JSON.parse(v)); break;
      case "const": s["const"] = pick(VALUES); break;
      case "num": s[pick(["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"])] = pick([0, 1, 2, 5, 10]); break;
      case "str": s[pick(["minLength", "maxLength"])] = pick([0, 1, 2, 3]); break;
      case "pattern": s["pattern"] = pick(["^a", "b$", "^[a-z]+$", "^.{0,2}$"]); break;
      case "format": s["format"] = pick(["date", "email"]); break;
      case "multipleOf": s["multipleOf"] = pick([0.01, 0.5, 2]); break;
      case "arr":
        s["items"] = randomSchema(r, depth + 1);
        if (r() < 0.5) s[pick(["minItems", "maxItems"])] = pick([0, 1, 2]);
        if (r() < 0.3) s["uniqueItems"] = true;
        break;
      case "obj":
        s["properties"] = { a: randomSchema(r, depth + 1), ...(r() < 0.5 ? { b: randomSchema(r, depth + 1) } : {}) };
        if (r() < 0.5) s["required"] = [pick(["a", "b"])];
        if (r() < 0.4) s["additionalProperties"] = r() < 0.5 ? false : randomSchema(r, depth + 1);
        break;
      case "anyOf": s["anyOf"] = [randomSchema(r, depth + 1), randomSchema(r, depth + 1)]; break;
      case "oneOf": s["oneOf"] = [randomSchema(r, depth + 1), randomSchema(r, depth + 1)]; break;
      case "allOf": s["allOf"] = [randomSchema(r, depth + 1)]; break;
      case "not": s["not"] = randomSchema(r, depth + 1); break;
    }
  }
  return s;
}

/** A mutation of `base`: what a schema author would do between versions. */
function mutate(r: () => number, base: Record<string, unknown> | boolean): Record<string, unknown> | boolean {
  if (typeof base === "boolean" || r() < 0.2) return randomSchema(r);
  const copy = structuredClone(base);
  const keys = Object.keys(copy);
  if (keys.length > 0 && r() < 0.5) delete copy[keys[Math.floor(r() * keys.length)]!];
  const extra = randomSchema(r, 1);
  if (typeof extra === "object") Object.assign(copy, extra);
  return copy;
}

describe("schema subset proof is sound (ajv as oracle)", () => {
  it("never calls a narrowing compatible, and its examples are right, over 400 random schema pairs", () => {
    const r = prng(20240131);
    const ajv = new Ajv({ strict: false, allowUnionTypes: true, multipleOfPrecision: 9 });
    ajv.addFormat("date", /^\d{4}-\d\d-\d\d$/);
    ajv.addFormat("email", /^[^@\s]+@[^@\s]+\.[a-z]+$/);
    let proven = 0;
    for (let i = 0; i < 400; i++) {
      const oldSchema = randomSchema(r);
      const newSchema = r() < 0.5 ? mutate(r, oldSchema) : randomSchema(r);
      const oldEntry = schemaEntryOf(oldSchema, { file: null, where: "old", name: `o${i}` });
      const newEntry = schemaEntryOf(newSchema, { file: null, where: "new", name: `n${i}` });
      const reasons = new SubsetChecker().check(new SchemaNormalizer([oldEntry]).normalize(oldEntry), new SchemaNormalizer([newEntry]).normalize(newEntry));
      if (reasons.length > 0) {
        // A certain reason about the whole document carries an example: ajv must agree with it.
        for (const reason of reasons) {
          if (reason.path !== "" || !reason.certain || reason.example === undefined) continue;
          if (!ajv.compile(oldSchema as object)(reason.example) || ajv.compile(newSchema as object)(reason.example)) {
            throw new Error(`wrong example ${JSON.stringify(reason.example)} for ${JSON.stringify(oldSchema)} -> ${JSON.stringify(newSchema)}`);
          }
        }
        continue;
      }
      proven++;
      const validOld = ajv.compile(oldSchema as object);
      const validNew = ajv.compile(newSchema as object);
      for (const value of VALUES) {
        if (validOld(value) && !validNew(value)) {
          throw new Error(`unsound: ${JSON.stringify(oldSchema)} ⊆ ${JSON.stringify(newSchema)} claimed, but ${JSON.stringify(value)} is rejected`);
        }
      }
    }
    expect(proven).toBeGreaterThan(40);
  });
});
