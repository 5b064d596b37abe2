import { describe, expect, it } from "vitest";
import { buildCheckReport } from "../../../src/gate/build-check-report.js";
import { githubReporter } from "../../../src/report/github-reporter.js";
import { htmlReporter } from "../../../src/report/html-reporter.js";
import { junitReporter } from "../../../src/report/junit-reporter.js";
import { markdownReporter } from "../../../src/report/markdown-reporter.js";
import { REPORT_FORMATS, REPORTERS } from "../../../src/report/reporters.js";
import type { Finding } from "../../../src/model/finding.js";
import { blockedReport, cleanReport, multiPairReport } from "./report-fixtures.js";
import { insertRevoked, pair } from "./sample-findings.js";

const opts = { color: false };

describe("reporters registry", () => {
  it("offers every format the CLI documents", () => {
    expect(REPORT_FORMATS).toEqual(["text", "json", "markdown", "junit", "github", "html", "sarif"]);
  });

  it.each(REPORT_FORMATS)("%s renders every kind of report and names the blocking object", (format) => {
    for (const make of [blockedReport, cleanReport, multiPairReport]) expect(REPORTERS[format](make(), opts).length).toBeGreaterThan(0);
    expect(REPORTERS[format](blockedReport(), opts)).toContain("published_by");
  });
});

describe("githubReporter", () => {
  const out = githubReporter(blockedReport(), opts);
  const lines = out.trimEnd().split("\n");

  it("emits one annotation per finding: error for breaking, warning for risky, notice for waived", () => {
    expect(lines.filter((l) => l.startsWith("::error "))).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith("::warning ")).some((l) => l.includes("check-constraint-changed"))).toBe(true);
    expect(lines.filter((l) => l.startsWith("::notice ")).some((l) => l.includes("waived"))).toBe(true);
  });

  it("keeps each annotation on one line, escaping newlines, and commas and colons in the title", () => {
    const annotation = lines.find((l) => l.includes("published_by"))!;
    expect(annotation).toMatch(/^::error title=driftgate breaking%3A catalog\.dataset_versions\.published_by \(column-not-null-added%2C test -> prod\)::/);
    expect(annotation).toContain("%0ASOURCE: text NULL%0ATARGET: text NOT NULL, no default%0AWhy: ");
  });

  it("escapes % so a value cannot forge an escape", () => {
    const weird: Finding = { ...insertRevoked, message: "100%0A done\nnext" };
    const report = buildCheckReport({ command: "check", failOn: "breaking", today: "2025-01-01", pairs: [pair([weird])], waivers: [] });
    expect(githubReporter(report, opts)).toContain("::100%250A done%0Anext%0A");
  });

  it("puts an annotation on the file a finding comes from (file=, escaped like a property)", () => {
    const fromFile: Finding = { ...insertRevoked, file: "schemas/app,v2.schema.json" };
    const report = buildCheckReport({ command: "check", failOn: "breaking", today: "2025-01-01", pairs: [pair([fromFile])], waivers: [] });
    expect(githubReporter(report, opts)).toMatch(/^::error file=schemas\/app%2Cv2\.schema\.json,title=/m);
    expect(lines.some((l) => l.includes("file="))).toBe(false);
  });

  it("ends with the verdict in plain text (GitHub hides annotations past the first few)", () => {
    expect(lines.at(-1)).toBe("deploy blocked: 2 breaking findings (--fail-on breaking)");
  });
});

describe("junitReporter", () => {
  const xml = junitReporter(blockedReport(), opts);

  it("has one test case per rule and object, failing what blocks and skipping what is waived", () => {
    expect(xml.match(/<testcase /g)).toHaveLength(4);
    expect(xml).toContain('<testsuites name="driftgate check" tests="4" failures="2" errors="0" skipped="1">');
    expect(xml).toContain('name="column-not-null-added catalog.dataset_versions.published_by"><failure message="published_by is NOT NULL');
    expect(xml).toMatch(/name="comment-changed catalog.datasets"><skipped message="waived until 2025-12-31 by docs/);
    // Risky at --fail-on breaking: reported, not failed.
    expect(xml).toMatch(/name="check-constraint-changed catalog\.&quot;Datasets&quot;\.name_format"><system-out>/);
  });

  it("merges findings of one rule on one object into a single case", () => {
    const other = { ...insertRevoked, id: "ffffffffffff", message: "reader lacks INSERT" };
    const report = buildCheckReport({ command: "check", failOn: "breaking", today: "2025-01-01", pairs: [pair([insertRevoked, other])], waivers: [] });
    const out = junitReporter(report, opts);
    expect(out.match(/<testcase /g)).toHaveLength(1);
    expect(out).toContain("reader lacks INSERT");
  });

  it("escapes markup and drops characters XML cannot carry", () => {
    const nasty = { ...insertRevoked, message: 'a <b> & "c"\u0001' };
    const report = buildCheckReport({ command: "check", failOn: "breaking", today: "2025-01-01", pairs: [pair([nasty])], waivers: [] });
    const out = junitReporter(report, opts);
    expect(out).toContain('message="a &lt;b&gt; &amp; &quot;c&quot;"');
    expect(out).not.toContain("\u0001");
  });

  it("reports an unreadable store as an error case and a clean pair as one passing case", () => {
    const out = junitReporter(multiPairReport(), opts);
    expect(out).toMatch(/<testcase classname="driftgate.staging_to_prod" name="stores can be read"><error message="prod: cannot connect/);
    const clean = junitReporter(buildCheckReport({ command: "check", failOn: "breaking", today: "2025-01-01", pairs: [pair([])], waivers: [] }), opts);
    expect(clean).toContain('<testcase classname="driftgate.test_to_prod" name="no drift"/>');
  });
});

describe("markdownReporter", () => {
  const md = markdownReporter(blockedReport(), opts);

  it("leads with the verdict and a summary table", () => {
    const lines = md.split("\n");
    expect(lines[2]).toBe("**Deploy blocked: 2 breaking findings** (--fail-on breaking)");
    expect(md).toContain("| test -> prod | 2 | 1 | 0 | 1 |");
  });

  it("shows values in code, the fix, and folds the diff", () => {
    expect(md).toContain("  - TARGET: `text NOT NULL, no default`");
    expect(md).toContain("  - Fix: `ALTER TABLE catalog.dataset_versions ALTER COLUMN published_by DROP NOT NULL;`");
    expect(md).toContain("<details><summary>diff</summary>");
    expect(md).toContain("```diff");
  });

  it("cannot be broken out of by a value holding backticks or markup", () => {
    const nasty: Finding = { ...insertRevoked, object: "public.`x`", message: "<img src=x onerror=alert(1)>" };
    const report = buildCheckReport({ command: "check", failOn: "breaking", today: "2025-01-01", pairs: [pair([nasty])], waivers: [] });
    const out = markdownReporter(report, opts);
    expect(out).toContain("``` public.`x` ```".replace(/```/g, "``"));
    expect(out).not.toContain("<img");
  });
});

describe("htmlReporter", () => {
  it("is one self-contained page with the verdict", () => {
    const html = htmlReporter(blockedReport(), opts);
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain('<p class="verdict blocked">deploy blocked: 2 breaking findings (--fail-on breaking)</p>');
    expect(html).not.toMatch(/<script|https?:\/\/(?!json-schema)/);
  });

  it("escapes every value from the stores", () => {
    const nasty: Finding = { ...insertRevoked, object: "<script>alert(1)</script>", target: "a & b" };
    const report = buildCheckReport({ command: "check", failOn: "breaking", today: "2025-01-01", pairs: [pair([nasty])], waivers: [] });
    const html = htmlReporter(report, opts);
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("a &amp; b");
  });
});
