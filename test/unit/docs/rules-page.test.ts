import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { RULE_CATALOGUE } from "../../../src/dialects/rule-catalogue.js";
import { rulesMarkdown } from "../../../src/report/rules-document.js";
import { readRuleExamples } from "../../helpers/rule-examples.js";

const REPO = resolve(import.meta.dirname, "../../..");
const PAGE = join(REPO, "docs", "rules.md");

/**
 * docs/rules.md is generated from the rule catalogue and the rule fixtures. This test is its generator
 * (`npm run docs:rules` sets DRIFTGATE_WRITE_DOCS=1 and writes the page) and its guard (otherwise it fails
 * when the committed page is not what the catalogue and fixtures give today).
 */
function page(): string {
  return rulesMarkdown(RULE_CATALOGUE, {
    examples: readRuleExamples(REPO),
    preamble: "<!-- Generated from src/dialects/rule-catalogue.ts and test/fixtures/rules/ by `npm run docs:rules`; do not edit by hand. -->",
  });
}

describe("docs/rules.md", () => {
  it("is what the catalogue and the rule fixtures give (regenerate with npm run docs:rules)", () => {
    const expected = page();
    if (process.env.DRIFTGATE_WRITE_DOCS === "1") writeFileSync(PAGE, expected);
    let current = "";
    try {
      current = readFileSync(PAGE, "utf8");
    } catch {
      // Missing counts as stale.
    }
    const a = current.split("\n");
    const b = expected.split("\n");
    const line = a.findIndex((text, i) => text !== b[i]);
    const where = line === -1 ? (a.length === b.length ? "" : `length ${a.length} vs ${b.length} lines`) : `line ${line + 1}: ${JSON.stringify(a[line])} should be ${JSON.stringify(b[line])}`;
    expect(current === expected, `docs/rules.md is stale (${where}): run npm run docs:rules`).toBe(true);
  });

  it("has a section for every catalogue id, and the fixture as the example of every catalog rule", () => {
    const text = page();
    for (const entry of RULE_CATALOGUE) {
      expect(text).toContain(`\n### ${entry.id}\n`);
      const section = text.slice(text.indexOf(`\n### ${entry.id}\n`)).split("\n### ")[1]!;
      const fromFixture = entry.family === "catalog" || entry.family === "settings";
      expect(section.includes(`[test/fixtures/rules/${entry.id}/]`), entry.id).toBe(fromFixture);
    }
  });
});
