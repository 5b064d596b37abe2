import { compareText } from "../model/canonical-json.js";
import { severityRank, type Finding, type MemberList } from "../model/finding.js";
import type { Scope } from "./rule-definition.js";

/** A finding as judge() built it, with where its object lives and what it stands for. */
export interface ScopedFinding {
  readonly finding: Finding;
  readonly within?: Scope;
  readonly holds?: Scope;
}

/**
 * Folds the findings about objects inside a missing schema or table into the one finding about that
 * schema or table: a missing schema of 3 000 tables (and their serial sequences) is one finding listing
 * them, not 6 000 findings, 6 000 annotations and a report nobody reads to the end.
 *
 * - The group keeps its own rule, object and id; its severity becomes the worst of its own and of every
 *   finding it absorbs, so folding never lowers what blocks (a missing schema whose routine-missing was
 *   risky and whose tables were breaking is breaking).
 * - Only findings that were produced fold: a rule turned "off" contributes nothing, as before. A group
 *   whose own rule is off is not produced either, so its members stay separate findings: turning
 *   schema-missing off never hides the tables that are missing with it.
 * - A group whose rule has a severity override does not fold either: the report re-rates that rule's
 *   findings to the override (build-check-report.ts), which would re-rate members it never named
 *   (`--severity schema-missing=info` must not turn the missing tables in it into info).
 * - Waivers are matched after this, against what is left. A waiver of the group waives everything folded
 *   into it (they are all missing for the same reason, fixed by the same CREATE). A waiver that named a
 *   folded member (table-missing app.t1 when all of schema app is missing) no longer matches: it is
 *   reported as unused and the group still blocks, because the schema missing breaks more than that one
 *   member and a waiver must never cover more than it names.
 */
export function foldMembers(scoped: readonly ScopedFinding[], overridden: (rule: string) => boolean): Finding[] {
  const tables = new Map<string, ScopedFinding>();
  const schemas = new Map<string, ScopedFinding>();
  for (const s of scoped) {
    if (!s.holds || overridden(s.finding.rule)) continue;
    if (s.holds.table !== undefined) tables.set(s.holds.table, s);
    else schemas.set(s.holds.schema, s);
  }
  if (tables.size === 0 && schemas.size === 0) return scoped.map((s) => s.finding);
  const absorbed = new Map<ScopedFinding, ScopedFinding[]>();
  const folded = new Set<ScopedFinding>();
  const absorb = (group: ScopedFinding, member: ScopedFinding) => {
    let list = absorbed.get(group);
    if (!list) absorbed.set(group, (list = []));
    list.push(member);
    folded.add(member);
  };
  // Tables first, so a missing table's own members travel with it into its schema's group.
  for (const s of scoped) {
    const group = s.within?.table !== undefined ? tables.get(s.within.table) : undefined;
    if (group && group !== s) absorb(group, s);
  }
  for (const s of scoped) {
    if (folded.has(s)) continue;
    const group = s.within ? schemas.get(s.within.schema) : undefined;
    if (group && group !== s) absorb(group, s);
  }
  const out: Finding[] = [];
  for (const s of scoped) {
    if (folded.has(s)) continue;
    const members = absorbed.get(s);
    out.push(members ? withMembers(s.finding, everything(members, absorbed)) : s.finding);
  }
  return out;
}

/** The members and, for a member that is itself a group (a table in a schema), what it absorbed. */
function everything(members: readonly ScopedFinding[], absorbed: ReadonlyMap<ScopedFinding, ScopedFinding[]>): Finding[] {
  return members.flatMap((m) => [m.finding, ...everything(absorbed.get(m) ?? [], absorbed)]);
}

function withMembers(group: Finding, members: readonly Finding[]): Finding {
  let severity = group.severity;
  for (const m of members) if (severityRank(m.severity) > severityRank(severity)) severity = m.severity;
  const byKind = new Map<string, string[]>();
  for (const m of members) {
    let names = byKind.get(m.objectKind);
    if (!names) byKind.set(m.objectKind, (names = []));
    names.push(m.object);
  }
  const lists: MemberList[] = [...(group.members ?? [])];
  for (const [kind, names] of [...byKind].sort(([a], [b]) => kindRank(a) - kindRank(b) || compareText(a, b))) lists.push({ kind, names: [...new Set(names)].sort(compareText) });
  return { ...group, severity, members: lists };
}

/** Members by what a reader looks for first: where rows live, then what writes go through, then the rest. */
const KIND_ORDER = ["table", "view", "materialized view", "sequence", "enum", "domain", "composite type", "function", "procedure"];

function kindRank(kind: string): number {
  const at = KIND_ORDER.indexOf(kind);
  return at === -1 ? KIND_ORDER.length : at;
}
