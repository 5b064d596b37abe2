/**
 * Snapshot behaviour that needs a real server: who may take it (least privilege, a connection limit), a
 * read-only database, extensions and event triggers, the parallel second connection, and round trips.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoreError } from "../../src/errors.js";
import type { Snapshot, SnapshotContent } from "../../src/dialects/postgresql/model/snapshot.js";
import { fingerprintOf } from "../../src/model/canonical-json.js";
import { resolveSnapshot } from "../../src/sources/resolve-snapshot.js";
import { serialiseSnapshot } from "../../src/files/snapshot-file.js";
import { preludeScript } from "../../src/dialects/postgresql/catalog/catalog-script.js";
import { readSnapshot } from "../../src/dialects/postgresql/catalog/read-snapshot.js";
import { connectServer } from "../../src/dialects/postgresql/session/server-session.js";
import { adminExec, createScratchDatabase, serverUrl, uniqueRole, withDatabase, type ScratchDatabase } from "../helpers/server-database.js";
import { dropRolesSql, richRoles, richSql } from "../fixtures/snapshot/rich-fixture.js";

const roles = richRoles();
const limited = uniqueRole("dg_least");
const single = uniqueRole("dg_single");

function urlAs(base: string, user: string, password?: string): string {
  const url = new URL(base);
  url.username = user;
  url.password = password ?? "";
  return url.toString();
}

/**
 * The content without what describes the whole cluster (its other roles and their settings): other test
 * files create and drop roles on the same cluster while these tests run.
 */
function storeOnly(content: SnapshotContent): SnapshotContent {
  const mine = new Set(content.roles.map((r) => r.name));
  return { ...content, otherRoles: [], roleSettings: content.roleSettings.filter((r) => r.role === null || mine.has(r.role)) };
}

function tablesSql(schema: string, count: number): string {
  const lines = [`CREATE SCHEMA ${schema};`];
  for (let i = 0; i < count; i++) {
    lines.push(
      `CREATE TABLE ${schema}.t${i} (id bigint PRIMARY KEY, name text NOT NULL, ref bigint REFERENCES ${schema}.t0 (id), created timestamptz DEFAULT now());`,
      `CREATE INDEX t${i}_name ON ${schema}.t${i} (name);`,
    );
  }
  return lines.join("\n");
}

describe.runIf(serverUrl)("snapshot against a PostgreSQL server", () => {
  let db: ScratchDatabase;
  let admin: Snapshot;
  const env = { cwd: process.cwd(), env: {} };

  beforeAll(async () => {
    db = await createScratchDatabase("dg_snapsrv");
    await db.exec(richSql(roles));
    await db.exec(
      [
        tablesSql("few", 5),
        tablesSql("many", 200),
        "CREATE SCHEMA ext",
        "CREATE EXTENSION citext SCHEMA ext",
        "CREATE EXTENSION pgcrypto SCHEMA ext",
        "CREATE EXTENSION postgres_fdw SCHEMA ext",
        "CREATE TABLE rich.contacts (email ext.citext PRIMARY KEY, secret bytea DEFAULT ext.gen_random_bytes(16))",
        "CREATE FUNCTION public.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$",
        `CREATE EVENT TRIGGER dg_ddl_${db.name} ON ddl_command_start EXECUTE FUNCTION public.on_ddl()`,
        // Least privilege: a login role that may connect to this database and do nothing else.
        `CREATE ROLE ${limited} LOGIN PASSWORD 'least-privilege-pw'`,
        `REVOKE CONNECT ON DATABASE ${db.name} FROM PUBLIC`,
        `GRANT CONNECT ON DATABASE ${db.name} TO ${limited}`,
        `CREATE ROLE ${single} LOGIN CONNECTION LIMIT 1`,
        `GRANT CONNECT ON DATABASE ${db.name} TO ${single}`,
      ].join(";\n"),
    );
    admin = await resolveSnapshot(db.url, env);
  });

  afterAll(async () => {
    await db?.drop();
    await adminExec(serverUrl!, `${dropRolesSql(roles)}, ${limited}, ${single}`);
  });

  it("lists extensions with versions and leaves their objects out of tables, routines and unmodelled", () => {
    const c = admin.content;
    expect(c.extensions).toEqual([
      { functions: expect.arrayContaining(["citext_cmp"]), name: "citext", schema: "ext", version: expect.stringMatching(/^\d+\.\d+$/) },
      // gen_random_uuid is also a built-in since PostgreSQL 13: a call to it does not need pgcrypto.
      { functions: expect.not.arrayContaining(["gen_random_uuid"]), name: "pgcrypto", schema: "ext", version: expect.stringMatching(/^\d+\.\d+$/) },
      { functions: [], name: "plpgsql", schema: "pg_catalog", version: "1.0" },
      { functions: expect.arrayContaining(["postgres_fdw_handler"]), name: "postgres_fdw", schema: "ext", version: expect.stringMatching(/^\d+\.\d+$/) },
    ]);
    expect(c.extensions[1]!.functions).toEqual(expect.arrayContaining(["gen_random_bytes", "digest"]));
    expect(c.routines.filter((r) => r.schema === "ext")).toEqual([]);
    expect(c.unmodelled.filter((u) => u.name.startsWith("ext."))).toEqual([]);
    // The wrapper postgres_fdw creates is the extension's; the fixture's own wrapper is listed.
    expect(c.unmodelled.filter((u) => u.kind === "foreign data wrapper")).toEqual([{ kind: "foreign data wrapper", name: "rich_fdw", definition: expect.any(String) }]);
    const contacts = c.tables.find((t) => t.name === "contacts")!;
    expect(contacts.columns[0]).toMatchObject({ name: "email", type: "ext.citext", typeKind: "base", typeRef: "ext.citext" });
    expect(contacts.columns[1]).toMatchObject({ name: "secret", default: "ext.gen_random_bytes(16)" });
  });

  it("lists an event trigger as unmodelled", () => {
    expect(admin.content.unmodelled).toContainEqual({ kind: "event trigger", name: `dg_ddl_${db.name}`, definition: expect.stringContaining(" EXECUTE ") });
  });

  it("works for a login role with nothing but CONNECT, and sees the same structure as a superuser", async () => {
    const least = await resolveSnapshot(urlAs(db.url, limited, "least-privilege-pw"), env);
    expect(least.origin.label).not.toContain("least-privilege-pw");
    // pg_class and friends are world-readable: structure, grants and definitions are all visible.
    expect(least.content.tables).toEqual(admin.content.tables);
    expect(least.content.views).toEqual(admin.content.views);
    expect(least.content.routines).toEqual(admin.content.routines);
    expect(least.content.sequences).toEqual(admin.content.sequences);
    expect(storeOnly(least.content)).toEqual(storeOnly(admin.content));
  });

  it("gives the same bytes with and without the parallel second connection", async () => {
    const one = await connectServer(db.url);
    const two = await connectServer(db.url);
    try {
      // Other test files change the cluster's roles meanwhile (listed in every snapshot): retried if they did.
      const cluster = (s: Snapshot) => JSON.stringify([s.content.otherRoles, s.content.roleSettings]);
      for (let attempt = 1; ; attempt++) {
        const single = await readSnapshot(one, { label: "x", kind: "server" });
        const parallel = await readSnapshot(one, { label: "x", kind: "server", parallelSession: two });
        if (cluster(single) !== cluster(parallel) && attempt < 5) continue;
        expect(serialiseSnapshot(parallel)).toBe(serialiseSnapshot(single));
        break;
      }
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it("reads with parallel query workers and JIT compilation off, in its transaction only", async () => {
    const session = await connectServer(db.url);
    try {
      const setting = async () =>
        JSON.stringify((await session.query("select current_setting('max_parallel_workers_per_gather') as workers, current_setting('jit') as jit"))[0]);
      const before = await setting();
      await session.script(preludeScript({ includeSchemas: [], excludeSchemas: [], statementTimeoutMs: 60_000, lockTimeoutMs: 5_000 }, false));
      expect(JSON.parse(await setting())).toEqual({ workers: "0", jit: "off" });
      await session.script("ROLLBACK;");
      expect(await setting()).toBe(before);
    } finally {
      await session.close();
    }
  });

  it("reads over one connection when the caller reads several stores at once, over two otherwise", async () => {
    // The server counts every session it accepts for a database (pg_stat_database.sessions), reported
    // when the session ends: waited for, then held still for a moment so a late second one would show.
    const admin = new pg.Client({ connectionString: withDatabase(serverUrl!, db.name) });
    await admin.connect();
    const sessions = async () => {
      await admin.query("select pg_catalog.pg_stat_clear_snapshot()");
      const { rows } = await admin.query("select sessions::int as n from pg_catalog.pg_stat_database where datname = $1", [db.name]);
      return Number(rows[0].n);
    };
    const sessionsOf = async (secondConnection: boolean | undefined) => {
      const before = await sessions();
      await resolveSnapshot(db.url, { ...env, secondConnection });
      let seen = 0;
      for (let waited = 0; waited < 5_000; waited += 50) {
        seen = (await sessions()) - before;
        if (seen >= (secondConnection === false ? 1 : 2)) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await new Promise((r) => setTimeout(r, 300));
      return (await sessions()) - before;
    };
    try {
      expect(await sessionsOf(false)).toBe(1);
      expect(await sessionsOf(undefined)).toBe(2);
    } finally {
      await admin.end();
    }
  });

  it("takes a constant number of round trips, whatever the number of tables", async () => {
    const session = await connectServer(db.url);
    try {
      const tripsFor = async (schema: string) => {
        const before = session.roundTrips;
        const snap = await readSnapshot(session, { label: "x", kind: "server", includeSchemas: [schema] });
        return { trips: session.roundTrips - before, tables: snap.content.tables.length };
      };
      const few = await tripsFor("few");
      const many = await tripsFor("many");
      expect([few.tables, many.tables]).toEqual([5, 200]);
      expect(many.trips).toBe(few.trips);
      expect(few.trips).toBeLessThanOrEqual(3);
    } finally {
      await session.close();
    }
  });

  it("still snapshots as a role at its connection limit, and leaves no connection behind", async () => {
    // Two connections race for one slot; whichever wins must serve, and the loser must not leak. The race
    // goes either way, so several runs: a leaked connection would make every later run fail.
    const url = urlAs(db.url, single);
    const client = new pg.Client({ connectionString: withDatabase(serverUrl!, db.name) });
    await client.connect();
    try {
      for (let i = 0; i < 8; i++) {
        const snap = await resolveSnapshot(url, env);
        expect(fingerprintOf(storeOnly(snap.content))).toBe(fingerprintOf(storeOnly(admin.content)));
        const { rows } = await client.query("select count(*)::int as n from pg_stat_activity where usename = $1", [single]);
        expect(rows[0].n, `connections left open after run ${i + 1}`).toBe(0);
      }
    } finally {
      await client.end();
    }
  });

  it("fails closed within its lock and statement timeouts, and leaves the session usable", async () => {
    const session = await connectServer(db.url);
    const locker = new pg.Client({ connectionString: db.url });
    await locker.connect();
    try {
      // Every catalog read needs pg_class: holding it exclusively makes the snapshot wait. Taking the lock
      // may itself wait (autovacuum after the fixture's DDL), so it is bounded and retried.
      for (let attempt = 1; ; attempt++) {
        try {
          await locker.query("BEGIN; SET LOCAL lock_timeout = 3000; LOCK TABLE pg_catalog.pg_class IN ACCESS EXCLUSIVE MODE");
          break;
        } catch (error) {
          await locker.query("ROLLBACK");
          if (attempt === 5) throw error;
        }
      }
      const timed = async (options: { statementTimeoutMs?: number; lockTimeoutMs?: number }) => {
        const started = Date.now();
        const error = await readSnapshot(session, { label: "locked", kind: "server", ...options }).then(
          () => null,
          (e: unknown) => e,
        );
        return { error, elapsed: Date.now() - started };
      };
      const byLock = await timed({ lockTimeoutMs: 300 });
      expect(byLock.error).toBeInstanceOf(StoreError);
      expect((byLock.error as Error).message).toMatch(/^snapshot of locked failed: canceling statement due to lock timeout \(SQLSTATE 55P03\) after waiting 300 ms for a lock another session holds on the catalog or a table: retry when it is released, or raise --lock-timeout$/);
      expect(byLock.elapsed).toBeLessThan(3000);
      const byStatement = await timed({ statementTimeoutMs: 400, lockTimeoutMs: 60_000 });
      expect((byStatement.error as Error).message).toMatch(/statement timeout \(SQLSTATE 57014\)$/);
      expect(byStatement.elapsed).toBeLessThan(3000);
      await locker.query("ROLLBACK");
      expect(fingerprintOf(storeOnly((await readSnapshot(session, { label: "x", kind: "server" })).content))).toBe(fingerprintOf(storeOnly(admin.content)));
    } finally {
      await locker.end();
      await session.close();
    }
  });

  it("reads a database whose sessions default to read-only, and records that setting", async () => {
    await db.exec(`ALTER DATABASE ${db.name} SET default_transaction_read_only = on`);
    const snap = await resolveSnapshot(db.url, env);
    expect(snap.content.roleSettings).toContainEqual({ role: null, allDatabases: false, name: "default_transaction_read_only", value: "on" });
    // The server's own value is of no use in this database, whoever reads it: the database level decides.
    expect(snap.content.settings).toContainEqual({ name: "default_transaction_read_only", value: null, unit: null });
    expect(snap.content.tables).toEqual(admin.content.tables);
  });
});
