import { quoteIdent } from "../../model/identifiers.js";
import type { RuleDefinition } from "../rule-definition.js";

export const schemaMissing: RuleDefinition = {
  id: "schema-missing",
  description: "A schema that exists in SOURCE is missing in TARGET.",
  reads: ["schemas"],
  defaultSeverity: "breaking",
  check: (context) =>
    context.schemas().flatMap(({ source, target }) =>
      source && !target
        ? [
            {
              objectKind: "schema",
              object: quoteIdent(source.name),
              message: `Schema ${quoteIdent(source.name)} does not exist in TARGET.`,
              why: "Every write to an object in this schema fails: the schema and everything in it are missing.",
              source: `schema owned by ${source.owner}`,
              hint: `CREATE SCHEMA ${quoteIdent(source.name)} AUTHORIZATION ${quoteIdent(source.owner)};`,
            },
          ]
        : [],
    ),
};
