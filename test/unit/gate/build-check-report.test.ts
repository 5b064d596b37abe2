import { describe, expect, it } from "vitest";
import { buildCheckReport, type BuildReportInput } from "../../../src/gate/build-check-report.js";
import { exitCodeFor } from "../../../src/gate/exit-code-for.js";
import type { FailOn } from "../../../src/model/check-report.js";
import { checkChanged, commentChanged, insertRevoked, notNullWithoutDefault, pair } from "../report/sample-findings.js";

const base: BuildReportInput = { command: "check", failOn: "breaking", pairs: [], waivers: [], today: "2025-01-01" };

describe("buildCheckReport", () => {
  it("orders findings most severe first, then by object, whatever order the judge used", () => {
    const report = buildCheckReport({ ...base, pairs: [pair([commentChanged, checkChanged, notNullWithoutDefault, insertRevoked])] });
    expect(report.pairs[0]!.findings.map((f) => f.id)).toEqual([notNullWithoutDefault.id, insertRevoked.id, checkChanged.id, commentChanged.id]);
  });

  it.each<[FailOn, boolean, number]>([
    ["breaking", false, 0],
    ["risky", true, 1],
    ["info", true, 1],
    ["never", false, 0],
  ])("with only risky and info findings, --fail-on %s blocks: %s (exit %i)", (failOn, blocked, code) => {
    const report = buildCheckReport({ ...base, failOn, pairs: [pair([checkChanged, commentChanged])] });
    expect(report.blocked).toBe(blocked);
    expect(exitCodeFor(report)).toBe(code);
  });

  it("counts waived findings apart and does not let them block", () => {
    const report = buildCheckReport({
      ...base,
      pairs: [pair([notNullWithoutDefault, commentChanged])],
      waivers: [{ rule: notNullWithoutDefault.rule, object: notNullWithoutDefault.object, reason: "r", owner: "o", expires: "2025-12-31" }],
    });
    expect(report.summary).toEqual({ breaking: 0, risky: 0, info: 1, waived: 1 });
    expect(report.blocked).toBe(false);
    expect(exitCodeFor(report)).toBe(0);
  });

  it("blocks again once the waiver has expired", () => {
    const report = buildCheckReport({
      ...base,
      today: "2026-01-01",
      pairs: [pair([notNullWithoutDefault])],
      waivers: [{ rule: notNullWithoutDefault.rule, object: "*", reason: "r", owner: "o", expires: "2025-12-31" }],
    });
    expect(report.blocked).toBe(true);
    expect(report.waivers.expired[0]!.matches).toEqual([notNullWithoutDefault.id]);
    expect(exitCodeFor(report)).toBe(1);
  });

  it("sums pairs and blocks when any pair blocks", () => {
    const report = buildCheckReport({ ...base, pairs: [pair([commentChanged], "test", "staging"), pair([insertRevoked], "staging", "prod")] });
    expect(report.pairs.map((p) => p.blocked)).toEqual([false, true]);
    expect(report.summary).toEqual({ breaking: 1, risky: 0, info: 1, waived: 0 });
    expect(report.blocked).toBe(true);
  });

  it("fails closed: a pair whose store could not be read blocks and exits 3, even beside a clean pair", () => {
    const report = buildCheckReport({
      ...base,
      failOn: "never",
      pairs: [pair([]), { ...pair([], "staging", "prod"), error: { exitCode: 3, message: "prod: connection refused" } }],
    });
    expect(report.blocked).toBe(true);
    expect(exitCodeFor(report)).toBe(3);
  });

  it("ranks an unreadable store above bad input above blocking drift", () => {
    const bad = { ...pair([], "a", "b"), error: { exitCode: 2 as const, message: "bad" } };
    const down = { ...pair([], "b", "c"), error: { exitCode: 3 as const, message: "down" } };
    expect(exitCodeFor(buildCheckReport({ ...base, pairs: [pair([insertRevoked]), bad] }))).toBe(2);
    expect(exitCodeFor(buildCheckReport({ ...base, pairs: [bad, down] }))).toBe(3);
  });

  it("never gates for diff, whatever it finds", () => {
    const report = buildCheckReport({ ...base, command: "diff", pairs: [pair([notNullWithoutDefault])] });
    expect(report.blocked).toBe(false);
    expect(report.pairs[0]!.blocked).toBe(false);
    expect(exitCodeFor(report)).toBe(0);
  });

  it("applies --severity to the findings the gate adds (fit, app-config, probe) before waivers: re-rated or off", () => {
    const fit = { ...commentChanged, id: "f1f1f1f1f1f1", rule: "fit-table-absent", severity: "info" as const, object: "application -> app.nowhere" };
    const probe = { ...notNullWithoutDefault, id: "p1p1p1p1p1p1", rule: "probe-rejected-in-target" };
    const report = buildCheckReport({
      ...base,
      pairs: [pair([fit, probe, commentChanged])],
      severity: { "fit-table-absent": "breaking", "probe-rejected-in-target": "off" },
      waivers: [{ rule: "fit-table-absent", object: "other", reason: "r", owner: "o", expires: "2025-12-31" }],
    });
    expect(report.pairs[0]!.findings.map((f) => [f.rule, f.severity])).toEqual([
      ["fit-table-absent", "breaking"],
      ["comment-changed", "info"],
    ]);
    expect(report.blocked).toBe(true);
  });
});
