import type { Table, View } from "../model/snapshot.js";
import type { Severity } from "../../../model/finding.js";
import type { RuleDefinition } from "../judge/rule-definition.js";
import { relationName } from "../judge/object-names.js";
import { fillsOmitted } from "../model/column-default.js";
import { quoteIdent } from "../model/identifiers.js";

/**
 * A view SOURCE writes through, replaced in TARGET by a table of the same name: writes naming the view's
 * columns land in the table. They succeed when the table has every one of those columns with the same
 * type and needs nothing else; the table's own constraints, triggers and row security may still reject
 * rows, and without them to compare, that is only known to be risky.
 */
function judgeReplacement(view: View, table: Table): { severity: Severity; why: string } {
  const columns = new Map(table.columns.map((c) => [c.name, c]));
  const absent = view.columns.filter((c) => columns.get(c.name)?.type !== c.type).map((c) => quoteIdent(c.name));
  if (absent.length > 0) {
    return {
      severity: "breaking",
      why: `TARGET has a table of this name, but not the view's column(s) ${absent.join(", ")} with the same type: writes naming them fail.`,
    };
  }
  const names = new Set(view.columns.map((c) => c.name));
  const required = table.columns.filter((c) => !names.has(c.name) && !c.generated && c.notNull && !fillsOmitted(c)).map((c) => quoteIdent(c.name));
  if (required.length > 0) {
    return {
      severity: "breaking",
      why: `TARGET has a table of this name, but it requires column(s) ${required.join(", ")} that writes through the view never supply.`,
    };
  }
  const own = [
    ...(table.constraints.length > 0 ? ["constraints"] : []),
    ...(table.columns.some((c) => c.notNull && names.has(c.name)) ? ["NOT NULL columns"] : []),
    ...(table.triggers.some((t) => t.enabled !== "disabled") ? ["triggers"] : []),
    ...(table.rowSecurity ? ["row security"] : []),
  ];
  if (own.length > 0) {
    return {
      severity: "risky",
      why: `TARGET has a table of this name with every column the view has, so writes through the view reach it; but its own ${own.join(", ")} may reject rows SOURCE's view accepts.`,
    };
  }
  return {
    severity: "info",
    why: "TARGET has a table of this name with every column the view has (same types) and nothing else required or checked: writes through the view succeed there, storing rows in the table instead.",
  };
}

export const viewMissing: RuleDefinition = {
  id: "view-missing",
  description: "A view or materialized view that exists in SOURCE is missing in TARGET.",
  reads: ["views", "tables"],
  defaultSeverity: "breaking",
  check: (context) =>
    context.views().flatMap(({ source, target }) => {
      if (!source || target) return [];
      const name = relationName(source);
      const table = source.kind === "view" ? context.target.tables.find((t) => relationName(t) === name) : undefined;
      const replaced = table ? judgeReplacement(source, table) : null;
      return [
        {
          objectKind: source.kind === "materialized" ? "materialized view" : "view",
          object: name,
          ...(replaced ? { severity: replaced.severity } : {}),
          message: replaced
            ? `View ${name} does not exist in TARGET, which has a table of that name instead.`
            : `${source.kind === "materialized" ? "Materialized view" : "View"} ${name} does not exist in TARGET.`,
          why:
            replaced?.why ??
            (source.kind === "materialized"
              ? "REFRESH MATERIALIZED VIEW and every statement reading it fail in TARGET."
              : "Every write through the view (and every read of it) fails with \"relation does not exist\"."),
          source: source.definition,
          ...(table ? { target: `table with ${table.columns.length} column(s)` } : {}),
          // With a table in the way, CREATE VIEW would fail; what to do with the table is the user's call.
          within: { schema: source.schema },
          ...(table ? {} : { hint: `CREATE ${source.kind === "materialized" ? "MATERIALIZED VIEW" : "VIEW"} ${name}${source.options.length > 0 ? ` WITH (${source.options.join(", ")})` : ""} AS\n${source.definition}` }),
        },
      ];
    }),
};
