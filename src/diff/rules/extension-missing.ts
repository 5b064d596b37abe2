import type { RuleDefinition } from "../rule-definition.js";
import { quoteIdent, quoteLiteral } from "../../model/identifiers.js";

export const extensionMissing: RuleDefinition = {
  id: "extension-missing",
  description: "An extension installed in SOURCE is missing in TARGET.",
  reads: ["extensions"],
  defaultSeverity: "breaking",
  check: (context) =>
    context.extensions().flatMap(({ source, target }) =>
      source && !target
        ? [
            {
              objectKind: "extension",
              object: quoteIdent(source.name),
              message: `Extension ${quoteIdent(source.name)} is not installed in TARGET.`,
              why: "Types, functions and operators it provides do not exist in TARGET: writes that use them fail.",
              source: `${source.version} in schema ${quoteIdent(source.schema)}`,
              hint: `CREATE EXTENSION ${quoteIdent(source.name)} WITH SCHEMA ${quoteIdent(source.schema)} VERSION ${quoteLiteral(source.version)};`,
            },
          ]
        : [],
    ),
};
