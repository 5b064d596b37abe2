import { evaluate, type Truth } from "../evaluate-node.js";
import { allTrue, finiteValues, propertyOf, type Conj } from "./conjunction.js";
import { fineTypeOf, typesOf, type FineType } from "./fine-types.js";
import type { SchemaObject } from "../schema-node.js";

const FORMAT_EXAMPLES: Record<string, string> = {
  "date-time": "2024-01-31T12:00:00Z",
  date: "2024-01-31",
  time: "12:00:00Z",
  uuid: "5b4f1c0e-9c53-4d6f-8f4e-0d6e2f1b2a3c",
  email: "someone@example.com",
  uri: "https://example.com/a",
  "uri-reference": "/a",
  hostname: "example.com",
  ipv4: "192.0.2.1",
  ipv6: "2001:db8::1",
  duration: "P1D",
};

/** Second examples, so a pattern or length added on top of a format can be shown to reject one. */
const MORE_FORMAT_EXAMPLES: Record<string, readonly string[]> = {
  email: ["x@other.org", "first.last+tag@sub.example.net"],
  "date-time": ["1999-12-31T23:59:59.999+02:00"],
  uuid: ["5B4F1C0E-9C53-4D6F-8F4E-0D6E2F1B2A3C", "urn:uuid:5b4f1c0e-9c53-4d6f-8f4e-0d6e2f1b2a3c"],
  uri: ["urn:isbn:0451450523", "http://localhost:8080/a?b=c"],
  hostname: ["localhost", "a-very-long-host-name.example.org"],
};

/**
 * A value the conjunction certainly accepts and `wanted` holds for, or undefined when none was found.
 * Examples are what make a reason certain: every one is checked against the conjunction, never assumed.
 */
export function witness(conj: Conj, types: Set<FineType>, wanted: (value: unknown) => Truth, extra: readonly unknown[] = []): unknown {
  const candidates = [...extra, ...candidatesFor(conj, types)];
  for (const value of candidates) {
    if (!types.has(fineTypeOf(value))) continue;
    if (allTrue(conj.map((c) => evaluate(c, value))) === true && wanted(value) === true) return value;
  }
  return undefined;
}

/** Candidate values for examples, informed by the conjunction's own bounds and formats. */
function candidatesFor(conj: Conj, types: Set<FineType>): unknown[] {
  const out: unknown[] = [];
  if (types.has("null")) out.push(null);
  if (types.has("boolean")) out.push(true, false);
  if (types.has("integer") || types.has("fraction")) {
    const numbers = new Set<number>([0, 1, -1, 0.5, 1000, -1000, 1e9, 1e15, -1e15]);
    for (const c of conj) {
      for (const v of [c.minimum, c.maximum, c.exclusiveMinimum, c.exclusiveMaximum]) {
        if (v === undefined) continue;
        numbers.add(v);
        numbers.add(v + 1);
        numbers.add(v - 1);
        numbers.add(v + 0.5);
        numbers.add(v - 0.5);
      }
      if (c.multipleOf !== undefined) numbers.add(c.multipleOf);
    }
    for (const n of numbers) if (Number.isFinite(n) && types.has(Number.isInteger(n) ? "integer" : "fraction")) out.push(n);
  }
  if (types.has("string")) {
    const min = Math.max(0, ...conj.map((c) => c.minLength ?? 0));
    const max = Math.min(Infinity, ...conj.map((c) => c.maxLength ?? Infinity));
    const strings = new Set<string>(["", "a", "x", "0", "abc", "A", "-", " ", "a b", "abcdefghij", "a".repeat(Math.max(1, min))]);
    for (const n of [6, 11, 33, 65, 129, 257, 1025]) strings.add("a".repeat(n));
    if (Number.isFinite(max)) {
      strings.add("a".repeat(max));
      strings.add("0".repeat(max));
    }
    for (const c of conj) {
      if (c.format && FORMAT_EXAMPLES[c.format]) strings.add(FORMAT_EXAMPLES[c.format]!);
      for (const more of c.format ? MORE_FORMAT_EXAMPLES[c.format] ?? [] : []) strings.add(more);
    }
    for (const key of Object.keys(FORMAT_EXAMPLES)) strings.add(FORMAT_EXAMPLES[key]!);
    out.push(...strings);
  }
  if (types.has("array")) {
    out.push([]);
    const itemSchema = conj.find((c) => c.items !== undefined)?.items;
    const item = itemSchema === undefined || typeof itemSchema === "boolean" ? "a" : firstCandidate([itemSchema]);
    if (item !== undefined) out.push([item], [item, item]);
  }
  if (types.has("object")) {
    out.push({});
    const required = [...new Set(conj.flatMap((c) => c.required ?? []))];
    if (required.length > 0) {
      const object: Record<string, unknown> = {};
      for (const name of required) {
        const schemas = conj.map((c) => propertyOf(c, name)).filter((s): s is SchemaObject => typeof s === "object");
        object[name] = schemas.length > 0 ? firstCandidate(schemas) ?? "a" : "a";
      }
      out.push(object);
    }
  }
  return out;
}

/** One value the conjunction certainly accepts, from its enum or from shallow (non-container) candidates. */
export function firstCandidate(conj: Conj): unknown {
  const values = finiteValues(conj);
  if (values) return values[0];
  const types = typesOf(conj);
  const shallow = candidatesFor(
    conj.map((c) => ({ ...c, items: undefined, required: undefined })),
    new Set([...types].filter((t) => t !== "object" && t !== "array")),
  );
  return shallow.find((v) => allTrue(conj.map((c) => evaluate(c, v))) === true);
}
