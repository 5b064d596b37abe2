import { findingId } from "../diff/finding-id.js";
import type { Finding } from "../model/finding.js";
import { PROBE_RULE } from "../model/finding-kinds.js";
import { locationText, probeErrorText, type ProbeResult } from "./probe-result.js";

export { PROBE_RULE };

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
