import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";
import { COMMITTED_PROD_SNAPSHOT, recordTestSnapshot, tempDir, writeJson, type JsonFinding, type JsonReport } from "./check-support.js";

// One embedded PostgreSQL for the file (test captured once); the waivers are found from the real findings,
// so these tests hold whatever wording the rules use.
const dir = tempDir("dg-waivers-");
let breaking: JsonFinding[] = [];

const check = async (waivers: unknown[] | null, ...extra: string[]) => {
  const args = ["check", "test.json", "prod.json", "--format", "json", ...extra];
  if (waivers !== null) {
    writeJson(join(dir.path, "waivers.json"), { waivers });
    args.push("--waivers", "waivers.json");
  }
  const run = await runCliInProcess(args, { cwd: dir.path });
  return { ...run, report: run.code <= 1 ? (JSON.parse(run.stdout) as JsonReport) : null };
};

const waiverFor = (finding: JsonFinding, over: Record<string, unknown> = {}) => ({
  rule: finding.rule,
  object: finding.object,
  reason: "fix ships with release 42",
  owner: "data-platform",
  expires: "2999-12-31",
  ...over,
});

beforeAll(async () => {
  await recordTestSnapshot(join(dir.path, "test.json"));
  copyFileSync(COMMITTED_PROD_SNAPSHOT, join(dir.path, "prod.json"));
  const plain = await check(null);
  breaking = plain.report!.findings.filter((f) => f.severity === "breaking");
});
afterAll(() => dir.remove());

describe("waivers", () => {
  it("the example drift has breaking findings to waive", () => {
    expect(breaking.length).toBeGreaterThanOrEqual(2);
  });

  it("a waived finding is reported as waived and does not block", async () => {
    const run = await check(breaking.map((f) => waiverFor(f)));
    expect(run.code).toBe(0);
    expect(run.report!.blocked).toBe(false);
    expect(run.report!.summary.breaking).toBe(0);
    expect(run.report!.summary.waived).toBe(breaking.length);
    for (const f of breaking) expect(run.report!.findings.find((g) => g.id === f.id)!.waived).toMatchObject({ owner: "data-platform" });
  });

  it("waiving only some breaking findings still blocks on the rest", async () => {
    const run = await check([waiverFor(breaking[0]!)]);
    expect(run.code).toBe(1);
    expect(run.report!.summary.breaking).toBe(breaking.length - 1);
  });

  it("matches objects by pattern, and never across rules", async () => {
    const first = breaking[0]!;
    const schema = first.object.split(".")[0]!;
    const byPattern = await check([waiverFor(first, { object: `${schema}.*` })]);
    expect(byPattern.report!.findings.find((f) => f.id === first.id)!.waived).toBeDefined();
    const otherRule = await check([waiverFor(first, { rule: breaking.find((f) => f.rule !== first.rule)!.rule })]);
    expect(otherRule.report!.findings.find((f) => f.id === first.id)!.waived).toBeUndefined();
  });

  it("an expired waiver stops waiving and says so", async () => {
    const run = await check(breaking.map((f) => waiverFor(f, { expires: "2020-01-31" })));
    expect(run.code).toBe(1);
    expect(run.report!.summary.waived).toBe(0);
    expect(run.report!.waivers.expired.map((e) => e.matches)).toEqual(breaking.map((f) => [f.id]));
    const text = await runCliInProcess(["check", "test.json", "prod.json", "--waivers", "waivers.json"], { cwd: dir.path });
    expect(text.stdout).toContain(`expired 2020-01-31: ${breaking[0]!.rule} ${breaking[0]!.object} (owner data-platform): no longer waives; 1 finding it matched counts again`);
  });

  it("a waiver that matches nothing is reported so the file stays clean, and does not change the verdict", async () => {
    const stale = waiverFor(breaking[0]!, { object: "no_such_schema.*" });
    const run = await check([stale]);
    expect(run.code).toBe(1);
    expect(run.report!.waivers.unused).toEqual([stale]);
    const text = await runCliInProcess(["check", "test.json", "prod.json", "--waivers", "waivers.json"], { cwd: dir.path });
    expect(text.stdout).toMatch(/unused: .*no_such_schema\.\* \(owner data-platform, expires 2999-12-31\) matches no finding/);
  });

  it("environments/waivers.json is used when no --waivers is given", async () => {
    mkdirSync(join(dir.path, "environments"), { recursive: true });
    writeJson(join(dir.path, "environments", "waivers.json"), { waivers: breaking.map((f) => waiverFor(f)) });
    const run = await runCliInProcess(["check", "test.json", "prod.json"], { cwd: dir.path });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`WAIVED (${breaking.length})`);
  });

  it.each([
    ["a waiver without an owner", [{ rule: "column-missing", object: "*", reason: "r", expires: "2999-01-01" }], /\/waivers\/0: must have required property 'owner'/],
    ["an impossible date", [{ rule: "column-missing", object: "*", reason: "r", owner: "o", expires: "2025-02-30" }], /2025-02-30 is not a calendar date/],
    ["an unknown rule", [{ rule: "colum-missing", object: "*", reason: "r", owner: "o", expires: "2999-01-01" }], /unknown rule "colum-missing"/],
    ["an unknown key", [{ rule: "column-missing", object: "*", reason: "r", owner: "o", expires: "2999-01-01", until: "x" }], /unknown key "until"/],
  ])("refuses a waivers file with %s (exit 2)", async (_name, waivers, message) => {
    const run = await check(waivers);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe("");
  });
});
