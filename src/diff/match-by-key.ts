import { compareText } from "../model/canonical-json.js";

/** One entity seen from both sides; a side is absent when the entity does not exist there. */
export interface Pair<T> {
  readonly key: string;
  readonly source?: T;
  readonly target?: T;
}

/** A pair (or a richer pair type) where both sides exist. */
export type Both<P extends Pair<unknown>> = P & { readonly source: NonNullable<P["source"]>; readonly target: NonNullable<P["target"]> };

export function isBoth<P extends Pair<unknown>>(pair: P): pair is Both<P> {
  return pair.source !== undefined && pair.target !== undefined;
}

/**
 * Pairs entities by key. Equal keys on one side (two CHECKs with the same expression under different names)
 * pair in order of appearance, so a duplicate in SOURCE still needs its own partner in TARGET.
 * The result is sorted by key: rules inherit a deterministic order without sorting themselves.
 */
export function matchByKey<T>(source: readonly T[], target: readonly T[], keyOf: (item: T) => string): Pair<T>[] {
  return pairUp(source, target, [keyOf], false);
}

export interface StagedPair<T> extends Pair<T> {
  /** Index of the key function that paired them; undefined when one side is absent. */
  readonly stage?: number;
}

/**
 * Pairs in stages: entities left over by the first key try the second, and so on. Constraints pair by
 * definition first (a rename is then a mere name change) and by name second (same name, new definition).
 */
export function matchByKeys<T>(
  source: readonly T[],
  target: readonly T[],
  keyFns: readonly ((item: T) => string)[],
): StagedPair<T>[] {
  return pairUp(source, target, keyFns, true);
}

/** The order of matchByKey's result: by key, then pairs with both sides, SOURCE only, TARGET only. */
export function comparePairs(a: Pair<unknown>, b: Pair<unknown>): number {
  return compareText(a.key, b.key) || sideRank(a) - sideRank(b);
}

function pairUp<T>(
  source: readonly T[],
  target: readonly T[],
  keyFns: readonly ((item: T) => string)[],
  staged: boolean,
): StagedPair<T>[] {
  const out: StagedPair<T>[] = [];
  let leftSource = source;
  let leftTarget = target;
  for (let stage = 0; stage < keyFns.length && leftSource.length + leftTarget.length > 0; stage++) {
    const keyOf = keyFns[stage]!;
    const sourceKeys = leftSource.map((item) => keyOf(item));
    const targetKeys = leftTarget.map((item) => keyOf(item));
    // Two captures of one store mostly list the same keys in the same order: item i then pairs with
    // item i, exactly as handing out partners in order of appearance would, without a map.
    if (sameKeys(sourceKeys, targetKeys)) {
      for (let i = 0; i < leftSource.length; i++) out.push(bothSides(sourceKeys[i]!, leftSource[i]!, leftTarget[i]!, staged ? stage : undefined));
      leftSource = leftTarget = [];
      break;
    }
    const byKey = new Map<string, T[]>();
    for (let i = 0; i < leftTarget.length; i++) {
      const list = byKey.get(targetKeys[i]!);
      if (list) list.push(leftTarget[i]!);
      else byKey.set(targetKeys[i]!, [leftTarget[i]!]);
    }
    const unmatchedSource: T[] = [];
    for (let i = 0; i < leftSource.length; i++) {
      const partner = byKey.get(sourceKeys[i]!)?.shift();
      if (partner === undefined) unmatchedSource.push(leftSource[i]!);
      else out.push(bothSides(sourceKeys[i]!, leftSource[i]!, partner, staged ? stage : undefined));
    }
    leftSource = unmatchedSource;
    // Left-over targets go on grouped by key, in order of each key's first appearance: the next stage
    // hands out partners in this order.
    const unmatchedTarget: T[] = [];
    for (const list of byKey.values()) for (const item of list) unmatchedTarget.push(item);
    leftTarget = unmatchedTarget;
  }
  const lastKey = keyFns[keyFns.length - 1] ?? (() => "");
  for (const item of leftSource) out.push({ key: lastKey(item), source: item });
  for (const item of leftTarget) out.push({ key: lastKey(item), target: item });
  return out.sort(comparePairs);
}

/** A pair of both sides; `stage` only for matchByKeys, whose pairs carry it. */
function bothSides<T>(key: string, source: T, target: T, stage: number | undefined): StagedPair<T> {
  return stage === undefined ? { key, source, target } : { key, source, target, stage };
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sideRank(pair: Pair<unknown>): number {
  return pair.source === undefined ? 2 : pair.target === undefined ? 1 : 0;
}
