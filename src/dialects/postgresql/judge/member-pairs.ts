import type { Constraint, Index, Policy, Table, Trigger, View } from "../model/snapshot.js";
import { isBoth, matchByKeys, type Pair, type StagedPair } from "../../../diff/match-by-key.js";
import { memberName } from "./object-names.js";
import type { RuleContext } from "./rule-context.js";
import { sameValue } from "../../../diff/same-value.js";

/** A table member (constraint, index, trigger, policy) paired across sides, with its table on both sides. */
export interface MemberPair<T, R = Table> extends StagedPair<T> {
  readonly table: { readonly source: R; readonly target: R };
  /** table.member, named after SOURCE's member when it exists. */
  readonly object: string;
}

const cache = new WeakMap<RuleContext, Map<string, unknown>>();

function memo<T>(context: RuleContext, name: string, make: () => T): T {
  let map = cache.get(context);
  if (!map) cache.set(context, (map = new Map()));
  if (!map.has(name)) map.set(name, make());
  return map.get(name) as T;
}

/** What a constraint enforces, without its name or validation state: two captures that enforce the same thing pair up. */
export function constraintShape(c: Constraint): string {
  return `${c.type}\u0000${c.definition.replace(/\s+NOT VALID$/, "").replace(/\s+NOT ENFORCED$/, "")}`;
}

/*
 * Every pairing below leaves out the pairs whose two sides are deep-equal and keeps the rest in order:
 * each rule using them judges a member from its two sides (its table only words the finding or sets its
 * severity), so an equal pair never gives a finding. An equal pair is always paired by the first key (its
 * equal partner was still free then), so every pair of a later stage is kept.
 */

/** Constraints pair by what they enforce first, then by name (same name, different definition). */
export function changedConstraintPairs(context: RuleContext): readonly MemberPair<Constraint>[] {
  return memo(context, "constraints", () =>
    members(context, context.tables(), (t) => t.constraints, [constraintShape, (c) => c.name]),
  );
}

/** Indexes that implement constraints are judged as constraints; the rest pair by shape, then by name. */
export function changedIndexPairs(context: RuleContext): readonly MemberPair<Index, Table | View>[] {
  return memo(context, "indexes", () =>
    members<Index, Table | View>(
      context,
      [...context.tables(), ...context.views()],
      (t) => t.indexes.filter((i) => i.constraint === null),
      [(i) => i.shape, (i) => i.name],
    ),
  );
}

export function changedTriggerPairs(context: RuleContext): readonly MemberPair<Trigger, Table | View>[] {
  return memo(context, "triggers", () =>
    members<Trigger, Table | View>(context, [...context.tables(), ...context.views()], (t) => t.triggers, [(t) => t.name]),
  );
}

export function changedPolicyPairs(context: RuleContext): readonly MemberPair<Policy>[] {
  return memo(context, "policies", () => members(context, context.tables(), (t) => t.policies, [(p) => p.name]));
}

function members<T extends { name: string }, R extends { schema: string; name: string }>(
  context: RuleContext,
  relations: readonly Pair<R>[],
  list: (relation: R) => readonly T[],
  keyFns: readonly ((item: T) => string)[],
): MemberPair<T, R>[] {
  const out: MemberPair<T, R>[] = [];
  for (const relation of relations) {
    if (!isBoth(relation)) continue;
    // Equal relations have equal member lists, and each member pairs with its equal counterpart.
    if (context.same(relation.source, relation.target)) continue;
    const table = { source: relation.source, target: relation.target };
    const own = mirrorsParent(relation) ? (items: readonly T[]) => items.filter((item) => !isInherited(item)) : (items: readonly T[]) => items;
    for (const pair of matchByKeys(own(list(relation.source)), own(list(relation.target)), keyFns)) {
      if (pair.source && pair.target && sameValue(pair.source, pair.target)) continue;
      const name = (pair.source ?? pair.target)!.name;
      out.push({ ...pair, table, object: memberName(relation.source, name) });
    }
  }
  return out;
}

/**
 * PostgreSQL clones a partitioned table's constraints, indexes and row triggers onto every partition; a
 * difference on the parent would otherwise be reported once per partition. On a partition of the same
 * parent on both sides, those copies are left to the parent's judgement and only the partition's own
 * members are judged: a CHECK, index or trigger added to one partition alone still rejects writes routed
 * to it.
 */
function mirrorsParent(relation: { source: object; target: object }): boolean {
  const of = (r: object) => ("partitionOf" in r ? (r.partitionOf as string | null) : null);
  const parent = of(relation.source);
  return parent !== null && parent === of(relation.target);
}

function isInherited(member: object): boolean {
  return "inherited" in member && member.inherited === true;
}
