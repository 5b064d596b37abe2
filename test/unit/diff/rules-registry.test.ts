import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { RULES } from "../../../src/diff/rules/index.js";
import { SEVERITIES } from "../../../src/model/finding.js";
import { snapshot } from "./snapshot-factory.js";

const rulesDir = fileURLToPath(new URL("../../../src/diff/rules/", import.meta.url));
const sections = Object.keys(snapshot().content);

describe("RULES", () => {
  it("lists every rule file exactly once, each a small definition named after its file", () => {
    const files = readdirSync(rulesDir).filter((f) => f.endsWith(".ts") && f !== "index.ts").map((f) => f.slice(0, -3)).sort();
    expect(RULES.map((r) => r.id).sort()).toEqual(files);
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const file of files) expect(readFileSync(`${rulesDir}${file}.ts`, "utf8")).toContain(`id: "${file}"`);
  });

  it.each(RULES.map((r) => [r.id, r] as const))("%s is well described", (id, rule) => {
    expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(rule.description).toMatch(/^[A-Z].*\.$/);
    expect(SEVERITIES).toContain(rule.defaultSeverity);
    expect(rule.reads.length).toBeGreaterThan(0);
    for (const section of rule.reads) expect(sections).toContain(section);
  });
});
