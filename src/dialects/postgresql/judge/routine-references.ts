import type { Routine, SnapshotContent } from "../model/snapshot.js";
import { memberName, relationName, routineName } from "./object-names.js";

/**
 * Where SOURCE uses a routine on the write path: trigger functions exactly, and expressions (defaults,
 * generated columns, CHECKs, policies, views, other routines' bodies) by a call of its name. The textual
 * match can over-report a same-named routine in another schema; for a gate that is the safe side.
 */
export function routineReferences(content: SnapshotContent, routine: Routine): string[] {
  const qualified = new Set([relationName(routine), `${routine.schema}.${routine.name}`]);
  const call = new RegExp(`(^|[^A-Za-z0-9_$"])"?${escape(routine.name)}"?\\s*\\(`);
  const uses = (text: string | null | undefined) => text !== null && text !== undefined && call.test(text);
  const out: string[] = [];
  for (const table of [...content.tables, ...content.views]) {
    for (const trigger of table.triggers) {
      if (qualified.has(trigger.function)) out.push(`trigger ${memberName(table, trigger.name)}`);
    }
    for (const column of table.columns) {
      if (uses(column.default)) out.push(`default of ${memberName(table, column.name)}`);
      if (uses(column.generatedExpression)) out.push(`generated column ${memberName(table, column.name)}`);
    }
    if ("constraints" in table) {
      for (const c of table.constraints) if (uses(c.definition)) out.push(`constraint ${memberName(table, c.name)}`);
      for (const p of table.policies) if (uses(p.using) || uses(p.withCheck)) out.push(`policy ${memberName(table, p.name)}`);
    }
    if ("definition" in table && uses(table.definition)) out.push(`view ${relationName(table)}`);
  }
  for (const d of content.domains) {
    if (uses(d.default) || d.checks.some((c) => uses(c.definition))) out.push(`domain ${relationName(d)}`);
  }
  for (const other of content.routines) {
    if (other !== routine && uses(other.body)) out.push(`routine ${routineName(other)}`);
  }
  return out;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
