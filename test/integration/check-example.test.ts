import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";
import { COMMITTED_PROD_SNAPSHOT, recordProdSnapshot, REPO, tempDir } from "./check-support.js";

const dir = tempDir("dg-example-");
afterAll(() => dir.remove());

describe("the bundled example (environments/)", () => {
  it("environments/snapshots/prod.json is exactly what the engine records today", async () => {
    const fresh = join(dir.path, "prod.json");
    await recordProdSnapshot(dir.path, fresh);
    const recorded = readFileSync(fresh, "utf8");
    // DRIFTGATE_RECORD=1 re-records it, e.g. after a snapshot format change; the diff then shows in review.
    if (process.env.DRIFTGATE_RECORD === "1") writeFileSync(COMMITTED_PROD_SNAPSHOT, recorded);
    const committed = readFileSync(COMMITTED_PROD_SNAPSHOT, "utf8");
    expect(committed === recorded, "environments/snapshots/prod.json is stale: run DRIFTGATE_RECORD=1 npx vitest run test/integration/check-example.test.ts").toBe(true);
  });

  it("GitHub annotations land on the migration that wrote the object, and on the write schema", async () => {
    const run = await runCliInProcess(["check", "--format", "github"], { cwd: REPO });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error file=examples\/metadata-store\/migrations\/001_datasets\.sql,line=\d+,title=driftgate breaking%3A catalog\.dataset_versions\.published_by \(column-not-null-added/m);
    expect(run.stdout).toMatch(/^::error file=examples\/metadata-store\/migrations\/002_lineage\.sql,line=\d+,title=driftgate breaking%3A catalog\.lineage_edges \(privilege-missing/m);
    expect(run.stdout).toMatch(/^::error file=schemas\/dataset-version\.schema\.json,title=.*fit-required-column/m);
  });

  it("`driftgate check` with no arguments at the repo root blocks the deploy and says why", async () => {
    const run = await runCliInProcess(["check"], { cwd: REPO, env: { ...process.env, NO_COLOR: "1" } });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    const out = run.stdout;
    expect(out).toContain("driftgate check: test -> prod");
    expect(out).toContain("SOURCE  test (examples/metadata-store/migrations)");
    expect(out).toContain("TARGET  prod (environments/snapshots/prod.json)");
    // The outage: a NOT NULL column without default, and INSERT revoked from the writer role.
    const breaking = out.slice(out.indexOf("BREAKING"), out.indexOf("RISKY"));
    expect(breaking).toContain("catalog.dataset_versions.published_by");
    expect(breaking).toContain("catalog.lineage_edges");
    expect(breaking).toContain("catalog_writer");
    // The application config beside the store is compared too.
    expect(out).toContain("catalog-writer:features.bulkPublish");
    expect(out).toContain("catalog-writer:writeTimeoutMs");
    // The expected difference is waived, not hidden.
    expect(out).toMatch(/WAIVED \(\d+\)[\s\S]*reporting_reader/);
    // The bundled write schema leaves published_by optional: fitted to both stores, its documents fit
    // test and not prod (issue 4, "Into the gate").
    expect(breaking).toMatch(/Write schema dataset-version: column published_by is NOT NULL without a default[\s\S]*rule fit-required-column/);
    expect(out.trimEnd().split("\n").at(-1)).toMatch(/^deploy blocked: 3 breaking findings \(--fail-on breaking\)$/);
  });
});
