/**
 * Judges a column (or domain, or attribute) type change by one question: does every value a write stores
 * in SOURCE still fit in TARGET?
 * - widened: yes, and it is stored alike (int -> bigint, varchar(32) -> varchar(64));
 * - changed: it usually fits but may be stored or interpreted differently (timestamp -> timestamptz, scale cut);
 * - narrowed: some or all values are rejected (bigint -> int, varchar(64) -> varchar(32), text -> uuid).
 */
export type TypeChangeKind = "same" | "widened" | "changed" | "narrowed";

export interface TypeChange {
  readonly kind: TypeChangeKind;
  /** Why, in one clause, e.g. "TARGET allows at most 32 characters, SOURCE 64". */
  readonly reason: string;
}

interface ParsedType {
  readonly base: string;
  /** Type modifiers, e.g. [10, 2] for numeric(10,2); empty when unconstrained. */
  readonly mods: readonly number[];
  readonly array: boolean;
  readonly raw: string;
}

const INTEGER_RANK: Record<string, number> = { smallint: 0, integer: 1, bigint: 2 };
const INTEGER_DIGITS: Record<string, number> = { smallint: 5, integer: 10, bigint: 19 };
const TIMESTAMP_CUTS: Record<string, string> = {
  "timestamp without time zone -> date": "date",
  "timestamp with time zone -> date": "date",
  "timestamp without time zone -> time without time zone": "time of day",
  "timestamp with time zone -> time without time zone": "time of day",
  "timestamp with time zone -> time with time zone": "time of day",
};
/** The longest text form of a type's values, where it does not depend on settings. */
const TEXT_WIDTH: Record<string, number> = { smallint: 6, integer: 11, bigint: 20, boolean: 5, uuid: 36 };
const LENGTH_TYPES = new Set(["character varying", "character", "bit", "bit varying"]);
/** Types whose modifier is a fractional-seconds precision (6 when absent). */
const PRECISION_TYPES = new Set([
  "timestamp without time zone",
  "timestamp with time zone",
  "time without time zone",
  "time with time zone",
  "interval",
]);
const UNBOUNDED_TEXT = (t: ParsedType) => t.base === "text" || (t.base === "character varying" && t.mods.length === 0);
const STRINGY = (t: ParsedType) => t.base === "text" || t.base === "character varying" || t.base === "character";

export function parseType(raw: string): ParsedType {
  let rest = raw.trim();
  let array = false;
  while (rest.endsWith("[]")) {
    array = true;
    rest = rest.slice(0, -2).trimEnd();
  }
  const match = /^([^()]*?)\s*(?:\(([\d,\s]+)\))?([^()]*)$/.exec(rest);
  if (!match) return { base: rest, mods: [], array, raw };
  const base = `${match[1] ?? ""}${match[3] ?? ""}`.replace(/\s+/g, " ").trim();
  const mods = match[2] ? match[2].split(",").map((m) => Number(m.trim())) : [];
  return { base: base === "bpchar" ? "character" : base, mods, array, raw };
}

/** A reason as the start of a sentence. */
export function sentence(reason: string): string {
  return `${reason.charAt(0).toUpperCase()}${reason.slice(1)}${reason.endsWith(".") ? "" : "."}`;
}

export function classifyTypeChange(sourceType: string, targetType: string): TypeChange {
  if (sourceType === targetType) return { kind: "same", reason: "same type" };
  const s = parseType(sourceType);
  const t = parseType(targetType);
  if (s.array !== t.array) {
    return { kind: "narrowed", reason: s.array ? "TARGET is not an array type" : "TARGET is an array type" };
  }
  if (s.base === t.base) return sameBase(s, t);
  return differentBase(s, t);
}

function sameBase(s: ParsedType, t: ParsedType): TypeChange {
  if (LENGTH_TYPES.has(s.base)) {
    const sl = s.mods[0] ?? Infinity;
    const tl = t.mods[0] ?? Infinity;
    if (tl === sl) return { kind: "same", reason: "same length" };
    return tl > sl
      ? { kind: "widened", reason: `TARGET allows ${limit(tl)}, SOURCE ${limit(sl)}` }
      : { kind: "narrowed", reason: `TARGET allows ${limit(tl)}, SOURCE ${limit(sl)}: longer values are rejected` };
  }
  if (s.base === "numeric") return numericChange(s.mods, t.mods);
  if (PRECISION_TYPES.has(s.base)) {
    const sp = s.mods[0] ?? 6;
    const tp = t.mods[0] ?? 6;
    if (tp === sp) return { kind: "same", reason: "same precision" };
    return tp > sp
      ? { kind: "widened", reason: `TARGET keeps ${tp} fractional digits, SOURCE ${sp}` }
      : { kind: "changed", reason: `TARGET rounds to ${tp} fractional digits, SOURCE keeps ${sp}` };
  }
  return { kind: "changed", reason: `type modifiers differ (${s.raw} vs ${t.raw})` };
}

function numericChange(sm: readonly number[], tm: readonly number[]): TypeChange {
  if (tm.length === 0) return sm.length === 0 ? { kind: "same", reason: "same" } : { kind: "widened", reason: "TARGET numeric is unconstrained" };
  if (sm.length === 0) return { kind: "narrowed", reason: `TARGET limits numeric to precision ${tm[0]}, SOURCE is unconstrained` };
  const [sp = 0, ss = 0] = sm;
  const [tp = 0, ts = 0] = tm;
  if (tp - ts < sp - ss) {
    return { kind: "narrowed", reason: `TARGET allows ${tp - ts} digits before the decimal point, SOURCE ${sp - ss}: larger values overflow` };
  }
  if (ts < ss) return { kind: "changed", reason: `TARGET rounds to ${ts} decimal places, SOURCE keeps ${ss}` };
  return { kind: "widened", reason: `TARGET numeric(${tp},${ts}) holds every numeric(${sp},${ss}) value` };
}

function differentBase(s: ParsedType, t: ParsedType): TypeChange {
  const sr = INTEGER_RANK[s.base];
  const tr = INTEGER_RANK[t.base];
  if (sr !== undefined && tr !== undefined) {
    return tr > sr
      ? { kind: "widened", reason: `${t.base} holds every ${s.base} value` }
      : { kind: "narrowed", reason: `${t.base} is narrower than ${s.base}: larger values overflow` };
  }
  if (sr !== undefined && t.base === "numeric") {
    const digits = INTEGER_DIGITS[s.base] ?? 19;
    const [tp, ts = 0] = t.mods;
    if (tp === undefined || tp - ts >= digits) return { kind: "widened", reason: `${t.raw} holds every ${s.base} value` };
    return { kind: "narrowed", reason: `${t.raw} allows ${tp - ts} integer digits, ${s.base} needs ${digits}` };
  }
  if (s.base === "numeric" && tr !== undefined) {
    return { kind: "narrowed", reason: `${t.base} rounds fractions away and rejects values beyond its range` };
  }
  if (s.base === "real" && t.base === "double precision") return { kind: "widened", reason: "double precision holds every real value" };
  if ((s.base === "smallint" || s.base === "integer") && t.base === "double precision") {
    return { kind: "widened", reason: `double precision holds every ${s.base} value exactly` };
  }
  if (isNumber(s.base) && isNumber(t.base)) {
    return { kind: "changed", reason: `${t.base} stores ${s.base} values with different precision or range` };
  }
  if (UNBOUNDED_TEXT(t) && STRINGY(s)) {
    return s.base === "character"
      ? { kind: "changed", reason: "character(n) pads with spaces and compares ignoring them; TARGET does not" }
      : { kind: "widened", reason: `${t.raw} accepts any string` };
  }
  if (STRINGY(s) && STRINGY(t)) {
    // character without a length is character(1); varchar and text without one take any length
    const tl = t.base === "character" ? (t.mods[0] ?? 1) : (t.mods[0] ?? Infinity);
    const sl = s.base === "character" ? (s.mods[0] ?? 1) : (s.mods[0] ?? Infinity);
    return tl >= sl
      ? { kind: "changed", reason: "blank-padding semantics differ between character and varchar/text" }
      : { kind: "narrowed", reason: `TARGET allows ${limit(tl)}, SOURCE ${limit(sl)}: longer values are rejected` };
  }
  const zones = new Set([s.base, t.base]);
  if (
    (zones.has("timestamp without time zone") && zones.has("timestamp with time zone")) ||
    (zones.has("time without time zone") && zones.has("time with time zone"))
  ) {
    return { kind: "changed", reason: "values without a zone are interpreted in the session TimeZone on one side only" };
  }
  // PostgreSQL's assignment casts (pg_cast) take a timestamp into a date or a time column: the write
  // succeeds and TARGET keeps only part of the value.
  const cut = TIMESTAMP_CUTS[`${s.base} -> ${t.base}`];
  if (cut) return { kind: "changed", reason: `TARGET keeps only the ${cut} of each value` };
  if (s.base === "date" && t.base.startsWith("timestamp")) {
    return { kind: "changed", reason: `${t.base} accepts dates but stores a time of day` };
  }
  if (zones.has("json") && zones.has("jsonb")) {
    return { kind: "changed", reason: "jsonb rejects \\u0000 and drops duplicate keys and formatting that json keeps" };
  }
  if (UNBOUNDED_TEXT(t)) return { kind: "changed", reason: `${t.raw} accepts the text form of ${s.raw}, but compares and sorts it as text` };
  // A typed value is stored in a string column through its text form (an assignment cast), so a bounded
  // string column wide enough for the longest text form still accepts every value.
  const width = TEXT_WIDTH[s.base];
  if (width !== undefined && (t.base === "character varying" || t.base === "character") && (t.mods[0] ?? 1) >= width) {
    return { kind: "changed", reason: `${t.raw} holds the text form of every ${s.base} value (at most ${width} characters), but compares and sorts it as text` };
  }
  if (STRINGY(s)) return { kind: "narrowed", reason: `TARGET parses the text as ${t.raw}: values that are not valid ${t.raw} are rejected` };
  return { kind: "narrowed", reason: `${t.raw} does not accept ${s.raw} values` };
}

function isNumber(base: string): boolean {
  return base in INTEGER_RANK || base === "numeric" || base === "real" || base === "double precision" || base === "money";
}

function limit(length: number): string {
  return length === Infinity ? "any length" : `${length} characters`;
}
