import type { RuleDefinition, FindingDraft } from "../judge/rule-definition.js";
import { relationName } from "../judge/object-names.js";
import { quoteIdent, quoteLiteral } from "../model/identifiers.js";
import type { Pair } from "../../../diff/match-by-key.js";
import { collationSql } from "../judge/sql-hints.js";

interface Named {
  readonly schema: string;
  readonly name: string;
}

function missing<T extends Named>(pairs: readonly Pair<T>[], kind: string, create: (t: T) => string, describe: (t: T) => string): FindingDraft[] {
  return pairs.flatMap(({ source, target }) =>
    source && !target
      ? [
          {
            objectKind: kind,
            object: relationName(source),
            message: `Type ${relationName(source)} (${kind}) does not exist in TARGET.`,
            why: "Every write that stores or casts to this type fails, and columns of this type cannot exist in TARGET.",
            source: describe(source),
            hint: create(source),
            within: { schema: source.schema },
          },
        ]
      : [],
  );
}

export const typeMissing: RuleDefinition = {
  id: "type-missing",
  description: "An enum, domain or composite type that exists in SOURCE is missing in TARGET.",
  reads: ["enums", "domains", "compositeTypes"],
  defaultSeverity: "breaking",
  check: (context) => [
    ...missing(
      context.enums(),
      "enum",
      (e) => `CREATE TYPE ${relationName(e)} AS ENUM (${e.labels.map(quoteLiteral).join(", ")});`,
      (e) => `enum (${e.labels.map(quoteLiteral).join(", ")})`,
    ),
    ...missing(
      context.domains(),
      "domain",
      (d) =>
        [
          `CREATE DOMAIN ${relationName(d)} AS ${d.baseType}`,
          ...(d.collation ? [`COLLATE ${collationSql(d.collation)}`] : []),
          ...(d.default !== null ? [`DEFAULT ${d.default}`] : []),
          ...(d.notNull ? ["NOT NULL"] : []),
          ...d.checks.map((c) => `CONSTRAINT ${quoteIdent(c.name)} ${c.definition}`),
        ].join(" ") + ";",
      (d) => `domain over ${d.baseType}`,
    ),
    ...missing(
      context.compositeTypes(),
      "composite type",
      (c) => `CREATE TYPE ${relationName(c)} AS (${c.attributes.map((a) => `${quoteIdent(a.name)} ${a.type}`).join(", ")});`,
      (c) => `composite (${c.attributes.map((a) => `${quoteIdent(a.name)} ${a.type}`).join(", ")})`,
    ),
  ],
};
