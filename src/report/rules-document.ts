import { RULE_FAMILIES, type RuleCatalogueEntry, type RuleFamily } from "../model/finding-kinds.js";
import type { Severity } from "../model/finding.js";

/** A rule's fixture, shown as its example in docs/rules.md (read by the generator, not shipped). */
export interface RuleExample {
  /** Folder of the fixture relative to the repository, e.g. test/fixtures/rules/column-missing. */
  readonly folder: string;
  readonly sourceSql: string;
  readonly targetSql: string;
  /** Cluster-wide roles both sides share (roles.sql), when the fixture needs any. */
  readonly rolesSql?: string;
  /** The rolled-back writes that prove the severity (writes.sql), when the fixture has them. */
  readonly writesSql?: string;
  readonly findings: readonly ExampleFinding[];
  /** The findings with SOURCE and TARGET exchanged, when the fixture states them. */
  readonly swapped?: readonly ExampleFinding[];
}

export interface ExampleFinding {
  readonly rule: string;
  readonly severity: Severity;
  readonly object: string;
}

export interface RulesMarkdownOptions {
  /** Per rule id; rules without one are documented without an example. */
  readonly examples?: ReadonlyMap<string, RuleExample>;
  /** A line under the title, e.g. how the page is regenerated. */
  readonly preamble?: string;
}

// Long fixtures are cut here: the example shows the case, the folder has the rest.
const EXCERPT_LINES = 30;

/** `driftgate rules --format text`: by family, one rule per entry with what a write does under it. */
export function rulesText(entries: readonly RuleCatalogueEntry[]): string {
  const width = Math.max(0, ...entries.map((e) => e.id.length));
  const out: string[] = [];
  for (const [family, members] of byFamily(entries)) {
    if (out.length > 0) out.push("");
    out.push(`${RULE_FAMILIES[family]} (${members.length} ${members.length === 1 ? "rule" : "rules"})`);
    for (const e of members) {
      out.push(`  ${e.defaultSeverity.padEnd(8)}  ${e.id.padEnd(width)}  ${e.description}`);
      out.push(`  ${" ".repeat(8)}  ${" ".repeat(width)}  write: ${e.writeEffect}`);
    }
  }
  return `${out.join("\n")}\n`;
}

/** `driftgate rules --format json`: the catalogue as data, for tools. */
export function rulesJson(entries: readonly RuleCatalogueEntry[]): string {
  const rules = entries.map((e) => ({ id: e.id, family: e.family, defaultSeverity: e.defaultSeverity, description: e.description, writeEffect: e.writeEffect }));
  return `${JSON.stringify({ rules }, null, 2)}\n`;
}

/**
 * The catalogue as a Markdown page: an index by family, then one section per rule (its heading is its
 * id, so `rules.md#column-missing` links to it) with the fixture as the example when one is given.
 */
export function rulesMarkdown(entries: readonly RuleCatalogueEntry[], options: RulesMarkdownOptions = {}): string {
  const out: string[] = ["# driftgate rules", ""];
  if (options.preamble) out.push(options.preamble, "");
  out.push(
    "Every kind of finding driftgate reports. Each answers one question: would a write that succeeds in SOURCE",
    "fail (breaking) or maybe fail (risky) in TARGET? Info findings are differences no write notices.",
    "The severity is the rule's default; some cases are reported lower, and `--severity rule=level` (`check`,",
    "`diff`) re-rates any rule below, or turns it `off`. Waivers name these ids too.",
    "",
  );
  if (options.examples && options.examples.size > 0) {
    out.push(
      "Each catalog rule's example is its fixture: SOURCE and TARGET are built from the SQL shown, the writes",
      "run in both (each rolled back), and the findings are what driftgate reports. `__name__` stands for a role",
      "(each test run gets its own names).",
      "",
    );
  }
  const families = byFamily(entries);
  for (const [family, members] of families) {
    out.push(`- **${RULE_FAMILIES[family]}** (${members.length}): ${members.map((e) => `[${e.id}](#${e.id})`).join(", ")}`);
  }
  for (const [family, members] of families) {
    out.push("", `## ${capitalise(RULE_FAMILIES[family])}`);
    for (const entry of members) out.push("", ...ruleSection(entry, options.examples?.get(entry.id)));
  }
  return `${out.join("\n")}\n`;
}

function ruleSection(entry: RuleCatalogueEntry, example: RuleExample | undefined): string[] {
  const out = [
    `### ${entry.id}`,
    "",
    `- Family: ${RULE_FAMILIES[entry.family]}`,
    `- Default severity: **${entry.defaultSeverity}**`,
    `- What differs: ${escapeMarkdown(entry.description)}`,
    `- What a write does: ${escapeMarkdown(entry.writeEffect)}`,
  ];
  if (!example) return out;
  out.push("", `Example ([${example.folder}/](../${example.folder}/)):`);
  if (example.rolesSql !== undefined) out.push("", "Roles both sides share:", "", ...sqlBlock(example.rolesSql));
  out.push("", "SOURCE:", "", ...sqlBlock(example.sourceSql), "", "TARGET:", "", ...sqlBlock(example.targetSql));
  if (example.writesSql !== undefined) out.push("", "The writes that prove the severity, each run in both and rolled back:", "", ...sqlBlock(example.writesSql));
  out.push("", "Findings:", "", ...findingList(example.findings));
  if (example.swapped !== undefined) out.push("", "With SOURCE and TARGET swapped:", "", ...findingList(example.swapped));
  return out;
}

function findingList(findings: readonly ExampleFinding[]): string[] {
  if (findings.length === 0) return ["- none"];
  return findings.map((f) => `- ${f.severity} \`${f.rule}\` on \`${f.object.replace(/`/g, "'")}\``);
}

// Comment lines that say something about the case (test/fixtures/rules/README.md), kept in excerpts.
const KEPT_COMMENT = /^\s*--\s*(write|unproven (forward|swapped)|not on pglite):/;

/** The SQL without its leading comment lines (they repeat the rule's description), cut when long. */
function sqlBlock(sql: string): string[] {
  const lines = sql.replace(/\r\n/g, "\n").trimEnd().split("\n");
  let start = 0;
  while (start < lines.length - 1 && /^\s*--/.test(lines[start]!) && !KEPT_COMMENT.test(lines[start]!)) start += 1;
  const body = lines.slice(start);
  const shown = body.length > EXCERPT_LINES ? [...body.slice(0, EXCERPT_LINES), `-- ... ${body.length - EXCERPT_LINES} more lines in the fixture`] : body;
  return ["```sql", ...shown, "```"];
}

function byFamily(entries: readonly RuleCatalogueEntry[]): [RuleFamily, RuleCatalogueEntry[]][] {
  return (Object.keys(RULE_FAMILIES) as RuleFamily[]).map((family) => [family, entries.filter((e) => e.family === family)] as [RuleFamily, RuleCatalogueEntry[]]).filter(([, members]) => members.length > 0);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Prose from rule descriptions, where `*`, `_` and `<` would otherwise turn into markup. */
function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_<>[\]|])/g, "\\$1");
}
