import type { RuleDefinition } from "../judge/rule-definition.js";
import { isBoth } from "../../../diff/match-by-key.js";
import { quoteIdent, quoteLiteral } from "../model/identifiers.js";

export const extensionChanged: RuleDefinition = {
  id: "extension-changed",
  description: "An extension is at another version, or in another schema, in TARGET.",
  reads: ["extensions"],
  defaultSeverity: "risky",
  check: (context) =>
    context
      .extensions()
      .filter(isBoth)
      .filter(({ source, target }) => source.version !== target.version || source.schema !== target.schema)
      .map(({ source, target }) => {
        const name = quoteIdent(source.name);
        const statements: string[] = [];
        if (source.version !== target.version) statements.push(`ALTER EXTENSION ${name} UPDATE TO ${quoteLiteral(source.version)};`);
        if (source.schema !== target.schema) statements.push(`ALTER EXTENSION ${name} SET SCHEMA ${quoteIdent(source.schema)};`);
        return {
          objectKind: "extension",
          object: name,
          message: `Extension ${name} is version ${target.version} in schema ${quoteIdent(target.schema)} in TARGET, version ${source.version} in schema ${quoteIdent(source.schema)} in SOURCE.`,
          why:
            source.schema !== target.schema
              ? "Its functions and types resolve through another schema: unqualified uses may not find them under the writers' search_path."
              : "Another version may change function behaviour, signatures or validation: writes that use it may behave differently.",
          source: `${source.version} in ${quoteIdent(source.schema)}`,
          target: `${target.version} in ${quoteIdent(target.schema)}`,
          hint: statements.join(" "),
        };
      }),
};
