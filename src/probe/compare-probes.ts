import { findingId } from "../model/finding-id.js";
import type { Finding } from "../model/finding.js";
import { PROBE_NOT_COMPARED_RULE, PROBE_RULE } from "../model/finding-kinds.js";
import { locationText, probeErrorText, type ProbeResult } from "../model/probe-result.js";

export { PROBE_NOT_COMPARED_RULE, PROBE_RULE };

export interface CompareProbesOptions {
  /** The probed table as printed in findings, e.g. public.applications. */
  readonly table: string;
}

/**
 * Findings for `check --probe`: every document SOURCE accepted and TARGET rejected is a write that works
 * today and fails after the deploy, reported with TARGET's own error. A document both reject says nothing
 * about drift, and one only SOURCE rejects cannot break a write that works, so neither is reported.
 * Both lists must come from the same documents in the same order.
 */
export function compareProbes(sourceResults: readonly ProbeResult[], targetResults: readonly ProbeResult[], options: CompareProbesOptions): Finding[] {
  if (sourceResults.length !== targetResults.length) {
    throw new Error(`probe results differ in length (${sourceResults.length} in SOURCE, ${targetResults.length} in TARGET): not the same documents`);
  }
  const findings: Finding[] = [];
  sourceResults.forEach((source, i) => {
    const target = targetResults[i]!;
    if (source.source !== target.source || source.line !== target.line) {
      throw new Error(`probe results are not aligned at ${locationText(source)} / ${locationText(target)}`);
    }
    if (source.outcome !== "accepted" || target.outcome !== "rejected") return;
    const where = locationText(source);
    const error = target.error;
    findings.push({
      id: findingId(PROBE_RULE, options.table, `${where}\u0000${error.sqlstate}\u0000${error.constraint ?? ""}\u0000${error.column ?? ""}`),
      rule: PROBE_RULE,
      severity: "breaking",
      objectKind: "table",
      object: options.table,
      message: `document ${where} is accepted by SOURCE and rejected by TARGET: ${probeErrorText(error)}`,
      why: "A trial write of this document succeeds in SOURCE and fails in TARGET with the error above: after the deploy the application's write of it fails the same way.",
      source: "accepted",
      target: `rejected: ${probeErrorText(error)}${error.detail ? `; ${error.detail}` : ""}`,
    });
  });
  return findings;
}

/**
 * The finding for a probed table that one store lacks. Missing in TARGET is breaking: the application's
 * writes to it work in SOURCE and every one fails in TARGET (42P01), whatever the documents hold. Missing in
 * SOURCE is risky, not bad input and not silence: the pair is valid and the table real (TARGET has it), but
 * nothing validated in SOURCE writes to it, so the probe the user asked for compared nothing; it is shown,
 * with TARGET's own counts, so that a swapped pair or a table not yet created in SOURCE is noticed.
 */
export function tableMissingFinding(missingIn: "SOURCE" | "TARGET", table: string, present: readonly ProbeResult[]): Finding {
  const accepted = present.filter((r) => r.outcome === "accepted").length;
  const counts = `${present.length} document${present.length === 1 ? "" : "s"}, ${accepted} accepted, ${present.length - accepted} rejected`;
  if (missingIn === "TARGET") {
    return {
      id: findingId(PROBE_RULE, table, "\u0000table-missing"),
      rule: PROBE_RULE,
      severity: "breaking",
      objectKind: "table",
      object: table,
      message: `table ${table} does not exist in TARGET: the ${accepted} of ${present.length} probed documents SOURCE accepts, and every other write to it, fail there (relation does not exist, SQLSTATE 42P01)`,
      why: "The documents are written to a table that SOURCE has and TARGET lacks: after the deploy every write of them fails.",
      source: `table exists; ${counts}`,
      target: "table does not exist",
    };
  }
  return {
    id: findingId(PROBE_NOT_COMPARED_RULE, table, "\u0000table-missing"),
    rule: PROBE_NOT_COMPARED_RULE,
    severity: "risky",
    objectKind: "table",
    object: table,
    message: `table ${table} does not exist in SOURCE, so the documents could not be tried there and nothing was compared (TARGET: ${counts})`,
    why: "No write validated in SOURCE goes to this table, so the probe cannot show a write that works today and fails after the deploy; check that SOURCE and TARGET are the right way round, or probe TARGET alone with driftgate probe.",
    source: "table does not exist",
    target: `table exists; ${counts}`,
  };
}

/**
 * SOURCE rejected every document: no write that works today was tried, so no drift could show, whatever
 * TARGET does. That is most often the probe's own setup (a read-only or unprivileged login without
 * --as-role, the wrong table), and a gate that passes on it would pass on anything; so it is risky, with
 * SOURCE's first error to show why.
 */
export function nothingAcceptedFinding(table: string, sourceResults: readonly ProbeResult[], targetResults: readonly ProbeResult[]): Finding | null {
  if (sourceResults.length === 0 || sourceResults.some((r) => r.outcome === "accepted")) return null;
  const first = sourceResults[0]!;
  const error = first.outcome === "rejected" ? probeErrorText(first.error) : "";
  return {
    id: findingId(PROBE_NOT_COMPARED_RULE, table, "\u0000none-accepted"),
    rule: PROBE_NOT_COMPARED_RULE,
    severity: "risky",
    objectKind: "table",
    object: table,
    message: `SOURCE rejected all ${sourceResults.length} probed document${sourceResults.length === 1 ? "" : "s"} (first, ${locationText(first)}: ${error}), so the probe compared nothing`,
    why: "The probe reports documents SOURCE accepts and TARGET rejects; with none accepted in SOURCE it cannot show any drift. Probe as the role the application writes as (--as-role) and with documents SOURCE takes.",
    source: `0 accepted, ${sourceResults.length} rejected`,
    target: `${targetResults.filter((r) => r.outcome === "accepted").length} accepted, ${targetResults.filter((r) => r.outcome === "rejected").length} rejected`,
  };
}
