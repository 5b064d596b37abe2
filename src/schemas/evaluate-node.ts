import { fullFormats } from "ajv-formats/dist/formats.js";
import { sameJson } from "./normalize-schema.js";
import type { JsonType, SchemaNode } from "./schema-node.js";

/** true, false, or undefined when the answer depends on something driftgate does not evaluate. */
export type Truth = boolean | undefined;

function and(values: Iterable<Truth>): Truth {
  let unknown = false;
  for (const v of values) {
    if (v === false) return false;
    if (v === undefined) unknown = true;
  }
  return unknown ? undefined : true;
}

function or(values: Iterable<Truth>): Truth {
  let unknown = false;
  for (const v of values) {
    if (v === true) return true;
    if (v === undefined) unknown = true;
  }
  return unknown ? undefined : false;
}

/** ajv's multipleOf with multipleOfPrecision 9 (see ajv-factory.ts). */
export function isMultipleOf(value: number, of: number): boolean {
  const division = value / of;
  return Math.abs(Math.round(division) - division) <= 1e-9;
}

export function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value as JsonType;
}

function hasType(value: unknown, types: readonly JsonType[]): boolean {
  const t = jsonTypeOf(value);
  return types.includes(t) || (t === "integer" && types.includes("number"));
}

export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

const regexCache = new Map<string, RegExp>();
export function regexOf(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    // ajv compiles patterns with the unicode flag; so must we, or "\p{L}" and friends disagree.
    re = new RegExp(pattern, "u");
    regexCache.set(pattern, re);
  }
  return re;
}

function checkFormat(format: string, value: unknown): Truth {
  const definition = (fullFormats as Record<string, unknown>)[format];
  if (definition === undefined) return undefined;
  if (definition === true) return true;
  const kind = definition && typeof definition === "object" && "type" in definition ? (definition as { type: string }).type : "string";
  if (kind === "number" ? typeof value !== "number" : typeof value !== "string") return true;
  if (definition instanceof RegExp) return definition.test(value as string);
  if (typeof definition === "function") return Boolean((definition as (v: unknown) => boolean)(value));
  const validate = (definition as { validate?: unknown }).validate;
  if (validate instanceof RegExp) return validate.test(value as string);
  if (typeof validate === "function") return Boolean((validate as (v: unknown) => boolean)(value));
  return undefined;
}

/**
 * Evaluates a normalised schema on one value, the way ajv would. Used to turn a suspected narrowing into
 * a concrete example and to judge enum values exactly. Three-valued: `unevaluated*` and unknown formats
 * give undefined, never a guess.
 */
export function evaluate(node: SchemaNode, value: unknown): Truth {
  if (typeof node === "boolean") return node;
  const checks: Truth[] = [];
  if (node.type && !hasType(value, node.type)) return false;
  if (node.enum && !node.enum.some((v) => sameJson(v, value))) return false;
  if (typeof value === "number") {
    if (node.minimum !== undefined && value < node.minimum) return false;
    if (node.maximum !== undefined && value > node.maximum) return false;
    if (node.exclusiveMinimum !== undefined && value <= node.exclusiveMinimum) return false;
    if (node.exclusiveMaximum !== undefined && value >= node.exclusiveMaximum) return false;
    if (node.multipleOf !== undefined && !isMultipleOf(value, node.multipleOf)) return false;
  }
  if (typeof value === "string") {
    if (node.minLength !== undefined || node.maxLength !== undefined) {
      const length = codePointLength(value);
      if (node.minLength !== undefined && length < node.minLength) return false;
      if (node.maxLength !== undefined && length > node.maxLength) return false;
    }
    if (node.pattern !== undefined && !regexOf(node.pattern).test(value)) return false;
  }
  if (node.format !== undefined) checks.push(checkFormat(node.format, value));
  if (Array.isArray(value)) {
    if (node.minItems !== undefined && value.length < node.minItems) return false;
    if (node.maxItems !== undefined && value.length > node.maxItems) return false;
    if (node.uniqueItems && value.some((v, i) => value.findIndex((w) => sameJson(v, w)) !== i)) return false;
    value.forEach((item, i) => {
      const prefix = node.prefixItems?.[i];
      if (prefix !== undefined) checks.push(evaluate(prefix, item));
      else if (node.items !== undefined) checks.push(evaluate(node.items, item));
    });
    if (node.contains !== undefined) {
      const results = value.map((item) => evaluate(node.contains!, item));
      const min = node.minContains ?? 1;
      const max = node.maxContains ?? Infinity;
      const yes = results.filter((r) => r === true).length;
      const maybe = results.filter((r) => r === undefined).length;
      if (yes > max || yes + maybe < min) return false;
      checks.push(maybe === 0 ? yes >= min && yes <= max : undefined);
    }
    if (node.unevaluatedItems !== undefined) checks.push(undefined);
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    const names = Object.keys(object);
    if (node.required?.some((name) => !(name in object))) return false;
    if (node.minProperties !== undefined && names.length < node.minProperties) return false;
    if (node.maxProperties !== undefined && names.length > node.maxProperties) return false;
    for (const name of names) {
      let matched = false;
      const property = node.properties?.[name];
      if (property !== undefined) {
        matched = true;
        checks.push(evaluate(property, object[name]));
      }
      for (const [pattern, schema] of Object.entries(node.patternProperties ?? {})) {
        if (regexOf(pattern).test(name)) {
          matched = true;
          checks.push(evaluate(schema, object[name]));
        }
      }
      if (!matched && node.additionalProperties !== undefined) checks.push(evaluate(node.additionalProperties, object[name]));
      if (node.propertyNames !== undefined) checks.push(evaluate(node.propertyNames, name));
    }
    for (const [name, deps] of Object.entries(node.dependentRequired ?? {})) {
      if (name in object && deps.some((d) => !(d in object))) return false;
    }
    for (const [name, schema] of Object.entries(node.dependentSchemas ?? {})) {
      if (name in object) checks.push(evaluate(schema, value));
    }
    if (node.unevaluatedProperties !== undefined) checks.push(undefined);
  }
  if (node.allOf) checks.push(and(node.allOf.map((n) => evaluate(n, value))));
  if (node.anyOf) checks.push(or(node.anyOf.map((n) => evaluate(n, value))));
  if (node.oneOf) {
    const results = node.oneOf.map((n) => evaluate(n, value));
    const yes = results.filter((r) => r === true).length;
    const maybe = results.some((r) => r === undefined);
    checks.push(yes > 1 ? false : maybe ? undefined : yes === 1);
  }
  if (node.not !== undefined) {
    const inner = evaluate(node.not, value);
    checks.push(inner === undefined ? undefined : !inner);
  }
  if (node.if !== undefined) {
    const condition = evaluate(node.if, value);
    const then = node.then === undefined ? true : evaluate(node.then, value);
    const otherwise = node.else === undefined ? true : evaluate(node.else, value);
    checks.push(condition === undefined ? (then === otherwise ? then : undefined) : condition ? then : otherwise);
  }
  return and(checks);
}
