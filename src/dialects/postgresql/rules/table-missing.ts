import type { MemberList } from "../../../model/finding.js";
import type { Table } from "../model/snapshot.js";
import type { RuleDefinition } from "../judge/rule-definition.js";
import { memberName, relationName } from "../judge/object-names.js";
import { createTable } from "../judge/sql-hints.js";

/** What the missing table holds, named as findings about each would name them; empty kinds left out. */
function parts(table: Table): MemberList[] {
  const lists: MemberList[] = [
    { kind: "column", names: table.columns.map((c) => memberName(table, c.name)) },
    { kind: "constraint", names: table.constraints.map((c) => memberName(table, c.name)) },
    { kind: "index", names: table.indexes.map((i) => memberName(table, i.name)) },
    { kind: "trigger", names: table.triggers.map((t) => memberName(table, t.name)) },
    { kind: "policy", names: table.policies.map((p) => memberName(table, p.name)) },
  ];
  return lists.filter((l) => l.names.length > 0);
}

export const tableMissing: RuleDefinition = {
  id: "table-missing",
  description: "A table that exists in SOURCE is missing in TARGET; its columns, constraints, indexes, triggers, policies and serial sequences are listed in this one finding.",
  reads: ["tables"],
  defaultSeverity: "breaking",
  check: (context) =>
    context.tables().flatMap(({ source, target }) =>
      source && !target
        ? [
            {
              objectKind: "table",
              object: relationName(source),
              message: `Table ${relationName(source)} does not exist in TARGET.`,
              why: source.partitionOf
                ? `Rows routed to this partition of ${source.partitionOf} have no partition to go to, and direct writes to it fail.`
                : "Every write to this table fails with \"relation does not exist\".",
              source: `${source.kind} table with ${source.columns.length} column(s)`,
              hint: createTable(source),
              members: parts(source),
              // Its own serial sequences fold into this finding, and it folds into a missing schema's.
              within: { schema: source.schema },
              holds: { schema: source.schema, table: relationName(source) },
            },
          ]
        : [],
    ),
};
