import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { RULES } from "../../../src/dialects/postgresql/rules/index.js";
import { SEVERITIES } from "../../../src/model/finding.js";
import { snapshot } from "./snapshot-factory.js";

const rulesDir = fileURLToPath(new URL("../../../src/dialects/postgresql/rules/", import.meta.url));
const fixturesDir = fileURLToPath(new URL("../../fixtures/rules/", import.meta.url));
const sections = Object.keys(snapshot().content);

describe("RULES", () => {
  it("lists every rule file exactly once, each a small definition named after its file", () => {
    const files = readdirSync(rulesDir).filter((f) => f.endsWith(".ts") && f !== "index.ts").map((f) => f.slice(0, -3)).sort();
    expect(RULES.map((r) => r.id).sort()).toEqual(files);
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const file of files) expect(readFileSync(`${rulesDir}${file}.ts`, "utf8")).toContain(`id: "${file}"`);
  });

  it("has one fixture folder per rule, and no fixture for a rule that does not exist", () => {
    const folders = readdirSync(fixturesDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    expect(folders).toEqual(RULES.map((r) => r.id).sort());
    for (const folder of folders) {
      const files = readdirSync(`${fixturesDir}${folder}`);
      expect(files).toEqual(expect.arrayContaining(["source.sql", "target.sql", "expected.json"]));
      const expected = JSON.parse(readFileSync(`${fixturesDir}${folder}/expected.json`, "utf8")) as { findings: { rule: string }[] };
      // A fixture proves its own rule: it must expect at least one finding of it.
      expect(expected.findings.some((f) => f.rule === folder), folder).toBe(true);
    }
  });

  it.each(RULES.map((r) => [r.id, r] as const))("%s is well described", (id, rule) => {
    expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(rule.description).toMatch(/^[A-Z].*\.$/);
    expect(SEVERITIES).toContain(rule.defaultSeverity);
    expect(rule.reads.length).toBeGreaterThan(0);
    for (const section of rule.reads) expect(sections).toContain(section);
  });
});
