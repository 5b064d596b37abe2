import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";
import { COMMITTED_PROD_SNAPSHOT, REPO, tempDir, writeJson, type JsonReport } from "./check-support.js";

// Both environments point at the same recorded snapshot, so every finding here comes from the application
// config beside the store. No embedded database is needed.
const dir = tempDir("dg-appconfig-");
const envs = join(dir.path, "environments");

const base = { expectedSchemaVersion: 3, writeTimeoutMs: 5000, pool: { max: 10 } };

function setUp(test: Record<string, unknown> | null, prod: Record<string, unknown> | null, extra: Record<string, unknown> = {}) {
  const entry = (file: string) => ({ name: "writer", file, schema: "catalog-writer-config", mustMatch: ["expectedSchemaVersion"], ...extra });
  if (test) writeJson(join(dir.path, "config-test.json"), test);
  if (prod) writeJson(join(dir.path, "config-prod.json"), prod);
  writeJson(join(envs, "test.json"), { store: "../store.json", promotesTo: "prod", appConfig: [entry("../config-test.json")] });
  writeJson(join(envs, "prod.json"), { store: "../store.json", appConfig: [entry("../config-prod.json")] });
}

const check = async () => {
  const run = await runCliInProcess(["check", "--format", "json"], { cwd: dir.path });
  return { ...run, report: run.code <= 1 ? (JSON.parse(run.stdout) as JsonReport) : null };
};

const appFindings = (report: JsonReport) => report.findings.filter((f) => f.rule.startsWith("app-config-")).map((f) => [f.rule, f.severity, f.object]);

beforeAll(() => {
  mkdirSync(envs, { recursive: true });
  mkdirSync(join(dir.path, "schemas"));
  copyFileSync(join(REPO, "schemas", "catalog-writer-config.schema.json"), join(dir.path, "schemas", "catalog-writer-config.schema.json"));
  copyFileSync(COMMITTED_PROD_SNAPSHOT, join(dir.path, "store.json"));
});
afterAll(() => dir.remove());

describe("application config beside the store", () => {
  it("a differing value is info and does not block", async () => {
    setUp(base, { ...base, writeTimeoutMs: 2000 });
    const run = await check();
    expect(run.code).toBe(0);
    expect(appFindings(run.report!)).toEqual([["app-config-value-differs", "info", "writer:writeTimeoutMs"]]);
  });

  it("a differing must-match value is breaking and blocks", async () => {
    setUp(base, { ...base, expectedSchemaVersion: 2 });
    const run = await check();
    expect(run.code).toBe(1);
    expect(appFindings(run.report!)).toEqual([["app-config-value-differs", "breaking", "writer:expectedSchemaVersion"]]);
  });

  it("a key present on one side only is risky", async () => {
    setUp(base, { ...base, features: { bulkPublish: true } });
    const run = await check();
    expect(run.code).toBe(0);
    expect(appFindings(run.report!)).toEqual([["app-config-key-missing", "risky", "writer:features.bulkPublish"]]);
  });

  it("a config that breaks its JSON Schema is breaking, naming the offending key", async () => {
    setUp(base, { ...base, pool: { max: 5000 } });
    const run = await check();
    expect(run.code).toBe(1);
    const invalid = run.report!.findings.find((f) => f.rule === "app-config-invalid")!;
    expect(invalid.severity).toBe("breaking");
    expect(invalid.message).toContain("/pool/max");
  });

  it("never prints a secret from the config", async () => {
    setUp({ ...base, features: { apiToken: "tok-test-123" } } as Record<string, unknown>, { ...base, features: { apiToken: "tok-prod-456" } } as Record<string, unknown>, { schema: undefined });
    const text = await runCliInProcess(["check"], { cwd: dir.path });
    const json = await runCliInProcess(["check", "--format", "json"], { cwd: dir.path });
    for (const run of [text, json]) {
      expect(run.stdout).toContain("writer:features.apiToken");
      expect(`${run.stdout}${run.stderr}`).not.toMatch(/tok-(test|prod)/);
    }
  });

  it("a config file that is not JSON, or missing, is bad input (exit 2), naming it", async () => {
    setUp(base, null);
    writeFileSync(join(dir.path, "config-prod.json"), "{ not json");
    const broken = await runCliInProcess(["check"], { cwd: dir.path });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/prod app config "writer" .*config-prod\.json is not valid JSON/);
    rmSync(join(dir.path, "config-prod.json"));
    const missing = await runCliInProcess(["check"], { cwd: dir.path });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read prod app config "writer" .*config-prod\.json: no such file/);
  });

  it("an unknown schema is bad input (exit 2)", async () => {
    setUp(base, base, { schema: "no-such-schema" });
    const run = await runCliInProcess(["check"], { cwd: dir.path });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown schema "no-such-schema"/);
  });
});
