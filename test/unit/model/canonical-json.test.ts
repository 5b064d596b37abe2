import { describe, expect, it } from "vitest";
import { canonicalJson, fingerprintOf } from "../../../src/model/canonical-json.js";

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
