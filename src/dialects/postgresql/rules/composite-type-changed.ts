import type { RuleDefinition, FindingDraft } from "../judge/rule-definition.js";
import { isBoth, matchByKey } from "../../../diff/match-by-key.js";
import { relationName } from "../judge/object-names.js";
import { quoteIdent } from "../model/identifiers.js";
import { classifyTypeChange, sentence } from "../judge/type-change.js";

const SEVERITY = { narrowed: "breaking", changed: "risky", widened: "info" } as const;

export const compositeTypeChanged: RuleDefinition = {
  id: "composite-type-changed",
  description: "A composite type's attributes are missing, extra, reordered or of another type.",
  reads: ["compositeTypes"],
  defaultSeverity: "breaking",
  check: (context) =>
    context
      .changed(context.compositeTypes())
      .filter(isBoth)
      .flatMap(({ source, target }) => {
        const name = relationName(source);
        const out: FindingDraft[] = [];
        for (const { key, source: s, target: t } of matchByKey(source.attributes, target.attributes, (a) => a.name)) {
          const object = `${name}.${quoteIdent(key)}`;
          if (s && !t) {
            out.push({
              objectKind: "attribute",
              object,
              message: `Attribute ${object} does not exist in TARGET.`,
              why: "Every write of a row value that sets this attribute fails in TARGET.",
              source: s.type,
              hint: `ALTER TYPE ${name} ADD ATTRIBUTE ${quoteIdent(s.name)} ${s.type};`,
            });
          } else if (t && !s) {
            out.push({
              objectKind: "attribute",
              object,
              message: `Attribute ${object} exists only in TARGET.`,
              // PostgreSQL matches row constructors and text input to the type's attributes by count, not by name.
              why: "Row values written as SOURCE's type (ROW(...) or text such as '(1,x)') have too few attributes for TARGET's and fail; only writes of single attributes succeed.",
              target: t.type,
            });
          } else if (s && t) {
            const change = classifyTypeChange(s.type, t.type);
            if (change.kind !== "same") {
              out.push({
                objectKind: "attribute",
                object,
                severity: SEVERITY[change.kind],
                message: `Attribute ${object} is ${t.type} in TARGET, ${s.type} in SOURCE.`,
                why: sentence(change.reason),
                source: s.type,
                target: t.type,
                hint: `ALTER TYPE ${name} ALTER ATTRIBUTE ${quoteIdent(s.name)} TYPE ${s.type};`,
              });
            }
          }
        }
        const order = (attrs: readonly { name: string }[], other: readonly { name: string }[]) =>
          attrs.map((a) => a.name).filter((n) => other.some((o) => o.name === n));
        const so = order(source.attributes, target.attributes);
        const to = order(target.attributes, source.attributes);
        if (so.join("\u0000") !== to.join("\u0000")) {
          out.push({
            objectKind: "composite type",
            object: name,
            detail: "order",
            severity: "risky",
            message: `Composite type ${name} orders its attributes differently in TARGET.`,
            why: "Row constructors and text input such as '(a,b)' assign values by position: they land in other attributes or fail to parse.",
            source: so.map(quoteIdent).join(", "),
            target: to.map(quoteIdent).join(", "),
          });
        }
        return out;
      }),
};
