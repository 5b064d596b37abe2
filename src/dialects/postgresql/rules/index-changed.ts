import type { RuleDefinition, FindingDraft } from "../judge/rule-definition.js";
import { changedIndexPairs } from "../judge/member-pairs.js";
import { relationName } from "../judge/object-names.js";
import { quoteIdent } from "../model/identifiers.js";

export const indexChanged: RuleDefinition = {
  id: "index-changed",
  description: "A non-unique index is missing, extra or different, or any index is renamed or invalid on one side.",
  reads: ["tables", "views"],
  defaultSeverity: "info",
  check: (context) =>
    changedIndexPairs(context).flatMap(({ source, target, stage, table, object }): FindingDraft[] => {
      const why = "Non-unique indexes change speed, not which writes succeed.";
      const drop = (name: string) => `DROP INDEX ${relationName({ schema: table.target.schema, name })};`;
      if (source && !target && !source.unique) {
        return [{ objectKind: "index", object, message: `Index ${object} does not exist in TARGET.`, why, source: source.definition, hint: `${source.definition};` }];
      }
      if (target && !source && !target.unique) {
        return [{ objectKind: "index", object, message: `Index ${object} exists only in TARGET.`, why, target: target.definition, hint: drop(target.name) }];
      }
      if (!source || !target) return [];
      if (stage === 1 && !source.unique && !target.unique) {
        return [{ objectKind: "index", object, message: `Index ${object} is defined differently in TARGET.`, why, source: source.definition, target: target.definition, hint: `${drop(target.name)} ${source.definition};` }];
      }
      const out: FindingDraft[] = [];
      if (stage === 0 && source.name !== target.name) {
        out.push({
          objectKind: "index",
          object,
          detail: "name",
          message: `Index ${object} is named ${quoteIdent(target.name)} in TARGET.`,
          why: "Both indexes are the same; only the name differs.",
          source: source.name,
          target: target.name,
          hint: `ALTER INDEX ${relationName({ schema: table.target.schema, name: target.name })} RENAME TO ${quoteIdent(source.name)};`,
        });
      }
      if (stage === 0 && source.valid !== target.valid) {
        out.push({
          objectKind: "index",
          object,
          detail: "valid",
          message: `Index ${object} is ${target.valid ? "valid" : "INVALID"} in TARGET, ${source.valid ? "valid" : "INVALID"} in SOURCE.`,
          why: "An invalid index (a failed CREATE INDEX CONCURRENTLY) is still maintained, and a unique one still rejects duplicates; queries just do not use it.",
          source: source.valid ? "valid" : "invalid",
          target: target.valid ? "valid" : "invalid",
          hint: `REINDEX INDEX ${relationName({ schema: table.target.schema, name: target.name })};`,
        });
      }
      return out;
    }),
};
