import type { Sequence } from "../model/snapshot.js";
import type { RuleDefinition, FindingDraft } from "../judge/rule-definition.js";
import { isBoth } from "../../../diff/match-by-key.js";
import { relationName } from "../judge/object-names.js";

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
        // Show the owning column whenever it differs: otherwise an OWNED BY change reads as two identical texts.
        const show = (s: Sequence) => (source.ownedBy === target.ownedBy ? describe(s) : `${describe(s)}, owned by ${s.ownedBy ?? "no column"}`);
        const statements: string[] = [];
        if (describe(source) !== describe(target)) {
          statements.push(`ALTER SEQUENCE ${name} AS ${source.type} INCREMENT BY ${source.increment} MINVALUE ${source.min} MAXVALUE ${source.max} CACHE ${source.cache} ${source.cycle ? "CYCLE" : "NO CYCLE"};`);
        }
        // The snapshot names the owning column schema.table.column, quoted as OWNED BY takes it.
        if (source.ownedBy !== target.ownedBy) statements.push(`ALTER SEQUENCE ${name} OWNED BY ${source.ownedBy ?? "NONE"};`);
        return [
          {
            objectKind: "sequence",
            object: name,
            severity: reasons.length > 0 ? "risky" : "info",
            message:
              describe(source) === describe(target)
                ? `Sequence ${name} is owned by ${target.ownedBy ?? "no column"} in TARGET, by ${source.ownedBy ?? "no column"} in SOURCE.`
                : `Sequence ${name} differs: ${show(target)} in TARGET, ${show(source)} in SOURCE.`,
            why: reasons.length > 0 ? `${reasons.join("; ")}.` : "Start, cache size and owning column do not change which writes succeed.",
            source: show(source),
            target: show(target),
            hint: statements.join(" "),
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
