import type { ExpiredWaiver, WaiverOutcome } from "../model/check-report.js";
import type { Finding, Waiver } from "../model/finding.js";

export interface WaivedPairs {
  /** The same findings in the same order, with `waived` set where an in-date waiver matched. */
  readonly pairs: readonly (readonly Finding[])[];
  readonly outcome: WaiverOutcome;
}

/**
 * Marks findings covered by a waiver. Pure: `today` (YYYY-MM-DD, UTC) is passed in so expiry is testable
 * and one run uses one date throughout. A waiver covers its expiry day and stops the day after; an expired
 * waiver waives nothing and is reported with what it would have matched, so the reader sees the drift
 * come back and why. Waivers are checked across every pair before one is called unused, because the same
 * file serves test->staging and staging->prod.
 */
export function applyWaivers(pairs: readonly (readonly Finding[])[], waivers: readonly Waiver[], today: string): WaivedPairs {
  const compiled = waivers.map((waiver) => ({ waiver, pattern: globToRegExp(waiver.object), expired: waiver.expires < today }));
  const matched = compiled.map(() => [] as string[]);
  const out = pairs.map((findings) =>
    findings.map((finding) => {
      let waivedBy: Waiver | undefined;
      compiled.forEach((entry, index) => {
        if (entry.waiver.rule !== finding.rule || !entry.pattern.test(finding.object)) return;
        matched[index]!.push(finding.id);
        // The first in-date waiver in file order is the one reported; later ones still count as used.
        if (!entry.expired && waivedBy === undefined) waivedBy = entry.waiver;
      });
      return waivedBy === undefined ? withoutWaiver(finding) : { ...finding, waived: waivedBy };
    }),
  );
  const expired: ExpiredWaiver[] = [];
  const unused: Waiver[] = [];
  compiled.forEach((entry, index) => {
    const ids = [...new Set(matched[index])];
    if (entry.expired) expired.push({ waiver: entry.waiver, matches: ids });
    else if (ids.length === 0) unused.push(entry.waiver);
  });
  return { pairs: out, outcome: { expired, unused } };
}

/** "*" matches any run of characters (dots and quotes included); everything else is literal. */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}$`, "s");
}

// A finding that arrives already marked (e.g. re-judged from a saved report) must not stay waived by a
// waiver that is no longer in the file.
function withoutWaiver(finding: Finding): Finding {
  if (finding.waived === undefined) return finding;
  const { waived: _dropped, ...rest } = finding;
  return rest;
}
