import { quoteIdent } from "../model/identifiers.js";
import type { RuleDefinition, FindingDraft } from "../judge/rule-definition.js";
import { isBoth, type Pair } from "../../../diff/match-by-key.js";
import { relationName, routineName } from "../judge/object-names.js";

export const ownerChanged: RuleDefinition = {
  id: "owner-changed",
  description: "An object is owned by another role in TARGET (privileges are judged separately).",
  reads: ["database", "schemas", "tables", "views", "enums", "domains", "compositeTypes", "sequences", "routines"],
  defaultSeverity: "info",
  check: (context) => {
    const out: FindingDraft[] = [];
    const ignored = (owner: string) => context.isIgnoredRole(owner);
    const add = (kind: string, object: string, alter: string, s: string, t: string) => {
      if (s === t || ignored(s) || ignored(t)) return;
      out.push({
        objectKind: kind,
        object,
        message: `${kind[0]!.toUpperCase()}${kind.slice(1)} ${object} is owned by ${quoteIdent(t)} in TARGET, ${quoteIdent(s)} in SOURCE.`,
        why: "Ownership alone does not decide whether a write succeeds: the privileges it implies are compared by the privilege rules (row security exemptions follow the owner).",
        source: s,
        target: t,
        hint: `ALTER ${alter} OWNER TO ${quoteIdent(s)};`,
      });
    };
    add("database", "database", `DATABASE ${quoteIdent(context.target.database.name)}`, context.source.database.owner, context.target.database.owner);
    for (const { source, target } of context.schemas().filter(isBoth)) add("schema", quoteIdent(source.name), `SCHEMA ${quoteIdent(source.name)}`, source.owner, target.owner);
    const each = <T extends { schema: string; name: string; owner: string }>(pairs: readonly Pair<T>[], kind: string, keyword: (t: T) => string, name = relationName as (t: T) => string) => {
      for (const { source, target } of context.changed(pairs).filter(isBoth)) add(kind, name(source), `${keyword(source)} ${name(source)}`, source.owner, target.owner);
    };
    each(context.tables(), "table", () => "TABLE");
    each(context.views(), "view", (v) => (v.kind === "materialized" ? "MATERIALIZED VIEW" : "VIEW"));
    each(context.enums(), "type", () => "TYPE");
    each(context.domains(), "domain", () => "DOMAIN");
    each(context.compositeTypes(), "type", () => "TYPE");
    each(context.sequences(), "sequence", () => "SEQUENCE");
    each(context.routines(), "function", (r) => (r.kind === "procedure" ? "PROCEDURE" : "FUNCTION"), routineName);
    return out;
  },
};
