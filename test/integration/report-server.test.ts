import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DriftReport } from "../../src/nightly/nightly-report.js";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";
import { adminExec, serverUrl, withDatabase } from "../helpers/server-database.js";

/**
 * `driftgate report` against the real server: a fleet named by a URL template over four databases, one
 * of them odd, plus a store on a closed port of 127.0.0.1. Databases are report_<random>_<shard>.
 */
const run = Math.random().toString(16).slice(2, 8);
const shards = ["001", "002", "003", "004"];
const db = (shard: string) => `report_${run}_${shard}`;
let root: string;
let closedPort: number;

const SCHEMA = `
CREATE SCHEMA meta;
CREATE TABLE meta.jobs (id bigint PRIMARY KEY, name text NOT NULL, state text NOT NULL DEFAULT 'new');
CREATE TABLE meta.runs (job_id bigint NOT NULL REFERENCES meta.jobs, started timestamptz NOT NULL);
`;

describe.skipIf(!serverUrl)("driftgate report against the server", () => {
  beforeAll(async () => {
    for (const shard of shards) {
      await adminExec(serverUrl!, `CREATE DATABASE ${db(shard)}`);
      await adminExec(withDatabase(serverUrl!, db(shard)), SCHEMA);
    }
    // Shard 003 had a hand-made change: a NOT NULL column without a default.
    await adminExec(withDatabase(serverUrl!, db("003")), "ALTER TABLE meta.runs ADD COLUMN host text NOT NULL");
    // A port nothing listens on: bound, then released.
    closedPort = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => resolve(port));
      });
    });
    root = mkdtempSync(join(tmpdir(), "report-server-"));
    mkdirSync(join(root, "environments"));
    const template = withDatabase(serverUrl!, `report_${run}_{shard}`).replace("%7B", "{").replace("%7D", "}");
    writeFileSync(join(root, "environments", "staging.json"), JSON.stringify({ store: withDatabase(serverUrl!, db("001")), promotesTo: "prod" }));
    writeFileSync(join(root, "environments", "prod.json"), JSON.stringify({ store: template, shards }));
    writeFileSync(join(root, "environments", "dr.json"), JSON.stringify({ store: `postgres://postgres@127.0.0.1:${closedPort}/meta` }));
  }, 120_000);

  afterAll(async () => {
    for (const shard of shards) await adminExec(serverUrl!, `DROP DATABASE IF EXISTS ${db(shard)} WITH (FORCE)`);
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("reads the fleet with bounded concurrency, finds the odd shard and reports the closed port", async () => {
    const result = await runCliInProcess(["report", "--concurrency", "3", "--connect-timeout", "3000"], { cwd: root });
    expect(result.code, result.stderr).toBe(3);
    const report = JSON.parse(readFileSync(join(root, "drift-report", "report.json"), "utf8")) as DriftReport;
    const fleet = report.fleets.find((f) => f.environment === "prod")!;
    expect(fleet.groups.map((g) => g.shards)).toEqual([["001", "002", "004"], ["003"]]);
    expect(fleet.odd[0]!.shard).toBe("003");
    const host = fleet.odd[0]!.findings.find((f) => f.object === "meta.runs.host")!;
    // A write that works on the majority (no host column) fails on 003: NOT NULL, no default.
    expect(host.severity).toBe("breaking");
    expect(report.environments.find((e) => e.name === "dr")!.error).toMatch(/connect|refused|ECONNREFUSED/i);
    // staging is shard 001's database: the pair to the fleet's majority is clean.
    expect(report.pairs[0]).toMatchObject({ source: "staging", target: "prod", error: null });
    expect(report.pairs[0]!.summary.breaking).toBe(0);
    const md = readFileSync(join(root, "drift-report", "report.md"), "utf8");
    expect(md).toContain("Fleet prod: 1 store(s) differ from the majority");
    expect(md).toContain("dr:");
  });
});
