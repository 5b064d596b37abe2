import type { Severity } from "../model/finding.js";
import type { SettingPair } from "./setting-pairs.js";

export type SettingRule =
  | "setting-read-only"
  | "setting-timeout-lowered"
  | "setting-search-path-changed"
  | "setting-write-semantics-changed"
  | "setting-changed";

export interface SettingJudgement {
  readonly rule: SettingRule;
  readonly severity: Severity;
  readonly why: string;
}

const TIMEOUTS = new Set(["statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout", "transaction_timeout", "idle_session_timeout"]);

/** Settings that change how a write is parsed, checked or committed: a difference may make one fail. */
const WRITE_SEMANTICS: Record<string, string> = {
  session_replication_role: "\"replica\" skips ordinary triggers and foreign-key checks; \"origin\" runs them: writes are validated differently",
  default_transaction_isolation: "under serializable or repeatable read, concurrent writes fail with serialization errors that read committed never raises",
  row_security: "with row_security off, a query that row security would filter fails with an error instead",
  standard_conforming_strings: "string literals containing backslashes are read differently",
  backslash_quote: "string literals with \\' are accepted or rejected differently",
  datestyle: "ambiguous date input such as 01/02/2024 is read as another date, or rejected",
  intervalstyle: "interval input is read differently",
  timezone: "timestamps written without a zone are interpreted in another zone",
  client_encoding: "text is converted from another client encoding: characters may be rejected or altered",
  array_nulls: "the unquoted word NULL in array input becomes a string on one side",
  transform_null_equals: "expr = NULL is read as expr IS NULL on one side only",
  default_transaction_deferrable: "serializable read-only transactions wait differently",
  check_function_bodies: "CREATE FUNCTION in a deploy validates bodies on one side only",
};

const TRUE = new Set(["on", "true", "yes", "1"]);

export function judgeSetting(pair: SettingPair): SettingJudgement | undefined {
  const name = pair.name.toLowerCase();
  if (sameValue(pair.source, pair.target)) return undefined;
  if (name === "default_transaction_read_only") {
    const s = TRUE.has((pair.source ?? "off").toLowerCase());
    const t = TRUE.has((pair.target ?? "off").toLowerCase());
    if (s === t) return undefined;
    return t
      ? { rule: "setting-read-only", severity: "breaking", why: "Every transaction in TARGET starts read-only: every write fails with \"cannot execute ... in a read-only transaction\"." }
      : { rule: "setting-changed", severity: "info", why: "TARGET allows writes that SOURCE's read-only default would refuse." };
  }
  if (TIMEOUTS.has(name)) {
    const s = milliseconds(pair.source ?? "0");
    const t = milliseconds(pair.target ?? "0");
    if (s !== undefined && t !== undefined) {
      if (s === t) return undefined;
      if (t > 0 && (s === 0 || t < s)) {
        return {
          rule: "setting-timeout-lowered",
          severity: "risky",
          why: `TARGET cancels after ${describeMs(t)} what SOURCE allows ${s === 0 ? "without limit" : `for ${describeMs(s)}`}: slow writes or lock waits that succeed in SOURCE may be cancelled.`,
        };
      }
      return { rule: "setting-changed", severity: "info", why: "TARGET's limit is higher (or none): nothing that finishes in SOURCE is cancelled by it." };
    }
  }
  if (name === "search_path") {
    return {
      rule: "setting-search-path-changed",
      severity: "risky",
      why: "Unqualified names in writes, defaults and functions resolve through other schemas: they may find other objects or none.",
    };
  }
  const semantics = WRITE_SEMANTICS[name];
  if (semantics) return { rule: "setting-write-semantics-changed", severity: "risky", why: `In TARGET ${semantics}.` };
  return { rule: "setting-changed", severity: "info", why: "This setting does not decide whether a write succeeds." };
}

function sameValue(a: string | undefined, b: string | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  const norm = (v: string) => {
    const lower = v.trim().toLowerCase().replace(/\s*,\s*/g, ",");
    if (TRUE.has(lower)) return "on";
    if (["off", "false", "no", "0"].includes(lower)) return "off";
    const q = quantity(lower);
    return q === undefined ? lower : `#${q}`;
  };
  return norm(a) === norm(b);
}

const TIME_UNITS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };
const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4 };

/** A number with an optional unit, in base units (ms or bytes); undefined if it is not one. */
function quantity(value: string): number | undefined {
  const m = /^(-?\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? "").toLowerCase();
  const factor = unit === "" ? 1 : (TIME_UNITS[unit] ?? SIZE_UNITS[unit]);
  return factor === undefined ? undefined : Number(m[1]) * factor;
}

/** Timeouts typed without a unit are milliseconds. */
function milliseconds(value: string): number | undefined {
  const m = /^(-?\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  if (!m) return undefined;
  const factor = TIME_UNITS[(m[2] || "ms").toLowerCase()];
  return factor === undefined ? undefined : Number(m[1]) * factor;
}

function describeMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
