import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { RULE_CATALOGUE, RULE_IDS } from "../../../src/dialects/rule-catalogue.js";
import { WRITE_EFFECTS } from "../../../src/dialects/postgresql/judge/rule-write-effects.js";
import { RULES } from "../../../src/dialects/postgresql/rules/index.js";
import { SEVERITIES } from "../../../src/model/finding.js";
import { RULE_FAMILIES } from "../../../src/model/finding-kinds.js";

const srcDir = fileURLToPath(new URL("../../../src/", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sourceFiles(join(dir, d.name)) : d.name.endsWith(".ts") ? [join(dir, d.name)] : []));
}

/**
 * Every rule id the source can put on a finding, read the way a reviewer would grep for it: a `rule:` or
 * `id:` in a rule file, the first argument of findingId(), a rule compared or mapped by name, and any
 * literal of a gate family's prefix. Types already pin the gate's ids to the catalogue; this catches
 * the one that slipped past them (a plain string in a new module).
 */
function emittedIds(): Map<string, string> {
  const found = new Map<string, string>();
  const patterns = [
    /\brule:\s*"([a-z0-9-]+)"/g,
    /\bfindingId\(\s*"([a-z0-9-]+)"/g,
    /\brule\s*===\s*"([a-z0-9-]+)"/g,
    // An object kind ("app-config-key") shares the prefix but is no rule.
    /(?<!objectKind:\s*)"((?:fit|app-config|probe)-[a-z0-9-]+)"/g,
  ];
  for (const file of sourceFiles(srcDir)) {
    const text = readFileSync(file, "utf8");
    const where = relative(srcDir, file);
    for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.set(match[1]!, where);
    if (where.startsWith(join("dialects", "postgresql", "rules")) && !where.endsWith("index.ts")) {
      for (const match of text.matchAll(/^\s*id:\s*"([a-z0-9-]+)"/gm)) found.set(match[1]!, where);
    }
  }
  return found;
}

describe("RULE_CATALOGUE", () => {
  it("holds every rule id any code can emit", () => {
    const emitted = emittedIds();
    // The scan must see the known emitters, or it proves nothing.
    for (const id of ["column-missing", "setting-read-only", "fit-rounding", "fit-table-absent", "fit-domain-check", "app-config-invalid"]) {
      expect(emitted.has(id), id).toBe(true);
    }
    const missing = [...emitted].filter(([id]) => !RULE_IDS.includes(id)).map(([id, file]) => `${id} (${file})`);
    expect(missing).toEqual([]);
  });

  it("has one entry per id, every catalog rule from RULES among them", () => {
    expect(new Set(RULE_IDS).size).toBe(RULE_IDS.length);
    for (const rule of RULES) {
      const entry = RULE_CATALOGUE.find((e) => e.id === rule.id)!;
      expect(entry, rule.id).toBeDefined();
      expect(entry.description).toBe(rule.description);
      expect(entry.defaultSeverity).toBe(rule.defaultSeverity);
    }
    const gate = RULE_CATALOGUE.filter((e) => !RULES.some((r) => r.id === e.id));
    expect(gate.every((e) => e.family === "fit" || e.family === "app-config" || e.family === "probe")).toBe(true);
    expect(gate.map((e) => e.id)).toContain("probe-rejected-in-target");
  });

  it("has a write effect for every rule in RULES, and none for a rule that does not exist", () => {
    const ids = RULES.map((r) => r.id);
    const missing = ids.filter((id) => !Object.hasOwn(WRITE_EFFECTS, id));
    const stale = Object.keys(WRITE_EFFECTS).filter((id) => !ids.includes(id));
    expect(missing, "add a sentence for these rules to src/dialects/postgresql/judge/rule-write-effects.ts").toEqual([]);
    expect(stale, "remove these from src/dialects/postgresql/judge/rule-write-effects.ts: no such rule").toEqual([]);
  });

  it("puts the settings rules in their own family", () => {
    const settings = RULE_CATALOGUE.filter((e) => e.family === "settings").map((e) => e.id);
    expect(settings).toEqual(expect.arrayContaining(["database-changed", "settings-not-compared", "setting-read-only", "setting-changed"]));
    expect(settings.every((id) => id.startsWith("setting") || id === "database-changed")).toBe(true);
  });

  it.each(RULE_CATALOGUE.map((e) => [e.id, e] as const))("%s is described in sentences", (id, entry) => {
    expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(Object.keys(RULE_FAMILIES)).toContain(entry.family);
    expect(SEVERITIES).toContain(entry.defaultSeverity);
    expect(entry.description).toMatch(/^[A-Z].*\.$/);
    expect(entry.writeEffect).toMatch(/^[A-Za-z].*\.$/);
    expect(entry.writeEffect).not.toBe(entry.description);
  });
});
