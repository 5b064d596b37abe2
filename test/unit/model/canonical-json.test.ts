import { describe, expect, it } from "vitest";
import { canonicalJson, fingerprintOf, hashCompactJson } from "../../../src/model/canonical-json.js";

describe("canonicalJson", () => {
  it("sorts keys at every depth, so insertion order never changes the bytes", () => {
    const a = canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } });
    const b = canonicalJson({ a: { c: null, d: [{ y: 2, z: 1 }] }, b: 1 });
    expect(a).toBe(b);
    expect(a.indexOf('"a"')).toBeLessThan(a.indexOf('"b"'));
  });

  it("keeps array order: producers decide it, because only they know each entity's key", () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it("fingerprints content, not key order", () => {
    expect(fingerprintOf({ x: 1, y: 2 })).toBe(fingerprintOf({ y: 2, x: 1 }));
    expect(fingerprintOf({ x: 1 })).not.toBe(fingerprintOf({ x: 2 }));
    expect(fingerprintOf({})).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe("hashCompactJson", () => {
  it("emits exactly the bytes of JSON.stringify, at every split depth: fingerprints never depend on how they were fed", () => {
    const values: unknown[] = [
      { a: [1, "x", null, { b: [true, { c: "é\u0000\"" }] }], d: {}, e: [], f: undefined, g: -0.5 },
      [[], [[]], {}, [{}], "", 0],
      { tables: [{ name: "t", columns: [{ n: 1 }, { n: 2 }] }], settings: [] },
      null,
      "plain",
    ];
    for (const value of values) {
      for (const depth of [0, 1, 2, 5]) {
        let out = "";
        hashCompactJson(value, (text) => void (out += text), depth);
        expect(out).toBe(JSON.stringify(value));
      }
    }
  });
});
