import { describe, expect, it } from "vitest";
import { applyWaivers, globToRegExp } from "../../../src/gate/apply-waivers.js";
import type { Waiver } from "../../../src/model/finding.js";
import { checkChanged, commentChanged, insertRevoked, notNullWithoutDefault } from "../report/sample-findings.js";

const waiver = (over: Partial<Waiver>): Waiver => ({
  rule: "privilege-missing",
  object: "catalog.*",
  reason: "prod writer migrates through a queue until Q3",
  owner: "data-platform",
  expires: "2025-06-30",
  ...over,
});

describe("applyWaivers", () => {
  it("waives a finding matched by rule and object pattern, and only that one", () => {
    const result = applyWaivers([[notNullWithoutDefault, insertRevoked]], [waiver({})], "2025-06-01");
    const [first, second] = result.pairs[0]!;
    expect(first!.waived).toBeUndefined();
    expect(second!.waived?.owner).toBe("data-platform");
    expect(result.outcome).toEqual({ expired: [], unused: [] });
  });

  it("requires the rule to match exactly", () => {
    const result = applyWaivers([[insertRevoked]], [waiver({ rule: "privilege-missing-x" })], "2025-06-01");
    expect(result.pairs[0]![0]!.waived).toBeUndefined();
    expect(result.outcome.unused).toHaveLength(1);
  });

  it("still waives on the expiry day and stops the day after, reporting what counts again", () => {
    const onDay = applyWaivers([[insertRevoked]], [waiver({})], "2025-06-30");
    expect(onDay.pairs[0]![0]!.waived).toBeDefined();
    const after = applyWaivers([[insertRevoked]], [waiver({})], "2025-07-01");
    expect(after.pairs[0]![0]!.waived).toBeUndefined();
    expect(after.outcome.expired).toEqual([{ waiver: waiver({}), matches: [insertRevoked.id] }]);
    expect(after.outcome.unused).toEqual([]);
  });

  it("reports an in-date waiver that matches nothing in any pair as unused", () => {
    const stale = waiver({ rule: "comment-changed", object: "billing.*" });
    const used = waiver({ rule: "comment-changed", object: "catalog.datasets" });
    const result = applyWaivers([[commentChanged], []], [stale, used], "2025-01-01");
    expect(result.outcome.unused).toEqual([stale]);
  });

  it("counts a waiver used in any pair (one waivers file serves test->staging and staging->prod)", () => {
    const result = applyWaivers([[], [insertRevoked]], [waiver({})], "2025-01-01");
    expect(result.outcome.unused).toEqual([]);
    expect(result.pairs[1]![0]!.waived).toBeDefined();
  });

  it("uses the first in-date waiver in file order", () => {
    const first = waiver({ owner: "first" });
    const second = waiver({ owner: "second", object: "catalog.lineage_edges" });
    const result = applyWaivers([[insertRevoked]], [first, second], "2025-01-01");
    expect(result.pairs[0]![0]!.waived?.owner).toBe("first");
    expect(result.outcome.unused).toEqual([]);
  });

  it("lets a later in-date waiver cover a finding whose first match expired", () => {
    const old = waiver({ expires: "2020-01-01", owner: "old" });
    const fresh = waiver({ owner: "fresh" });
    const result = applyWaivers([[insertRevoked]], [old, fresh], "2025-01-01");
    expect(result.pairs[0]![0]!.waived?.owner).toBe("fresh");
    expect(result.outcome.expired.map((e) => e.waiver.owner)).toEqual(["old"]);
  });

  it("drops a stale `waived` mark when no waiver in the file matches any more", () => {
    const marked = { ...checkChanged, waived: waiver({}) };
    const result = applyWaivers([[marked]], [], "2025-01-01");
    expect(result.pairs[0]![0]!.waived).toBeUndefined();
  });
});

describe("globToRegExp", () => {
  it.each([
    ["catalog.*", "catalog.datasets", true],
    ["catalog.*", "catalogxdatasets", false],
    ["*.published_by", "catalog.dataset_versions.published_by", true],
    ['catalog."Datasets".*', 'catalog."Datasets".name_format', true],
    ["catalog.datasets", "catalog.datasets2", false],
    ["a+b(c)", "a+b(c)", true],
    ["*", "anything at all", true],
  ])("%s against %s -> %s", (glob, object, expected) => {
    expect(globToRegExp(glob).test(object)).toBe(expected);
  });
});
