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
  return matchByKeys(source, target, [keyOf]).map(({ key, source: s, target: t }) => pairOf(key, s, t));
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
  const out: StagedPair<T>[] = [];
  let leftSource = [...source];
  let leftTarget = [...target];
  keyFns.forEach((keyOf, stage) => {
    const byKey = new Map<string, T[]>();
    for (const item of leftTarget) {
      const key = keyOf(item);
      const list = byKey.get(key);
      if (list) list.push(item);
      else byKey.set(key, [item]);
    }
    const unmatchedSource: T[] = [];
    for (const item of leftSource) {
      const candidates = byKey.get(keyOf(item));
      const partner = candidates?.shift();
      if (partner === undefined) unmatchedSource.push(item);
      else out.push({ key: keyOf(item), source: item, target: partner, stage });
    }
    leftSource = unmatchedSource;
    leftTarget = [...byKey.values()].flat();
  });
  const lastKey = keyFns[keyFns.length - 1] ?? (() => "");
  for (const item of leftSource) out.push({ key: lastKey(item), source: item });
  for (const item of leftTarget) out.push({ key: lastKey(item), target: item });
  return out.sort((a, b) => compareText(a.key, b.key) || sideRank(a) - sideRank(b));
}

function sideRank(pair: Pair<unknown>): number {
  return pair.source === undefined ? 2 : pair.target === undefined ? 1 : 0;
}

function pairOf<T>(key: string, source: T | undefined, target: T | undefined): Pair<T> {
  if (source === undefined) return { key, target: target as T };
  if (target === undefined) return { key, source };
  return { key, source, target };
}
