import { describe, expect, it } from "vitest";
import { buildCheckReport } from "../../../src/gate/build-check-report.js";
import { checkChanged, commentChanged, insertRevoked, notNullWithoutDefault, pair } from "../report/sample-findings.js";

/** The gate writes "blocks" onto every finding once; reporters only read it (none imports the gate). */
describe("the blocking decision on the report", () => {
  const findings = [notNullWithoutDefault, insertRevoked, checkChanged, commentChanged];
  const waiver = { rule: insertRevoked.rule, object: insertRevoked.object, reason: "granted in the deploy", owner: "data", expires: "2099-01-01" };
  const decided = (command: "check" | "diff", failOn: "breaking" | "risky" | "info" | "never") =>
    buildCheckReport({ command, failOn, today: "2025-03-01", pairs: [pair(findings)], waivers: [waiver] }).pairs[0]!.findings.map((f) => [f.rule, f.blocking]);

  it.each([
    ["breaking", ["column-not-null-added"]],
    ["risky", ["column-not-null-added", "check-constraint-changed"]],
    ["info", ["column-not-null-added", "check-constraint-changed", "comment-changed"]],
    ["never", []],
  ] as const)("check --fail-on %s: what blocks, a waived finding never", (failOn, blocking) => {
    expect(decided("check", failOn).filter(([, b]) => b).map(([rule]) => rule)).toEqual(blocking);
  });

  it("diff never gates: no finding blocks", () => {
    expect(decided("diff", "info").every(([, b]) => b === false)).toBe(true);
  });

  it("a finding carried over from another report is decided again at the new threshold", () => {
    const first = buildCheckReport({ command: "check", failOn: "breaking", today: "2025-03-01", pairs: [pair([checkChanged])], waivers: [] });
    expect(first.pairs[0]!.findings[0]!.blocking).toBe(false);
    const again = buildCheckReport({ command: "check", failOn: "risky", today: "2025-03-01", pairs: [pair([...first.pairs[0]!.findings])], waivers: [] });
    expect(again.pairs[0]!.findings[0]!.blocking).toBe(true);
  });
});
