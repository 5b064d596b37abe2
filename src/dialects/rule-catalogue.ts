import { GATE_FINDING_KINDS, RULE_FAMILIES, type RuleCatalogueEntry, type RuleFamily } from "../model/finding-kinds.js";
import type { RuleDefinition, SnapshotSection } from "../diff/rule-definition.js";
import { WRITE_EFFECTS } from "./postgresql/judge/rule-write-effects.js";
import { RULES } from "./postgresql/rules/index.js";

// What the settings rules read: a rule that reads only these judges configuration, not objects.
const SETTINGS_SECTIONS = new Set<SnapshotSection>(["settings", "roleSettings", "server", "database"]);

/**
 * Every kind of finding driftgate can report, one entry per rule id: the catalog and settings rules come
 * from RULES (their one source of truth), the rest from the gate's own kinds. `--severity`, waivers,
 * reporters, `driftgate rules` and docs/rules.md all read this list, so an id missing here is one the
 * user cannot rate, waive or look up.
 */
export const RULE_CATALOGUE: readonly RuleCatalogueEntry[] = [...RULES.map(catalogueEntryOf), ...GATE_FINDING_KINDS].sort(
  (a, b) => familyOrder(a.family) - familyOrder(b.family) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
);

/** Every id in the catalogue, for validating --severity and waivers. */
export const RULE_IDS: readonly string[] = RULE_CATALOGUE.map((entry) => entry.id);

const BY_ID = new Map(RULE_CATALOGUE.map((entry) => [entry.id, entry]));

export function catalogueEntry(id: string): RuleCatalogueEntry | undefined {
  return BY_ID.get(id);
}

function catalogueEntryOf(rule: RuleDefinition): RuleCatalogueEntry {
  return {
    id: rule.id,
    family: rule.reads.every((section) => SETTINGS_SECTIONS.has(section)) ? "settings" : "catalog",
    defaultSeverity: rule.defaultSeverity,
    description: rule.description,
    // A rule merged without its sentence still lists; the catalogue test names it so it gets one.
    writeEffect: WRITE_EFFECTS[rule.id] ?? rule.description,
  };
}

function familyOrder(family: RuleFamily): number {
  return Object.keys(RULE_FAMILIES).indexOf(family);
}
