import type { RuleDefinition, FindingDraft } from "../judge/rule-definition.js";
import { isBoth, matchByKeys } from "../../../diff/match-by-key.js";
import { relationName } from "../judge/object-names.js";
import { quoteIdent } from "../model/identifiers.js";
import { unifiedDiff } from "../../../diff/text-diff.js";

export const domainCheckChanged: RuleDefinition = {
  id: "domain-check-changed",
  description: "A domain CHECK exists only in TARGET, only in SOURCE, or differs.",
  reads: ["domains"],
  defaultSeverity: "risky",
  check: (context) =>
    context
      .changed(context.domains())
      .filter(isBoth)
      .flatMap(({ source, target }) => {
        const name = relationName(source);
        const out: FindingDraft[] = [];
        const shape = (d: string) => d.replace(/\s+NOT VALID$/, "");
        for (const pair of matchByKeys(source.checks, target.checks, [(c) => shape(c.definition), (c) => c.name])) {
          const s = pair.source;
          const t = pair.target;
          const object = `${name}.${quoteIdent((s ?? t)!.name)}`;
          if (t && (!s || pair.stage === 1)) {
            out.push({
              objectKind: "domain constraint",
              object,
              message: s ? `Domain CHECK ${object} differs in TARGET.` : `Domain CHECK ${object} exists only in TARGET: ${t.definition}.`,
              why: "Values SOURCE accepts may violate TARGET's CHECK, depending on the value.",
              ...(s ? { source: s.definition } : {}),
              target: t.definition,
              diff: unifiedDiff(object, s?.definition ?? null, t.definition),
              hint: `ALTER DOMAIN ${name} DROP CONSTRAINT ${quoteIdent(t.name)};${s ? ` ALTER DOMAIN ${name} ADD CONSTRAINT ${quoteIdent(s.name)} ${s.definition};` : ""}`,
            });
          } else if (s && !t) {
            out.push({
              objectKind: "domain constraint",
              object,
              severity: "info",
              message: `Domain CHECK ${object} does not exist in TARGET.`,
              why: "TARGET accepts every value SOURCE accepts.",
              source: s.definition,
              hint: `ALTER DOMAIN ${name} ADD CONSTRAINT ${quoteIdent(s.name)} ${s.definition};`,
            });
          } else if (s && t && s.name !== t.name) {
            out.push({
              objectKind: "domain constraint",
              object,
              severity: "info",
              message: `Domain CHECK ${object} is named ${quoteIdent(t.name)} in TARGET.`,
              why: "Both enforce the same definition; only the name differs.",
              source: s.name,
              target: t.name,
              hint: `ALTER DOMAIN ${name} RENAME CONSTRAINT ${quoteIdent(t.name)} TO ${quoteIdent(s.name)};`,
            });
          }
        }
        return out;
      }),
};
