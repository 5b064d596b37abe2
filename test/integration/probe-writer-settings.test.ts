import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProbeDocument } from "../../src/model/probe-result.js";
import { probeDocuments } from "../../src/dialects/postgresql/probe/probe-documents.js";
import { connectServer } from "../../src/dialects/postgresql/session/server-session.js";
import { createScratchDatabase, serverUrl, uniqueRole, withDatabase, type ScratchDatabase } from "../helpers/server-database.js";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";

const fixtures = path.resolve(import.meta.dirname, "../fixtures/probe");
const READ_ONLY = "rejected: cannot execute INSERT in a read-only transaction (SQLSTATE 25006)";

/** A login URL for `user` on the scratch database (the test server trusts local connections). */
function loginUrl(db: ScratchDatabase, user: string): string {
  const url = new URL(withDatabase(serverUrl!, db.name));
  url.username = user;
  url.password = "";
  return url.toString();
}

/**
 * Probe writes as the application would: with the database's and the writing role's defaults in force.
 * Each case is the write the application makes, and what PostgreSQL does to it when that role logs in.
 */
describe.runIf(serverUrl)("probe writes with the writing role's settings (PostgreSQL server)", () => {
  let db: ScratchDatabase;
  let admin: pg.Client;
  const writer = uniqueRole("dg_ws_writer");
  const prober = uniqueRole("dg_ws_prober");
  const superProber = uniqueRole("dg_ws_super");
  const doc = (document: unknown, line = 1): ProbeDocument => ({ source: "test", line, document });
  const count = async () => Number((await admin.query("SELECT count(*)::int AS n FROM public.apps")).rows[0].n);
  const probe = (url: string, ...argv: string[]) => runCliInProcess(["probe", url, "--table", "public.apps", ...argv, "docs/all-accepted.ndjson"], { cwd: fixtures });

  beforeAll(async () => {
    db = await createScratchDatabase("dg_ws");
    await db.exec(`
      CREATE TABLE public.apps (id bigserial PRIMARY KEY, name text NOT NULL, owner text, kind text, attrs jsonb);
      CREATE TABLE public.tenants (name text NOT NULL, tenant text NOT NULL DEFAULT current_setting('dg.tenant', true));
      CREATE FUNCTION public.slow_names() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.name LIKE 'slow%' THEN PERFORM pg_sleep(0.6); END IF; RETURN NEW; END $$;
      CREATE TRIGGER apps_slow BEFORE INSERT ON public.apps FOR EACH ROW EXECUTE FUNCTION public.slow_names();
      CREATE ROLE ${writer} NOLOGIN;
      GRANT USAGE ON SCHEMA public TO ${writer};
      GRANT SELECT, INSERT ON public.apps, public.tenants TO ${writer};
      GRANT USAGE ON SEQUENCE public.apps_id_seq TO ${writer};
      CREATE ROLE ${prober} LOGIN IN ROLE ${writer};
      CREATE ROLE ${superProber} LOGIN SUPERUSER;
      ALTER ROLE ${writer} SET dg.tenant = 'acme';
    `);
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.end();
    await db?.drop();
    await new Promise((r) => setTimeout(r, 0));
    const cleanup = new pg.Client({ connectionString: serverUrl });
    await cleanup.connect();
    try {
      for (const role of [prober, superProber, writer]) await cleanup.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
    } finally {
      await cleanup.end();
    }
  });

  it("a database made read-only rejects the write as PostgreSQL does (BEGIN READ WRITE used to override it), and nothing is committed", async () => {
    await db.exec(`ALTER DATABASE ${db.name} SET default_transaction_read_only = on`);
    try {
      const before = await count();
      const run = await probe(db.url);
      expect(run.stdout).toContain(`docs/all-accepted.ndjson:1 ${READ_ONLY}`);
      expect(run.stdout).toContain("2 documents, 0 accepted, 2 rejected");
      expect(run.code).toBe(1);
      const asWriter = await probe(db.url, "--as-role", writer);
      expect(asWriter.code).toBe(1);
      expect(asWriter.stdout).toContain(READ_ONLY);
      // The role's own setting in this database outranks the database's, as at login.
      await admin.query(`ALTER ROLE ${writer} IN DATABASE ${db.name} SET default_transaction_read_only = off`);
      const overridden = await probe(db.url, "--as-role", writer);
      expect(overridden).toMatchObject({ code: 0, stderr: "" });
      expect(await count()).toBe(before);
    } finally {
      // admin logged in before the database became read-only.
      await admin.query(`ALTER DATABASE ${db.name} RESET default_transaction_read_only; ALTER ROLE ${writer} IN DATABASE ${db.name} RESET ALL`);
    }
  });

  it("--as-role applies the role's settings, which SET ROLE alone does not: read-only, and custom settings defaults use", async () => {
    await admin.query(`ALTER ROLE ${writer} SET default_transaction_read_only = on`);
    try {
      const asWriter = await probe(db.url, "--as-role", writer);
      expect(asWriter.code).toBe(1);
      expect(asWriter.stdout).toContain(`docs/all-accepted.ndjson:2 ${READ_ONLY}`);
      // The connecting role itself has no such setting: without --as-role its writes go through.
      expect((await probe(db.url)).code).toBe(0);
    } finally {
      await admin.query(`ALTER ROLE ${writer} RESET default_transaction_read_only`);
    }
    // dg.tenant comes from the writer's settings; without them the NOT NULL default has nothing to give.
    const session = await connectServer(db.url);
    try {
      const asAdmin = await probeDocuments(session, { table: "public.tenants", documents: [doc({ name: "a" })] });
      expect(asAdmin[0]).toMatchObject({ outcome: "rejected", error: { sqlstate: "23502", column: "tenant" } });
      const asWriter = await probeDocuments(session, { table: "public.tenants", role: writer, documents: [doc({ name: "a" })] });
      expect(asWriter[0]!.outcome).toBe("accepted");
      // Everything was local to the probe's transaction (a custom setting, once used, reads as empty).
      const after = (await session.query("SELECT current_user AS u, current_setting('dg.tenant', true) AS t, current_setting('default_transaction_read_only') AS ro"))[0]!;
      expect(after).toEqual({ u: "postgres", t: "", ro: "off" });
    } finally {
      await session.close();
    }
  });

  it("the connecting login's own role settings do not stand for the writer's", async () => {
    // The usual read-only login: its default does not apply to the application's writes as another role.
    await admin.query(`ALTER ROLE ${superProber} SET default_transaction_read_only = on`);
    await admin.query(`ALTER ROLE ${prober} SET default_transaction_read_only = on`);
    try {
      const own = await probe(loginUrl(db, superProber));
      expect(own.code).toBe(1);
      expect(own.stdout).toContain(READ_ONLY);
      const asWriter = await probe(loginUrl(db, superProber), "--as-role", writer);
      expect(asWriter).toMatchObject({ code: 0, stderr: "" });
      // A login that cannot read the server's configuration cannot tell what the writer gets: fail closed.
      const blind = await probe(loginUrl(db, prober), "--as-role", writer);
      expect(blind.code).toBe(3);
      expect(blind.stderr).toMatch(/^driftgate: cannot tell which default_transaction_read_only role "dg_ws_writer_[0-9a-f]+" logs in with/);
      expect(blind.stdout).toBe("");
    } finally {
      await admin.query(`ALTER ROLE ${superProber} RESET ALL; ALTER ROLE ${prober} RESET ALL`);
    }
  });

  it("the role's statement_timeout holds each document's INSERT: a slow trigger on one document is that document's rejection", async () => {
    await admin.query(`ALTER ROLE ${writer} SET statement_timeout = '250ms'`);
    try {
      const session = await connectServer(db.url);
      try {
        const documents = [doc({ name: "quick" }, 1), doc({ name: "slow-one" }, 2), doc({ name: "quick-too" }, 3)];
        const asWriter = await probeDocuments(session, { table: "public.apps", role: writer, documents });
        expect(asWriter.map((r) => r.outcome)).toEqual(["accepted", "rejected", "accepted"]);
        expect(asWriter[1]).toMatchObject({ error: { sqlstate: "57014", message: "canceling statement due to statement timeout" } });
        // The connecting role has no timeout: the same slow write succeeds for it.
        const asAdmin = await probeDocuments(session, { table: "public.apps", documents });
        expect(asAdmin.map((r) => r.outcome)).toEqual(["accepted", "accepted", "accepted"]);
        expect((await session.query("SELECT current_setting('statement_timeout') AS t"))[0]!["t"]).toBe("0");
      } finally {
        await session.close();
      }
      // A lock wait is still a wait, not the document's timeout: it gives up first, and the probe cannot run.
      const holder = new pg.Client({ connectionString: db.url });
      await holder.connect();
      try {
        await holder.query("BEGIN; LOCK TABLE public.apps IN SHARE MODE");
        const locked = await probe(db.url, "--as-role", writer);
        expect(locked.stdout).toBe("");
        expect(locked.stderr).toMatch(/^driftgate: probe of public\.apps failed: canceling statement due to lock timeout \(SQLSTATE 55P03\)/);
        expect(locked.code).toBe(3);
      } finally {
        await holder.query("ROLLBACK").catch(() => undefined);
        await holder.end();
      }
    } finally {
      await admin.query(`ALTER ROLE ${writer} RESET statement_timeout`);
    }
  });

  it("a setting of the writer that the connecting login may not set: ignored when it only touches logging, else fail closed", async () => {
    await admin.query(`ALTER ROLE ${writer} SET log_statement = 'all'`);
    try {
      expect(await probe(loginUrl(db, prober), "--as-role", writer)).toMatchObject({ code: 0, stderr: "" });
      // Replica mode turns triggers off for the writer: a probe without it would judge different writes.
      await admin.query(`ALTER ROLE ${writer} SET session_replication_role = replica`);
      const run = await probe(loginUrl(db, prober), "--as-role", writer);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/^driftgate: cannot write with role "dg_ws_writer_[0-9a-f]+"'s setting session_replication_role: permission denied to set parameter "session_replication_role" \(SQLSTATE 42501\)/);
      // A superuser login applies it, as PostgreSQL does at the writer's login.
      expect((await probe(loginUrl(db, superProber), "--as-role", writer)).code).toBe(0);
    } finally {
      await admin.query(`ALTER ROLE ${writer} RESET log_statement; ALTER ROLE ${writer} RESET session_replication_role`);
    }
  });
});
