import { quoteIdent, quoteLiteral } from "../model/identifiers.js";
import type { RuleDefinition, FindingDraft } from "../judge/rule-definition.js";
import { isBoth } from "../../../diff/match-by-key.js";
import { memberName, relationName } from "../judge/object-names.js";

export const commentChanged: RuleDefinition = {
  id: "comment-changed",
  description: "A comment (COMMENT ON) on a schema, table, view or column differs.",
  reads: ["schemas", "tables", "views"],
  defaultSeverity: "info",
  check: (context) => {
    const out: FindingDraft[] = [];
    const add = (kind: string, object: string, on: string, s: string | null, t: string | null) => {
      if (s === t) return;
      out.push({
        objectKind: kind,
        object,
        message: `The comment on ${kind} ${object} differs in TARGET.`,
        why: "Comments are documentation; writes never read them.",
        source: s ?? "no comment",
        target: t ?? "no comment",
        hint: `COMMENT ON ${on} IS ${s === null ? "NULL" : quoteLiteral(s)};`,
      });
    };
    for (const { source, target } of context.schemas().filter(isBoth)) add("schema", quoteIdent(source.name), `SCHEMA ${quoteIdent(source.name)}`, source.comment, target.comment);
    for (const { source, target } of context.changed([...context.tables(), ...context.views()]).filter(isBoth)) {
      const name = relationName(source);
      const keyword = "kind" in source && source.kind === "materialized" ? "MATERIALIZED VIEW" : "definition" in source ? "VIEW" : "TABLE";
      add(keyword.toLowerCase(), name, `${keyword} ${name}`, source.comment, target.comment);
    }
    for (const { source, target, object } of context.changedColumns().filter(isBoth)) add("column", object, `COLUMN ${object}`, source.comment, target.comment);
    for (const { source, target } of context.changed(context.views()).filter(isBoth)) {
      for (const c of source.columns) {
        const t = target.columns.find((x) => x.name === c.name);
        if (t) add("column", memberName(source, c.name), `COLUMN ${memberName(source, c.name)}`, c.comment, t.comment);
      }
    }
    return out;
  },
};
