import { describe, expect, it } from "vitest";
import { compareAppConfig } from "../../../src/gate/compare-app-config.js";
import type { AppConfigDocument } from "../../../src/model/app-config.js";

const doc = (value: unknown, over: Partial<AppConfigDocument> = {}): AppConfigDocument => ({
  name: "writer",
  file: "config/writer.json",
  value,
  schema: null,
  schemaErrors: [],
  mustMatch: [],
  ...over,
});

describe("compareAppConfig", () => {
  it("finds nothing when the documents are equal, whatever their key order", () => {
    expect(compareAppConfig([doc({ a: 1, b: { c: [1, 2], d: true } })], [doc({ b: { d: true, c: [1, 2] }, a: 1 })])).toEqual([]);
  });

  it("reports a differing value as info with both values", () => {
    const [finding, ...rest] = compareAppConfig([doc({ pool: { max: 10 } })], [doc({ pool: { max: 50 } })]);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ rule: "app-config-value-differs", severity: "info", object: "writer:pool.max", source: "10", target: "50" });
  });

  it("makes a must-match difference breaking, matching the key itself or anything beneath a prefix", () => {
    const findings = compareAppConfig(
      [doc({ schemaVersion: 7, pool: { max: 10, min: 1 }, timeoutMs: 100 }, { mustMatch: ["schemaVersion"] })],
      [doc({ schemaVersion: 6, pool: { max: 50, min: 1 }, timeoutMs: 200 }, { mustMatch: ["pool"] })],
    );
    expect(findings.map((f) => [f.object, f.severity])).toEqual([
      ["writer:pool.max", "breaking"],
      ["writer:schemaVersion", "breaking"],
      ["writer:timeoutMs", "info"],
    ]);
    expect(findings[1]!.hint).toContain("7");
  });

  it("reports a key present on one side only as risky, and breaking when it is must-match", () => {
    const findings = compareAppConfig([doc({ flags: { bulkImport: true } }, { mustMatch: ["expectedSchemaVersion"] })], [doc({ expectedSchemaVersion: 7 })]);
    expect(findings.map((f) => [f.object, f.rule, f.severity, f.source, f.target])).toEqual([
      ["writer:expectedSchemaVersion", "app-config-key-missing", "breaking", undefined, "7"],
      ["writer:flags.bulkImport", "app-config-key-missing", "risky", "true", undefined],
    ]);
  });

  it("compares arrays as whole values", () => {
    const findings = compareAppConfig([doc({ hosts: ["a", "b"] })], [doc({ hosts: ["b", "a"] })]);
    expect(findings.map((f) => [f.object, f.source, f.target])).toEqual([["writer:hosts", '["a","b"]', '["b","a"]']]);
  });

  it("quotes key segments that are not plain names", () => {
    const [finding] = compareAppConfig([doc({ "feature.flags": { "new writer": 1 } })], [doc({ "feature.flags": { "new writer": 2 } })]);
    expect(finding!.object).toBe('writer:["feature.flags"]["new writer"]');
  });

  it("never prints a secret: credential-like keys are masked, URLs lose their password", () => {
    const findings = compareAppConfig(
      [doc({ db: { password: "hunter2-test", url: "postgres://app:s3cret-test@db/test" }, apiToken: "tok-test" })],
      [doc({ db: { password: "hunter2-prod", url: "postgres://app:s3cret-prod@db/prod" }, apiToken: "tok-prod" })],
    );
    expect(findings).toHaveLength(3);
    const text = JSON.stringify(findings);
    for (const secret of ["hunter2", "s3cret", "tok-"]) expect(text).not.toContain(secret);
    expect(findings.find((f) => f.object === "writer:db.password")!.message).toContain("secret value, not shown");
  });

  it("reports a config named by one environment only as risky", () => {
    const findings = compareAppConfig([doc({ a: 1 })], []);
    expect(findings.map((f) => [f.rule, f.severity, f.object, f.source])).toEqual([["app-config-missing", "risky", "writer", "config/writer.json"]]);
  });

  it("reports a document that breaks its schema as breaking, on whichever side", () => {
    const findings = compareAppConfig([doc({ a: 1 })], [doc({ a: 1 }, { schema: "writer-config", schemaErrors: ["/pool/max must be <= 100"] })]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: "app-config-invalid", severity: "breaking", object: "writer" });
    expect(findings[0]!.message).toContain("TARGET");
    expect(findings[0]!.message).toContain("/pool/max must be <= 100");
  });

  it("gives the same finding the same id on every run, and different findings different ids", () => {
    const run = () => compareAppConfig([doc({ a: 1, b: 1 })], [doc({ a: 2, b: 2 })]).map((f) => f.id);
    const ids = run();
    expect(run()).toEqual(ids);
    expect(new Set(ids).size).toBe(2);
    expect(ids[0]).toMatch(/^[0-9a-f]{12}$/);
  });
});
