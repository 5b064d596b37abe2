import type { RuleDefinition } from "../rule-definition.js";
import { relationName } from "../object-names.js";

export const viewMissing: RuleDefinition = {
  id: "view-missing",
  description: "A view or materialized view that exists in SOURCE is missing in TARGET.",
  reads: ["views"],
  defaultSeverity: "breaking",
  check: (context) =>
    context.views().flatMap(({ source, target }) =>
      source && !target
        ? [
            {
              objectKind: source.kind === "materialized" ? "materialized view" : "view",
              object: relationName(source),
              message: `${source.kind === "materialized" ? "Materialized view" : "View"} ${relationName(source)} does not exist in TARGET.`,
              why:
                source.kind === "materialized"
                  ? "REFRESH MATERIALIZED VIEW and every statement reading it fail in TARGET."
                  : "Every write through the view (and every read of it) fails with \"relation does not exist\".",
              source: source.definition,
              hint: `CREATE ${source.kind === "materialized" ? "MATERIALIZED VIEW" : "VIEW"} ${relationName(source)}${source.options.length > 0 ? ` WITH (${source.options.join(", ")})` : ""} AS\n${source.definition}`,
            },
          ]
        : [],
    ),
};
