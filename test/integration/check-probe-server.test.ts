import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase, serverUrl, type ScratchDatabase } from "../helpers/server-database.js";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";

const fixtures = path.resolve(import.meta.dirname, "../fixtures/probe");
const DOCS = "docs/all-accepted.ndjson";
const TABLE = `CREATE TABLE public.apps (id bigserial PRIMARY KEY, name text NOT NULL, owner text, kind text, attrs jsonb);`;

interface Report {
  findings: { rule: string; severity: string; object: string; message: string; source?: string; target?: string }[];
}

/**
 * A probe that could not run is not a verdict: a lock held by live traffic (here LOCK TABLE ... IN SHARE
 * MODE, the lock an ordinary CREATE INDEX takes) must end probe and check --probe with exit 3 and the cause,
 * never count as the store rejecting the documents. And a probed table one side lacks is drift, not bad input.
 */
describe.runIf(serverUrl)("probe and check --probe on PostgreSQL servers: locks, and a table one side lacks", () => {
  let source: ScratchDatabase;
  let target: ScratchDatabase;
  let other: ScratchDatabase;
  let bare: ScratchDatabase;
  let readOnly: ScratchDatabase;

  beforeAll(async () => {
    [source, target, other, bare, readOnly] = await Promise.all([
      createScratchDatabase("dg_cps"),
      createScratchDatabase("dg_cpt"),
      createScratchDatabase("dg_cpo"),
      createScratchDatabase("dg_cpb"),
      createScratchDatabase("dg_cpr"),
    ]);
    await source.exec(TABLE);
    // TARGET refuses batch apps from now on (NOT VALID: old rows stay): line 2 of the documents.
    await target.exec(`${TABLE} ALTER TABLE public.apps ADD CONSTRAINT apps_no_batch CHECK (kind IS DISTINCT FROM 'batch') NOT VALID;`);
    await other.exec(`${TABLE} ALTER TABLE public.apps RENAME TO applications;`);
    await bare.exec(`CREATE TABLE public.unrelated (id int);`);
    // Production made read-only for a maintenance window: every INSERT the application makes fails.
    await readOnly.exec(`${TABLE} ALTER DATABASE ${readOnly.name} SET default_transaction_read_only = on;`);
  });

  afterAll(async () => {
    await Promise.all([source, target, other, bare, readOnly].map((db) => db?.drop()));
  });

  /** Runs `fn` while another session holds a SHARE lock on public.apps in `db`, as CREATE INDEX does. */
  async function whileLocked<T>(db: ScratchDatabase, fn: () => Promise<T>): Promise<T> {
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query("BEGIN; LOCK TABLE public.apps IN SHARE MODE");
      return await fn();
    } finally {
      await holder.query("ROLLBACK").catch(() => undefined);
      await holder.end();
    }
  }

  const check = (from: string, to: string, ...argv: string[]) =>
    runCliInProcess(["check", from, to, "--probe", DOCS, "--table", "public.apps", "--format", "json", ...argv], { cwd: fixtures });

  it("check --probe unlocked: the document TARGET rejects is breaking", async () => {
    const run = await check(source.url, target.url);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    const probed = report.findings.filter((f) => f.rule === "probe-rejected-in-target");
    expect(probed).toHaveLength(1);
    expect(probed[0]!.message).toContain(`${DOCS}:2 is accepted by SOURCE and rejected by TARGET`);
  });

  it("probe of a locked table exits 3 with the lock named, not a rejection of every document", async () => {
    const run = await whileLocked(source, () =>
      runCliInProcess(["probe", source.url, "--table", "public.apps", "--lock-timeout", "200", DOCS], { cwd: fixtures }),
    );
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^driftgate: probe of public\.apps failed: canceling statement due to lock timeout \(SQLSTATE 55P03\); the probe could not run/);
    expect(run.code).toBe(3);
  });

  it("check --probe with SOURCE locked exits 3 (both sides 'rejecting' used to hide the drift)", async () => {
    const run = await whileLocked(source, () => check(source.url, target.url, "--lock-timeout", "200"));
    expect(run.stderr).toMatch(/^driftgate: SOURCE postgres:\/\/.*: probe of public\.apps failed: .*\(SQLSTATE 55P03\); the probe could not run/);
    // The report says the pair was not compared and why, with no findings: no verdict either way.
    expect(JSON.parse(run.stdout)).toMatchObject({ findings: [], blocked: true, error: { exitCode: 3, message: expect.stringContaining("55P03") } });
    expect(run.code).toBe(3);
  });

  it("check --probe with TARGET locked exits 3, not a breaking finding", async () => {
    const run = await whileLocked(target, () => check(source.url, target.url, "--lock-timeout", "200"));
    expect(run.stderr).toMatch(/^driftgate: TARGET postgres:\/\/.*: probe of public\.apps failed: .*\(SQLSTATE 55P03\)/);
    // The report says the pair was not compared and why, with no findings: no verdict either way.
    expect(JSON.parse(run.stdout)).toMatchObject({ findings: [], blocked: true, error: { exitCode: 3, message: expect.stringContaining("55P03") } });
    expect(run.code).toBe(3);
  });

  it("the table missing in TARGET is a breaking finding and the report is written", async () => {
    const run = await check(source.url, other.url);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    const missing = report.findings.filter((f) => f.rule === "probe-rejected-in-target");
    expect(missing).toEqual([
      expect.objectContaining({
        severity: "breaking",
        object: "public.apps",
        message: expect.stringMatching(/^table public\.apps does not exist in TARGET: the 2 of 2 probed documents SOURCE accepts/),
        target: "table does not exist",
      }),
    ]);
  });

  it("the table missing in SOURCE only is risky (nothing there to compare), in both is bad input", async () => {
    const run = await check(other.url, source.url);
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout) as Report;
    const missing = report.findings.filter((f) => f.rule.startsWith("probe-"));
    expect(missing).toEqual([
      expect.objectContaining({ rule: "probe-not-compared", severity: "risky", message: expect.stringContaining("2 documents, 2 accepted, 0 rejected") }),
    ]);
    const both = await check(other.url, bare.url);
    expect(both).toMatchObject({ code: 2, stdout: "" });
    expect(both.stderr).toBe("driftgate: table public.apps does not exist in SOURCE or in TARGET\n");
  });

  it("check --probe into a read-only TARGET: every document SOURCE accepts is breaking, with PostgreSQL's 25006", async () => {
    const run = await check(source.url, readOnly.url);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    const probed = report.findings.filter((f) => f.rule === "probe-rejected-in-target");
    expect(probed).toHaveLength(2);
    for (const finding of probed) expect(finding.target).toBe("rejected: cannot execute INSERT in a read-only transaction (SQLSTATE 25006)");
  });

  it("SOURCE rejecting every document (a read-only SOURCE here) is risky: the probe compared nothing", async () => {
    const run = await check(readOnly.url, source.url);
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout) as Report;
    expect(report.findings.filter((f) => f.rule.startsWith("probe-"))).toEqual([
      expect.objectContaining({
        rule: "probe-not-compared",
        severity: "risky",
        message: `SOURCE rejected all 2 probed documents (first, ${DOCS}:1: cannot execute INSERT in a read-only transaction (SQLSTATE 25006)), so the probe compared nothing`,
        target: "2 accepted, 0 rejected",
      }),
    ]);
  });
});
