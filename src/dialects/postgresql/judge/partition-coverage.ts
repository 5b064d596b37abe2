import type { SnapshotContent, Table } from "../model/snapshot.js";
import { relationName } from "./object-names.js";

/**
 * Whether the rows a SOURCE partition bound admits find a partition in TARGET. PostgreSQL rejects a row
 * no partition (and no DEFAULT partition) accepts with "no partition of relation ... found for row", so
 * "uncovered" means some write that succeeds in SOURCE fails in TARGET whatever else the data holds.
 * Bounds are compared as pg_get_expr(relpartbound) prints them; where a comparison cannot be proven
 * (multi-column ranges, literals of types without a known order) the answer is "unknown".
 */
export type Coverage = "covered" | "uncovered" | "unknown";

/** The partitions of a partitioned table in one snapshot. */
export function partitionsOf(content: SnapshotContent, parent: Pick<Table, "schema" | "name">): Table[] {
  const name = relationName(parent);
  return content.tables.filter((t) => t.kind === "partition" && t.partitionOf === name);
}

/**
 * Whether a partitioned table's key is one numeric column: PostgreSQL prints some numeric and bigint
 * bounds quoted ('100'), so quoted numbers compare as numbers only then (for a text key '100' < '9').
 */
export function numericKey(parent: Table): boolean {
  const m = /^(?:RANGE|LIST) \(("?)([^",()]+)\1\)$/.exec(parent.partitionKey ?? "");
  const column = m ? parent.columns.find((c) => c.name === m[2]) : undefined;
  return column !== undefined && /^(smallint|integer|bigint|numeric(\(.*\))?)$/.test(column.type);
}

/** Coverage of `bound` (a SOURCE partition's) by the bounds of TARGET's partitions of the same parent, partitioned by the same key. */
export function coverage(bound: string, targetBounds: readonly string[], numeric = false): Coverage {
  if (targetBounds.length === 0) return "uncovered";
  if (targetBounds.some((b) => b.trim().toUpperCase() === "DEFAULT")) return "covered";
  if (targetBounds.includes(bound)) return "covered";
  const source = parseBound(bound);
  if (source === null) return "unknown";
  const targets = targetBounds.map(parseBound);
  switch (source.kind) {
    case "list":
      return listCoverage(source.values, targets);
    case "range":
      return rangeCoverage(source, targets, numeric);
    case "hash":
      return hashCoverage(source, targets);
    default:
      // A SOURCE DEFAULT partition takes whatever its siblings do not: what that is cannot be told from bounds alone.
      return "unknown";
  }
}

type Value = { readonly kind: "min" } | { readonly kind: "max" } | { readonly kind: "null" } | { readonly kind: "literal"; readonly text: string; readonly quoted: boolean };
type Bound =
  | { readonly kind: "default" }
  | { readonly kind: "list"; readonly values: readonly Value[] }
  | { readonly kind: "range"; readonly from: readonly Value[]; readonly to: readonly Value[] }
  | { readonly kind: "hash"; readonly modulus: number; readonly remainder: number };

function parseBound(text: string): Bound | null {
  const t = text.trim();
  if (/^DEFAULT$/i.test(t)) return { kind: "default" };
  let m = /^FOR VALUES IN \(([\s\S]*)\)$/i.exec(t);
  if (m) {
    const values = parseValues(m[1]!);
    return values ? { kind: "list", values } : null;
  }
  m = /^FOR VALUES FROM \(([\s\S]*)\) TO \(([\s\S]*)\)$/i.exec(t);
  if (m) {
    const from = parseValues(m[1]!);
    const to = parseValues(m[2]!);
    return from && to ? { kind: "range", from, to } : null;
  }
  m = /^FOR VALUES WITH \(modulus (\d+), remainder (\d+)\)$/i.exec(t);
  if (m) return { kind: "hash", modulus: Number(m[1]), remainder: Number(m[2]) };
  return null;
}

/** A comma-separated list of constants: 'quoted' (with '' for a quote), numbers, true/false, NULL, MINVALUE, MAXVALUE. */
function parseValues(text: string): Value[] | null {
  const out: Value[] = [];
  let i = 0;
  const skip = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  for (;;) {
    skip();
    if (text[i] === "'") {
      let j = i + 1;
      let value = "";
      for (;;) {
        if (j >= text.length) return null;
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += text[j];
        j++;
      }
      out.push({ kind: "literal", text: value, quoted: true });
      i = j + 1;
    } else {
      const m = /^(-?\d+(?:\.\d+)?|true|false|NULL|MINVALUE|MAXVALUE)/i.exec(text.slice(i));
      if (!m) return null;
      const word = m[1]!.toUpperCase();
      out.push(word === "MINVALUE" ? { kind: "min" } : word === "MAXVALUE" ? { kind: "max" } : word === "NULL" ? { kind: "null" } : { kind: "literal", text: m[1]!, quoted: false });
      i += m[1]!.length;
    }
    skip();
    if (i >= text.length) return out;
    if (text[i] !== ",") return null;
    i++;
  }
}

const NUMBER = /^-?\d+(?:\.\d+)?$/;
/** Dates and timestamps as PostgreSQL prints them (ISO DateStyle): same shape compares as text. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}:\d{2}(?:\.\d+)?)?(?:[+-]\d{2}(?::\d{2})?)?$/;

function equalValues(a: Value, b: Value): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind !== "literal" || b.kind !== "literal") return true;
  if (a.text === b.text && a.quoted === b.quoted) return true;
  return (!a.quoted || !b.quoted) && NUMBER.test(a.text) && NUMBER.test(b.text) && Number(a.text) === Number(b.text);
}

/** -1, 0, 1, or null when the two cannot be ordered without knowing the type. */
function compareValues(a: Value, b: Value, numeric: boolean): number | null {
  if (a.kind === "null" || b.kind === "null") return null;
  if (a.kind === b.kind && (a.kind === "min" || a.kind === "max")) return 0;
  if (a.kind === "min" || b.kind === "max") return -1;
  if (a.kind === "max" || b.kind === "min") return 1;
  if (a.kind !== "literal" || b.kind !== "literal") return null;
  // An unquoted number means a numeric key; quoted ones may be text, unless the key is known numeric.
  if ((numeric || !a.quoted || !b.quoted) && NUMBER.test(a.text) && NUMBER.test(b.text)) {
    const x = Number(a.text);
    const y = Number(b.text);
    // Past 2^53 doubles lose digits; integers still compare exactly as BigInt.
    if (!Number.isSafeInteger(x) || !Number.isSafeInteger(y)) {
      if (/^-?\d+$/.test(a.text) && /^-?\d+$/.test(b.text)) return Math.sign(Number(BigInt(a.text) - BigInt(b.text)));
    }
    return Math.sign(x - y);
  }
  if (a.quoted && b.quoted && ISO_TIME.test(a.text) && ISO_TIME.test(b.text) && sameShape(a.text, b.text)) {
    return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
  }
  return null;
}

/** Same length and the same time zone suffix: then text order is time order. */
function sameShape(a: string, b: string): boolean {
  const zone = (s: string) => /[+-]\d{2}(?::\d{2})?$/.exec(s.length > 10 ? s.slice(10) : "")?.[0] ?? "";
  return a.length === b.length && zone(a) === zone(b);
}

function listCoverage(values: readonly Value[], targets: readonly (Bound | null)[]): Coverage {
  const lists = targets.filter((t): t is Extract<Bound, { kind: "list" }> => t?.kind === "list");
  const provable = lists.length === targets.length;
  for (const value of values) {
    if (lists.some((l) => l.values.some((v) => equalValues(v, value)))) continue;
    // A value no TARGET list names: a row with that key has nowhere to go, if every TARGET bound was read.
    return provable ? "uncovered" : "unknown";
  }
  return "covered";
}

function rangeCoverage(source: Extract<Bound, { kind: "range" }>, targets: readonly (Bound | null)[], numeric: boolean): Coverage {
  // One bare number anywhere means the key is numeric (PostgreSQL quotes text bounds always).
  const bare = [source, ...targets].some((t) => t?.kind === "range" && [...t.from, ...t.to].some((v) => v.kind === "literal" && !v.quoted && NUMBER.test(v.text)));
  const compare = (a: Value, b: Value) => compareValues(a, b, numeric || bare);
  if (source.from.length !== 1 || source.to.length !== 1) return "unknown";
  const ranges = targets.filter((t): t is Extract<Bound, { kind: "range" }> => t?.kind === "range" && t.from.length === 1 && t.to.length === 1);
  const provable = ranges.length === targets.length;
  // Sweep from SOURCE's lower bound: `reached` is the least value not yet known to be covered.
  let reached: Value = source.from[0]!;
  const end = source.to[0]!;
  for (let progress = true; progress; ) {
    progress = false;
    const done = compare(reached, end);
    if (done === null) return "unknown";
    if (done >= 0) return "covered";
    for (const r of ranges) {
      const startsBefore = compare(r.from[0]!, reached);
      const endsAfter = compare(r.to[0]!, reached);
      if (startsBefore === null || endsAfter === null) {
        if (provable) return "unknown";
        continue;
      }
      if (startsBefore <= 0 && endsAfter > 0) {
        reached = r.to[0]!;
        progress = true;
      }
    }
  }
  // `reached` is a value (or below every bound, for MINVALUE) inside SOURCE's range that no TARGET range holds.
  return provable ? "uncovered" : "unknown";
}

function hashCoverage(source: Extract<Bound, { kind: "hash" }>, targets: readonly (Bound | null)[]): Coverage {
  const hashes = targets.filter((t): t is Extract<Bound, { kind: "hash" }> => t?.kind === "hash");
  if (hashes.length !== targets.length || source.modulus <= 0) return "unknown";
  // PostgreSQL makes every modulus a factor of the next larger one, so the largest is a common multiple.
  const all = Math.max(source.modulus, ...hashes.map((h) => h.modulus));
  if (all > 1_000_000 || hashes.some((h) => h.modulus <= 0 || all % h.modulus !== 0) || all % source.modulus !== 0) return "unknown";
  for (let residue = source.remainder; residue < all; residue += source.modulus) {
    if (!hashes.some((h) => residue % h.modulus === h.remainder)) return "uncovered";
  }
  return "covered";
}
