import { describe, expect, it } from "vitest";
import { compareText } from "../../../src/model/canonical-json.js";
import { matchByKey, matchByKeys, type StagedPair } from "../../../src/diff/match-by-key.js";

interface Item {
  readonly shape: string;
  readonly name: string;
  readonly id: number;
}

/** The pairing rule stated as plainly as possible: partners handed out by key, in order of appearance. */
function reference(source: readonly Item[], target: readonly Item[], keyFns: readonly ((i: Item) => string)[]): StagedPair<Item>[] {
  const out: StagedPair<Item>[] = [];
  let leftSource = [...source];
  let leftTarget = [...target];
  keyFns.forEach((keyOf, stage) => {
    const byKey = new Map<string, Item[]>();
    for (const item of leftTarget) byKey.set(keyOf(item), [...(byKey.get(keyOf(item)) ?? []), item]);
    const unmatched: Item[] = [];
    for (const item of leftSource) {
      const partner = byKey.get(keyOf(item))?.shift();
      if (partner === undefined) unmatched.push(item);
      else out.push({ key: keyOf(item), source: item, target: partner, stage });
    }
    leftSource = unmatched;
    leftTarget = [...byKey.values()].flat();
  });
  const lastKey = keyFns[keyFns.length - 1]!;
  for (const item of leftSource) out.push({ key: lastKey(item), source: item });
  for (const item of leftTarget) out.push({ key: lastKey(item), target: item });
  const rank = (p: StagedPair<Item>) => (p.source === undefined ? 2 : p.target === undefined ? 1 : 0);
  return out.sort((a, b) => compareText(a.key, b.key) || rank(a) - rank(b));
}

const byShape = (i: Item) => i.shape;
const byName = (i: Item) => i.name;

describe("matchByKeys", () => {
  it("pairs equal keys in order of appearance, then the rest by the next key", () => {
    const source = [
      { shape: "check a", name: "c1", id: 1 },
      { shape: "check a", name: "c2", id: 2 },
      { shape: "check b", name: "c3", id: 3 },
    ];
    const target = [
      { shape: "check a", name: "x1", id: 11 },
      { shape: "check c", name: "c3", id: 13 },
    ];
    expect(matchByKeys(source, target, [byShape, byName])).toEqual([
      { key: "c2", source: source[1] },
      { key: "c3", source: source[2], target: target[1], stage: 1 },
      { key: "check a", source: source[0], target: target[0], stage: 0 },
    ]);
  });

  it("gives the plain rule's pairs whether or not both sides list the same keys in the same order", () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const item = (id: number): Item => ({ shape: `s${Math.floor(next() * 4)}`, name: `n${Math.floor(next() * 5)}`, id });
    for (let round = 0; round < 300; round++) {
      const source = Array.from({ length: Math.floor(next() * 7) }, (_, i) => item(i));
      // Half the time TARGET lists the same items (aligned keys), else a shuffled, trimmed or grown copy.
      const target = next() < 0.5 ? source.map((s) => ({ ...s, id: s.id + 100 })) : Array.from({ length: Math.floor(next() * 7) }, (_, i) => item(i + 100));
      expect(matchByKeys(source, target, [byShape, byName])).toEqual(reference(source, target, [byShape, byName]));
      expect(matchByKey(source, target, byName)).toEqual(reference(source, target, [byName]).map(({ stage: _stage, ...pair }) => pair));
    }
  });
});
