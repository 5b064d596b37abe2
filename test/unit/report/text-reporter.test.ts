import { describe, expect, it } from "vitest";
import { buildCheckReport } from "../../../src/gate/build-check-report.js";
import { textReporter } from "../../../src/report/text-reporter.js";
import { blockedReport, cleanReport, multiPairReport } from "./report-fixtures.js";
import { insertRevoked, notNullWithoutDefault, pair } from "./sample-findings.js";

const ESC = "\u001b[";

describe("textReporter", () => {
  const text = textReporter(blockedReport(), { color: false });

  it("says for each blocking finding what, where, SOURCE vs TARGET, why, and how to fix", () => {
    const block = text.slice(text.indexOf("catalog.dataset_versions.published_by"), text.indexOf("catalog.lineage_edges"));
    expect(block).toContain("published_by is NOT NULL without a default in TARGET only.");
    expect(block).toMatch(/SOURCE\s+text NULL/);
    expect(block).toMatch(/TARGET\s+text NOT NULL, no default/);
    expect(block).toMatch(/why\s+An INSERT that leaves published_by out/);
    expect(block).toMatch(/fix\s+ALTER TABLE catalog.dataset_versions ALTER COLUMN published_by DROP NOT NULL;/);
    expect(block).toContain("rule column-not-null-added, id a1b2c3d4e5f6");
  });

  it("groups by severity, most severe first, and shows a diff when there is one", () => {
    const order = ["BREAKING (2)", "RISKY (1)", "WAIVED (1)", "WAIVERS"].map((h) => text.indexOf(h));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain("      -CHECK (name ~ '^[a-z_]+$')");
    expect(text).toContain("      +CHECK (name ~ '^[a-z]+$')");
  });

  it("ends with the summary line and the verdict", () => {
    const lines = text.trimEnd().split("\n");
    expect(lines.at(-2)).toBe("2 breaking, 1 risky, 0 info, 1 waived");
    expect(lines.at(-1)).toBe("deploy blocked: 2 breaking findings (--fail-on breaking)");
  });

  it("says so when nothing blocks", () => {
    expect(textReporter(cleanReport(), { color: false }).trimEnd().split("\n").at(-1)).toBe("no blocking drift (--fail-on breaking)");
  });

  it("names only what blocks at the threshold in the verdict", () => {
    const report = buildCheckReport({ command: "check", failOn: "risky", today: "2025-03-01", pairs: [pair([insertRevoked, blockedReport().pairs[0]!.findings[2]!])], waivers: [] });
    expect(textReporter(report, { color: false })).toContain("deploy blocked: 1 breaking finding, 1 risky finding (--fail-on risky)");
  });

  it("explains waived findings, expired and unused waivers", () => {
    expect(text).toContain("waived until 2025-12-31 by docs: docs team rewrites comments in prod");
    expect(text).toMatch(/expired 2025-01-31: check-constraint-changed catalog\.\* \(owner data-platform\): no longer waives; 1 finding it matched counts again/);
    expect(text).toMatch(/unused: column-type-changed billing\.\* .*matches no finding/);
  });

  it("reports every pair, and a pair that could not be read as blocking", () => {
    const multi = textReporter(multiPairReport(), { color: false });
    expect(multi).toContain("driftgate check: test -> staging");
    expect(multi).toContain("driftgate check: staging -> prod");
    expect(multi).toContain("not compared: prod: cannot connect");
    expect(multi.trimEnd().split("\n").at(-1)).toBe("deploy blocked: 1 comparison could not be made (a store could not be read) (--fail-on breaking)");
  });

  it("uses colour only when asked", () => {
    expect(text).not.toContain(ESC);
    const coloured = textReporter(blockedReport(), { color: true });
    expect(coloured).toContain(`${ESC}31m`);
    expect(coloured.replace(/\u001b\[\d+m/g, "")).toBe(text);
  });

  it("says a diff does not gate", () => {
    const report = buildCheckReport({ command: "diff", failOn: "breaking", today: "2025-03-01", pairs: [pair([notNullWithoutDefault])], waivers: [] });
    expect(textReporter(report, { color: false }).trimEnd().split("\n").at(-1)).toBe("diff only, not gating: 1 breaking finding would block a check");
  });
});
