import type { Severity } from "../../../model/finding.js";
import type { Column } from "../model/snapshot.js";
import type { RuleDefinition } from "../judge/rule-definition.js";
import { isBoth } from "../../../diff/match-by-key.js";
import { relationName } from "../judge/object-names.js";
import { quoteIdent } from "../model/identifiers.js";
import { givesValue } from "../model/column-default.js";

const label = (c: Column) => (c.identity ? `GENERATED ${c.identity.toUpperCase()} AS IDENTITY` : "not an identity column");

function judgeIdentity(source: Column, target: Column): { severity: Severity; why: string } {
  if (source.identity && !target.identity) {
    return target.notNull && !givesValue(target.default)
      ? { severity: "breaking", why: "Writes that omit the column relied on the identity; TARGET has no value to fill it and NOT NULL rejects them." }
      : { severity: "risky", why: "Writes that omit the column no longer get a generated value in TARGET." };
  }
  if (target.identity === "always") {
    // SOURCE accepts a supplied value (a plain or BY DEFAULT column); TARGET rejects every one, whatever the data.
    return {
      severity: "breaking",
      why: "Writes that supply a value for the column succeed in SOURCE; TARGET rejects every one (\"cannot insert a non-DEFAULT value\", and UPDATEs that set it) unless they say OVERRIDING SYSTEM VALUE.",
    };
  }
  return { severity: "info", why: "TARGET accepts both supplied and omitted values, as SOURCE does." };
}

export const columnIdentityChanged: RuleDefinition = {
  id: "column-identity-changed",
  description: "A column's identity (GENERATED ALWAYS/BY DEFAULT AS IDENTITY) differs.",
  reads: ["tables"],
  defaultSeverity: "breaking",
  check: (context) =>
    context
      .changedColumns()
      .filter(isBoth)
      .filter(({ source, target }) => source.identity !== target.identity)
      .map(({ source, target, table, object }) => {
        const alter = `ALTER TABLE ${relationName(table.target)} ALTER COLUMN ${quoteIdent(target.name)}`;
        const hint = !source.identity
          ? `${alter} DROP IDENTITY;`
          : target.identity
            ? `${alter} SET GENERATED ${source.identity.toUpperCase()};`
            : `${alter} ADD GENERATED ${source.identity.toUpperCase()} AS IDENTITY;`;
        return {
          objectKind: "column",
          object,
          ...judgeIdentity(source, target),
          message: `Column ${object} is ${label(target)} in TARGET, ${label(source)} in SOURCE.`,
          source: label(source),
          target: label(target),
          hint,
        };
      }),
};
