import { describe, expect, it } from "vitest";
import {
  CanonicalWriter,
  canonicalJson,
  fingerprintOf,
  fingerprintOfSorted,
  fingerprintWithVariant,
  hashCompactJson,
  rememberFingerprint,
  sortKeysDeep,
  writeCanonicalJson,
} from "../../../src/model/canonical-json.js";

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

describe("CanonicalWriter", () => {
  const values: unknown[] = [
    { a: [1, "x", null, { b: [true, { c: "é\u0000\"\n" }] }], d: {}, e: [], f: undefined, g: -0.5 },
    [[], [[]], {}, [{}], "", 0],
    { columns: [{ acl: [{ grantee: "r", privilege: "SELECT" }], name: "id" }, { acl: [], name: "x" }], settings: [] },
    { "": { " ": [[1, [2]], { "k\"ey": null }] } },
    null,
    "plain",
  ];

  it("lays values out exactly as canonicalJson does", () => {
    for (const value of values) {
      const sorted = sortKeysDeep(value);
      let out = "";
      const writer = new CanonicalWriter((chunk) => void (out += chunk));
      writer.value(sorted, "");
      writer.text("\n");
      writer.end();
      expect(out).toBe(canonicalJson(value));
    }
  });

  it("feeds the compact tap exactly JSON.stringify of the value it writes", () => {
    for (const value of values) {
      const sorted = sortKeysDeep(value);
      let compact = "";
      new CanonicalWriter(() => undefined).value(sorted, "  ", (chunk) => void (compact += chunk));
      expect(compact).toBe(JSON.stringify(sorted) ?? "null");
    }
  });

  it("hands large output on in bounded chunks", () => {
    const big = { rows: Array.from({ length: 20_000 }, (_, i) => ({ id: i, tags: [`t${i}`, { deep: i }] })) };
    const chunks: string[] = [];
    writeCanonicalJson(big, (chunk) => chunks.push(chunk));
    expect(chunks.length).toBeGreaterThan(5);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(70_000);
    expect(chunks.join("")).toBe(canonicalJson(big));
  });
});

describe("fingerprintOfSorted", () => {
  it("remembers the fingerprint of a frozen value, and only of a frozen one", () => {
    const frozen = Object.freeze({ a: 1 });
    expect(rememberFingerprint(frozen, "sha256:remembered")).toBe("sha256:remembered");
    expect(fingerprintOfSorted(frozen)).toBe("sha256:remembered");
    const open = { a: 1 };
    rememberFingerprint(open, "sha256:remembered");
    expect(fingerprintOfSorted(open)).toBe(fingerprintOf({ a: 1 }));
  });
});

describe("fingerprintWithVariant", () => {
  const content = sortKeysDeep({
    database: { acl: ["=Tc/postgres"], name: "meta_017", owner: "postgres", skip: undefined },
    schemas: [{ name: "app", tables: [{ name: "t", columns: [{ name: "id", type: "bigint" }] }] }],
    version: "15",
  }) as Record<string, unknown>;

  it("gives exactly the two fingerprints two separate passes give", () => {
    const both = fingerprintWithVariant(content, "database", "name", "");
    expect(both.fingerprint).toBe(fingerprintOf(content));
    expect(both.variant).toBe(fingerprintOf({ ...content, database: { ...(content.database as object), name: "" } }));
    expect(both.variant).not.toBe(both.fingerprint);
  });

  it("stores differing only in the replaced member share the variant, and nothing else does", () => {
    const other = { ...content, database: { ...(content.database as object), name: "meta_101" } };
    expect(fingerprintWithVariant(other, "database", "name", "").variant).toBe(fingerprintWithVariant(content, "database", "name", "").variant);
    const changed = { ...content, version: "16" };
    expect(fingerprintWithVariant(changed, "database", "name", "").variant).not.toBe(fingerprintWithVariant(content, "database", "name", "").variant);
  });

  it("falls back to two passes when the member to replace is missing", () => {
    const bare = { database: { owner: "postgres" }, version: "15" };
    const both = fingerprintWithVariant(bare, "database", "name", "");
    expect(both.fingerprint).toBe(fingerprintOf(bare));
    expect(both.variant).toBe(fingerprintOf({ database: { name: "", owner: "postgres" }, version: "15" }));
  });
});
