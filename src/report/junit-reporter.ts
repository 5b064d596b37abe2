import type { PairReport, ReportFinding } from "../model/check-report.js";
import type { Reporter } from "./reporter.js";
import { pairTitle, sideDescription, sideName, summaryLine, verdict, waivedNote } from "./report-text.js";

/**
 * JUnit XML for CI test views: one suite per SOURCE -> TARGET pair and one test case per rule and object,
 * so a recurring drift keeps the same test name across runs. A case fails when it blocks at the
 * threshold, is skipped when waived, and passes (with its text in system-out) otherwise. A pair that
 * could not be read is an error case; a clean pair has one passing case so the suite is never empty.
 */
export const junitReporter: Reporter = (report) => {
  const suites = report.pairs.map(renderSuite);
  const totals = suites.reduce(
    (acc, s) => ({ tests: acc.tests + s.tests, failures: acc.failures + s.failures, errors: acc.errors + s.errors, skipped: acc.skipped + s.skipped }),
    { tests: 0, failures: 0, errors: 0, skipped: 0 },
  );
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="${attr(`driftgate ${report.command}`)}" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" skipped="${totals.skipped}">`,
    ...suites.map((s) => s.xml),
    `  <!-- ${comment(`${summaryLine(report.summary)}; ${verdict(report)}`)} -->`,
    `</testsuites>`,
    "",
  ].join("\n");
};

interface Suite {
  readonly xml: string;
  readonly tests: number;
  readonly failures: number;
  readonly errors: number;
  readonly skipped: number;
}

function renderSuite(pair: PairReport): Suite {
  const name = pairTitle(pair);
  // CI test views split class names on dots; keep one level per pair.
  const part = (v: string) => v.replace(/[^A-Za-z0-9_-]+/g, "_");
  const classname = `driftgate.${part(sideName(pair.source))}_to_${part(sideName(pair.target))}`;
  const cases: string[] = [];
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  if (pair.error) {
    errors += 1;
    cases.push(testcase(classname, "stores can be read", `<error message="${attr(pair.error.message)}" type="store">${body(pair.error.message)}</error>`));
  } else if (pair.findings.length === 0) {
    cases.push(testcase(classname, "no drift", ""));
  }
  for (const [key, group] of groupByRuleAndObject(pair.findings)) {
    const blocking = group.filter((f) => f.blocking);
    const text = group.map(describe).join("\n\n");
    let inner: string;
    if (blocking.length > 0) {
      failures += 1;
      inner = `<failure message="${attr(blocking[0]!.message)}" type="${blocking[0]!.severity}">${body(text)}</failure>`;
    } else if (group.every((f) => f.waived !== undefined)) {
      skipped += 1;
      inner = `<skipped message="${attr(waivedNote(group[0]!.waived!))}"/><system-out>${body(text)}</system-out>`;
    } else {
      inner = `<system-out>${body(text)}</system-out>`;
    }
    cases.push(testcase(classname, key, inner));
  }
  const tests = cases.length;
  const xml = [
    `  <testsuite name="${attr(name)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}">`,
    // Which stores were compared, in full (the suite name has only their short names).
    `    <properties>`,
    `      <property name="source" value="${attr(sideDescription(pair.source))}"/>`,
    `      <property name="target" value="${attr(sideDescription(pair.target))}"/>`,
    `    </properties>`,
    ...cases,
    `  </testsuite>`,
  ].join("\n");
  return { xml, tests, failures, errors, skipped };
}

function groupByRuleAndObject(findings: readonly ReportFinding[]): Map<string, ReportFinding[]> {
  const groups = new Map<string, ReportFinding[]>();
  for (const finding of findings) {
    const key = `${finding.rule} ${finding.object}`;
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  return groups;
}

function testcase(classname: string, name: string, inner: string): string {
  return inner === ""
    ? `    <testcase classname="${attr(classname)}" name="${attr(name)}"/>`
    : `    <testcase classname="${attr(classname)}" name="${attr(name)}">${inner}</testcase>`;
}

function describe(finding: ReportFinding): string {
  const lines = [`[${finding.severity}] ${finding.object}: ${finding.message}`, `SOURCE: ${finding.source ?? "(absent)"}`, `TARGET: ${finding.target ?? "(absent)"}`, `Why: ${finding.why}`];
  if (finding.hint) lines.push(`Fix: ${finding.hint}`);
  if (finding.diff) lines.push(`Diff:\n${finding.diff}`);
  if (finding.waived) lines.push(waivedNote(finding.waived));
  lines.push(`id ${finding.id}`);
  return lines.join("\n");
}

// XML 1.0 forbids most control characters even when escaped; drop them rather than emit a file CI rejects.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function body(v: string): string {
  return v.replace(INVALID_XML, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function attr(v: string): string {
  return body(v).replace(/"/g, "&quot;").replace(/\n/g, "&#10;");
}

function comment(v: string): string {
  return v.replace(INVALID_XML, "").replace(/--/g, "- -");
}
