import type { RuleDefinition, FindingDraft } from "../judge/rule-definition.js";
import { isBoth } from "../../../diff/match-by-key.js";
import { relationName } from "../judge/object-names.js";
import { unifiedDiff } from "../../../diff/text-diff.js";
import { unqualifiedColumnReferences } from "../model/version-facts.js";

export const viewChanged: RuleDefinition = {
  id: "view-changed",
  description: "A view's definition, kind or options (check_option, security_invoker, security_barrier) differ.",
  reads: ["views"],
  defaultSeverity: "risky",
  check: (context) => {
    // PostgreSQL 16 stopped qualifying column names in view definitions: across that line the same view
    // prints differently, so both sides are compared with column qualifiers removed.
    const schemas = new Set(["pg_catalog", "information_schema", ...context.source.schemas.map((s) => s.name), ...context.target.schemas.map((s) => s.name)]);
    const definition = (text: string) => (context.sameMajorVersion ? text : unqualifiedColumnReferences(text, schemas));
    return context
      .changed(context.views())
      .filter(isBoth)
      .flatMap(({ source, target }): FindingDraft[] => {
        const name = relationName(source);
        const out: FindingDraft[] = [];
        const keyword = source.kind === "materialized" ? "MATERIALIZED VIEW" : "VIEW";
        if (definition(source.definition) !== definition(target.definition) || source.kind !== target.kind) {
          out.push({
            objectKind: "view",
            object: name,
            detail: "definition",
            message: `View ${name} is defined differently in TARGET.`,
            why: "Writes through the view land in other columns or tables, or the view stops being automatically updatable; reads return different rows.",
            source: `${source.kind === "materialized" ? "materialized " : ""}${source.definition}`,
            target: `${target.kind === "materialized" ? "materialized " : ""}${target.definition}`,
            diff: unifiedDiff(name, definition(source.definition), definition(target.definition)),
            hint:
              source.kind === "view" && target.kind === "view"
                ? `CREATE OR REPLACE VIEW ${name} AS\n${source.definition}`
                : `DROP ${target.kind === "materialized" ? "MATERIALIZED VIEW" : "VIEW"} ${name}; CREATE ${keyword} ${name} AS\n${source.definition}`,
          });
        }
        const so = [...source.options].sort().join(", ");
        const to = [...target.options].sort().join(", ");
        if (so !== to) {
          out.push({
            objectKind: "view",
            object: name,
            detail: "options",
            message: `View ${name} has options (${to}) in TARGET, (${so}) in SOURCE.`,
            why: "check_option makes TARGET reject rows outside the view; security_invoker checks the caller's privileges instead of the owner's.",
            source: so || "none",
            target: to || "none",
            hint: so ? `ALTER ${keyword} ${name} SET (${so});` : `ALTER ${keyword} ${name} RESET (${target.options.map((o) => o.split("=")[0]).join(", ")});`,
          });
        }
        return out;
      });
  },
};
