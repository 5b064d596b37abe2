import { GATE_FINDING_KINDS, RULE_FAMILIES, type RuleCatalogueEntry, type RuleFamily } from "../model/finding-kinds.js";
import type { Dialect } from "../diff/dialect.js";
import type { RuleDefinition } from "../diff/rule-definition.js";
import { DIALECTS } from "./index.js";

/**
 * Every kind of finding driftgate can report, one entry per rule id: the catalog and settings rules come
 * from each dialect's rule list (their one source of truth), the rest from the gate's own kinds. `--severity`, waivers,
 * reporters, `driftgate rules` and docs/rules.md all read this list, so an id missing here is one the
 * user cannot rate, waive or look up.
 */
export const RULE_CATALOGUE: readonly RuleCatalogueEntry[] = [...DIALECTS.flatMap((dialect) => dialect.rules.map((rule) => catalogueEntryOf(dialect, rule))), ...GATE_FINDING_KINDS].sort(
  (a, b) => familyOrder(a.family) - familyOrder(b.family) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
);

/** Every id in the catalogue, for validating --severity and waivers. */
export const RULE_IDS: readonly string[] = RULE_CATALOGUE.map((entry) => entry.id);

const BY_ID = new Map(RULE_CATALOGUE.map((entry) => [entry.id, entry]));

export function catalogueEntry(id: string): RuleCatalogueEntry | undefined {
  return BY_ID.get(id);
}

function catalogueEntryOf(dialect: Dialect<never, never>, rule: RuleDefinition<never>): RuleCatalogueEntry {
  // A rule that reads only configuration (settings, server, database) judges configuration, not objects.
  const settings = new Set(dialect.settingsSections);
  return {
    id: rule.id,
    family: rule.reads.every((section) => settings.has(section)) ? "settings" : "catalog",
    defaultSeverity: rule.defaultSeverity,
    description: rule.description,
    // A rule merged without its sentence still lists; the catalogue test names it so it gets one.
    writeEffect: dialect.writeEffects[rule.id] ?? rule.description,
  };
}

function familyOrder(family: RuleFamily): number {
  return Object.keys(RULE_FAMILIES).indexOf(family);
}
