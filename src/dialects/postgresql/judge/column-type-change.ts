import type { Column, Domain, SnapshotContent } from "../model/snapshot.js";
import { classifyTypeChange, type TypeChange } from "./type-change.js";
import { relationName } from "./object-names.js";

/**
 * A column's type change, seeing through domains: a domain over the same base type accepts the same
 * values except those its CHECKs and NOT NULL reject, which is a "changed", not a "narrowed".
 */
export function columnTypeChange(
  source: Column,
  target: Column,
  sides: { readonly source: SnapshotContent; readonly target: SnapshotContent },
): TypeChange {
  if (source.type === target.type && source.typeRef === target.typeRef) return { kind: "same", reason: "same type" };
  const sourceDomain = source.typeKind === "domain" ? findDomain(sides.source, source.typeRef) : undefined;
  const targetDomain = target.typeKind === "domain" ? findDomain(sides.target, target.typeRef) : undefined;
  if (targetDomain && !sourceDomain) {
    const base = classifyTypeChange(source.type, targetDomain.baseType);
    if (base.kind === "same" || base.kind === "widened") {
      return { kind: "changed", reason: `TARGET uses domain ${target.type} over ${targetDomain.baseType}: its constraints may reject values` };
    }
    return base;
  }
  if (sourceDomain && !targetDomain) {
    const base = classifyTypeChange(sourceDomain.baseType, target.type);
    if (base.kind === "same") return { kind: "widened", reason: `TARGET uses the domain's base type ${target.type} without its constraints` };
    return base;
  }
  return classifyTypeChange(source.type, target.type);
}

function findDomain(content: SnapshotContent, ref: string | null): Domain | undefined {
  return ref === null ? undefined : content.domains.find((d) => relationName(d) === ref || `${d.schema}.${d.name}` === ref);
}
