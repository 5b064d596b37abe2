import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoreError } from "../../src/errors.js";
import type { ProbeDocument } from "../../src/model/probe-result.js";
import { probeDocuments } from "../../src/dialects/postgresql/probe/probe-documents.js";
import { connectServer } from "../../src/dialects/postgresql/session/server-session.js";
import { createScratchDatabase, serverUrl, uniqueRole, type ScratchDatabase } from "../helpers/server-database.js";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";

const fixtures = path.resolve(import.meta.dirname, "../fixtures/probe");
const docs = (name: string) => path.join(fixtures, "docs", name);

async function applyFixture(db: ScratchDatabase): Promise<void> {
  const dir = path.join(fixtures, "store");
  for (const file of (await readdir(dir)).sort()) await db.exec(await readFile(path.join(dir, file), "utf8"));
}

describe.runIf(serverUrl)("probe against the PostgreSQL server", () => {
  let db: ScratchDatabase;
  let admin: pg.Client;
  const writer = uniqueRole("dg_probe_writer");
  const reader = uniqueRole("dg_probe_reader");

  const count = async (table: string) => Number((await admin.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);
  const counts = async () => ({ applications: await count("public.applications"), releases: await count("public.releases"), settings: await count("public.settings") });
  const probe = (argv: string[]) => runCliInProcess(["probe", db.url, ...argv], { cwd: fixtures });
  const doc = (document: unknown, line = 1): ProbeDocument => ({ source: "test", line, document });

  beforeAll(async () => {
    db = await createScratchDatabase("dg_probe");
    await applyFixture(db);
    await db.exec(`
      CREATE ROLE ${writer} NOLOGIN; CREATE ROLE ${reader} NOLOGIN;
      GRANT USAGE ON SCHEMA public TO ${writer}, ${reader};
      GRANT SELECT, INSERT ON public.applications TO ${writer};
      GRANT USAGE ON SEQUENCE public.applications_id_seq TO ${writer};
      GRANT SELECT ON public.applications TO ${reader};
      ALTER TABLE public.applications ENABLE ROW LEVEL SECURITY;
      CREATE POLICY writers_see_all ON public.applications FOR SELECT USING (true);
      CREATE POLICY writers_add_web_apps ON public.applications FOR INSERT WITH CHECK (kind = 'web');
    `);
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
  });

  afterAll(async () => {
    // Roles are cluster-wide: drop them first (after their grants), so a slow DROP DATABASE cannot leak them.
    await admin?.query(`DROP OWNED BY ${writer}, ${reader}; DROP ROLE ${writer}; DROP ROLE ${reader}`).catch(() => undefined);
    await admin?.end();
    await db?.drop();
  });

  it("reports PostgreSQL's own error for a trigger and a NOT VALID check, judges each document alone, and leaves no row", async () => {
    const before = await counts();
    const run = await probe(["--table", "public.applications", "docs/applications.ndjson"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`docs/applications.ndjson:2 rejected: application name reserved-admin is reserved (SQLSTATE 23514)`);
    expect(run.stdout).toContain("  hint: pick a name without the reserved- prefix");
    expect(run.stdout).toContain(
      `docs/applications.ndjson:3 rejected: new row for relation "applications" violates check constraint "applications_owner_present" (SQLSTATE 23514, constraint applications_owner_present)`,
    );
    // Line 6 repeats line 1's unique name: it is accepted because line 1's row was rolled back before it ran.
    expect(run.stdout).not.toMatch(/:1 rejected|:5 rejected|:6 rejected/);
    expect(run.stdout).toContain("5 documents, 3 accepted, 2 rejected; nothing committed (rolled back)");
    expect(await counts()).toEqual(before);
  });

  it("a NOT VALID check still applies to new rows while the old violating row stays", async () => {
    const constraint = await admin.query(`SELECT convalidated FROM pg_constraint WHERE conname = 'applications_owner_present'`);
    expect(constraint.rows[0].convalidated).toBe(false);
    expect(await count("public.applications WHERE owner IS NULL")).toBe(1);
    const session = await connectServer(db.url);
    try {
      const results = await probeDocuments(session, { table: "public.applications", documents: [doc({ name: "ownerless" }), doc({ name: "owned", owner: "x" }, 2)] });
      expect(results[0]).toMatchObject({ outcome: "rejected", error: { sqlstate: "23514", constraint: "applications_owner_present", table: "applications", schema: "public" } });
      expect(results[1]).toEqual({ source: "test", line: 2, outcome: "accepted" });
    } finally {
      await session.close();
    }
  });

  it("catches a column default whose function raises, and accepts the document that gives the column", async () => {
    const run = await probe(["--table", "public.releases", "docs/releases.ndjson"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("docs/releases.ndjson:2 rejected: stamp must be given explicitly (SQLSTATE P0001)");
    expect(run.stdout).not.toContain("releases.ndjson:1 rejected");
    expect(await count("public.releases")).toBe(0);
  });

  it("judges privileges and RLS policies as the application's role", async () => {
    const batch = { name: "nightly", owner: "data", kind: "batch" };
    const session = await connectServer(db.url);
    try {
      const asOwner = await probeDocuments(session, { table: "public.applications", documents: [doc(batch)] });
      expect(asOwner[0]!.outcome).toBe("accepted"); // the table owner bypasses RLS
      const asWriter = await probeDocuments(session, { table: "public.applications", role: writer, documents: [doc(batch), doc({ name: "site", owner: "web" }, 2)] });
      expect(asWriter[0]).toMatchObject({ outcome: "rejected", error: { sqlstate: "42501", message: `new row violates row-level security policy for table "applications"` } });
      expect(asWriter[1]!.outcome).toBe("accepted");
      const asReader = await probeDocuments(session, { table: "public.applications", role: reader, documents: [doc({ name: "site", owner: "web" })] });
      expect(asReader[0]).toMatchObject({ outcome: "rejected", error: { sqlstate: "42501", message: "permission denied for table applications" } });
      // The role was set for the probe's transaction only.
      expect((await session.query("SELECT current_user AS u"))[0]!["u"]).toBe("postgres");
    } finally {
      await session.close();
    }
    const cli = await probe(["--table", "public.applications", "--as-role", reader, "docs/unknown-property.json"]);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain("docs/unknown-property.json rejected: ");
    expect(cli.stdout).toContain(`as role ${reader}`);
  });

  it("reads NDJSON from stdin with -, named by line", async () => {
    const stdin = `${JSON.stringify({ name: "from-stdin", owner: "o" })}\n\n${JSON.stringify({ name: "reserved-stdin", owner: "o" })}\n`;
    const run = await runCliInProcess(["probe", db.url, "--table", "public.applications", "-"], { cwd: fixtures, stdin });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^-:3 rejected: application name reserved-stdin is reserved \(SQLSTATE 23514\)\n/);
    expect(run.stdout).toContain("2 documents, 1 accepted, 1 rejected");
  });

  it("a property without a column fails as the application's INSERT would", async () => {
    const run = await probe(["--table", "public.applications", "docs/unknown-property.json", "--format", "json"]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.committed).toBe(false);
    expect(report.results).toEqual([
      {
        source: "docs/unknown-property.json",
        line: null,
        outcome: "rejected",
        error: expect.objectContaining({ sqlstate: "42703", message: `column "colour" of relation "applications" does not exist` }),
      },
    ]);
    expect(report.summary).toEqual({ documents: 1, accepted: 0, rejected: 1 });
  });

  it("writes whole documents into --column", async () => {
    const run = await probe(["--table", "public.settings", "--column", "body", "docs/settings.ndjson"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`docs/settings.ndjson:2 rejected: new row for relation "settings" violates check constraint "settings_body_check"`);
    expect(run.stdout).toContain("2 documents, 1 accepted, 1 rejected");
  });

  it("all accepted is exit 0; the sequence advances, which a rollback cannot undo", async () => {
    const seq = async () => Number((await admin.query(`SELECT last_value::int AS v FROM public.applications_id_seq`)).rows[0].v);
    const before = { rows: await counts(), seq: await seq() };
    const session = await connectServer(db.url);
    const documents = Array.from({ length: 1200 }, (_, i) => doc({ name: `bulk-${i}`, owner: "o" }, i + 1));
    try {
      const results = await probeDocuments(session, { table: "public.applications", documents });
      expect(results).toHaveLength(1200);
      expect(results.every((r) => r.outcome === "accepted")).toBe(true);
      // Several batches went in a handful of round trips, not one per document.
      expect(session.roundTrips).toBeLessThan(20);
    } finally {
      await session.close();
    }
    expect(await counts()).toEqual(before.rows);
    expect(await seq()).toBeGreaterThanOrEqual(before.seq + 1200);
    const run = await probe(["--table", "public.applications", "docs/all-accepted.ndjson"]);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toContain("2 documents, 2 accepted, 0 rejected; nothing committed (rolled back)");
  });

  it("a connection killed mid-probe leaves nothing behind and exits 3", async () => {
    await db.exec(`
      CREATE FUNCTION public.slow_names() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.name = 'slow' THEN PERFORM pg_sleep(30); END IF; RETURN NEW; END $$;
      CREATE TRIGGER applications_slow BEFORE INSERT ON public.applications FOR EACH ROW EXECUTE FUNCTION public.slow_names();
    `);
    const before = await counts();
    const dir = await mkdtemp(path.join(tmpdir(), "dg-probe-kill-"));
    try {
      const lines = Array.from({ length: 200 }, (_, i) => JSON.stringify({ name: `early-${i}`, owner: "o" }));
      lines.push(JSON.stringify({ name: "slow", owner: "o" }));
      await writeFile(path.join(dir, "docs.ndjson"), `${lines.join("\n")}\n`);
      const running = runCliInProcess(["probe", db.url, "--table", "public.applications", "docs.ndjson"], { cwd: dir });
      let pid: number | undefined;
      for (let i = 0; i < 200 && pid === undefined; i++) {
        const active = await admin.query(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'driftgate' AND state = 'active' AND query LIKE 'DO %'`,
        );
        pid = active.rows[0]?.pid;
        if (pid === undefined) await new Promise((r) => setTimeout(r, 50));
      }
      expect(pid).toBeDefined();
      await admin.query("SELECT pg_terminate_backend($1)", [pid]);
      const run = await running;
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/^driftgate: probe of public\.applications failed: .*terminat/);
      expect(await counts()).toEqual(before);
      expect(await count("public.applications WHERE name LIKE 'early-%' OR name = 'slow'")).toBe(0);
    } finally {
      await db.exec("DROP TRIGGER applications_slow ON public.applications");
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("bad input is exit 2: unknown table, unknown role, a line that is not JSON, a document that is not an object", async () => {
    const table = await probe(["--table", "public.Applications", "docs/applications.ndjson"]);
    expect(table).toMatchObject({ code: 2, stdout: "" });
    expect(table.stderr).toBe(`driftgate: table public."Applications" does not exist (did you mean public.applications?)\n`);
    const role = await probe(["--table", "public.applications", "--as-role", "no_such_role_dg", "docs/applications.ndjson"]);
    expect(role).toMatchObject({ code: 2, stderr: `driftgate: role "no_such_role_dg" does not exist\n` });
    const notJson = await probe(["--table", "public.applications", "docs/not-json.ndjson"]);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/^driftgate: docs\/not-json\.ndjson:2: not valid JSON/);
    const array = await probe(["--table", "public.settings", "docs/settings.ndjson"]);
    expect(array.code).toBe(2);
    expect(array.stderr).toContain("docs/settings.ndjson:2: a document must be a JSON object");
    const missing = await probe(["--table", "public.applications"]);
    expect(missing.code).toBe(2);
  });

  it("an unreachable store is exit 3, with the password masked", async () => {
    const run = await runCliInProcess(
      ["probe", "postgres://dg:s3cret-pw@127.0.0.1:1/nowhere", "--table", "public.applications", "--connect-timeout", "300", "docs/applications.ndjson"],
      { cwd: fixtures },
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^driftgate: cannot connect to postgres:\/\/dg:\*\*\*@127\.0\.0\.1:1\/nowhere/);
    expect(run.stderr).not.toContain("s3cret-pw");
  });

  it("a probe that fails on the server is a StoreError from the library", async () => {
    const session = await connectServer(db.url);
    try {
      await expect(
        probeDocuments(session, { table: "public.applications", statementTimeoutMs: 1, documents: Array.from({ length: 400 }, (_, i) => doc({ name: `t-${i}`, owner: "o" }, i)) }),
      ).rejects.toBeInstanceOf(StoreError);
    } finally {
      await session.close();
    }
  });
});
