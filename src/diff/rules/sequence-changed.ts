import type { Sequence } from "../../model/snapshot.js";
import type { RuleDefinition, FindingDraft } from "../rule-definition.js";
import { isBoth } from "../match-by-key.js";
import { relationName } from "../object-names.js";

const describe = (s: Sequence) =>
  `${s.type}, ${s.min}..${s.max}, increment ${s.increment}, start ${s.start}, cache ${s.cache}${s.cycle ? ", cycle" : ""}`;

export const sequenceChanged: RuleDefinition = {
  id: "sequence-changed",
  description: "A sequence's range, increment or cycling differs (narrower = risky), or only start/cache/owner column.",
  reads: ["sequences"],
  defaultSeverity: "risky",
  check: (context) =>
    context
      .changed(context.sequences())
      .filter(isBoth)
      .flatMap(({ source, target }): FindingDraft[] => {
        if (describe(source) === describe(target) && source.ownedBy === target.ownedBy) return [];
        const name = relationName(source);
        const reasons: string[] = [];
        if (bigint(target.max) < bigint(source.max) || bigint(target.min) > bigint(source.min)) {
          reasons.push(`TARGET's range ${target.min}..${target.max} is narrower than SOURCE's ${source.min}..${source.max}: nextval fails once it is exhausted`);
        }
        if (source.cycle && !target.cycle) reasons.push("TARGET does not cycle: nextval fails at the end of the range instead of wrapping");
        if (!source.cycle && target.cycle) reasons.push("TARGET cycles: values repeat after the end of the range and UNIQUE keys may then collide");
        if (source.increment !== target.increment) {
          reasons.push(`TARGET increments by ${target.increment}, SOURCE by ${source.increment}: generated values differ`);
        }
        return [
          {
            objectKind: "sequence",
            object: name,
            severity: reasons.length > 0 ? "risky" : "info",
            message: `Sequence ${name} differs: ${describe(target)} in TARGET, ${describe(source)} in SOURCE.`,
            why: reasons.length > 0 ? `${reasons.join("; ")}.` : "Start, cache size and owning column do not change which writes succeed.",
            source: describe(source),
            target: describe(target),
            hint: `ALTER SEQUENCE ${name} AS ${source.type} INCREMENT BY ${source.increment} MINVALUE ${source.min} MAXVALUE ${source.max} CACHE ${source.cache} ${source.cycle ? "CYCLE" : "NO CYCLE"};`,
          },
        ];
      }),
};

function bigint(value: string): bigint {
  try {
    return BigInt(value);
  } catch {
    return 0n;
  }
}
