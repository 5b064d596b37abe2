/**
 * Every rule fixture on the real server (when DATABASE_URL is set): SOURCE and TARGET are two scratch
 * databases of one cluster, reset between fixtures (dropping a database costs about a second), so
 * fixtures whose sides differ in cluster-wide roles run on PGlite only.
 */
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judge } from "../../../src/dialects/index.js";
import type { Snapshot } from "../../../src/dialects/postgresql/model/snapshot.js";
import { createPglite, pgliteSession } from "../../../src/dialects/postgresql/session/pglite-session.js";
import { readSnapshot } from "../../../src/dialects/postgresql/catalog/read-snapshot.js";
import { connectServer } from "../../../src/dialects/postgresql/session/server-session.js";
import { adminExec, createScratchDatabase, serverUrl, type ScratchDatabase } from "../../helpers/server-database.js";
import { dropRolesSql, richRoles, richSql } from "../../fixtures/snapshot/rich-fixture.js";
import { outcomeReport, parseWrites, proofProblems, runWrites, ServerRunners } from "./rule-writes.js";
import { asExpected, loadRuleFixtures, residueQuery, resetDatabaseSql, roleNamesFor, sortExpected, withRoles } from "./rule-fixtures.js";

const fixtures = loadRuleFixtures().filter((f) => f.engines.includes("server"));

async function snapshotOf(database: ScratchDatabase, label: string): Promise<Snapshot> {
  const session = await connectServer(database.url);
  try {
    return await readSnapshot(session, { label, kind: "server" });
  } finally {
    await session.close();
  }
}

async function residue(database: ScratchDatabase): Promise<string> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    // Other test files create roles on the same cluster at any time: roles are not counted here.
    const result = await client.query<{ residue: string }>(residueQuery(false));
    return result.rows[0]?.residue ?? "";
  } finally {
    await client.end();
  }
}

/** Drops the fixture's roles: first what they hold in each database, then the roles themselves. */
async function dropRoles(names: readonly string[], databases: readonly ScratchDatabase[]): Promise<void> {
  if (names.length === 0) return;
  // One role at a time: DROP OWNED BY a, b fails on a default ACL that names both.
  const dropOwned = names
    .map((n) => `DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = '${n}') THEN DROP OWNED BY ${n} CASCADE; END IF; END $$;`)
    .join("\n");
  for (const database of databases) await database.exec(`BEGIN READ WRITE;\n${dropOwned}\nCOMMIT;`);
  await adminExec(serverUrl!, `DROP ROLE IF EXISTS ${names.join(", ")}`);
}

let sourceDb: ScratchDatabase;
let targetDb: ScratchDatabase;
let baseline: { source: string; target: string };

describe.runIf(serverUrl)("rule fixtures on the server", () => {
  beforeAll(async () => {
    [sourceDb, targetDb] = await Promise.all([createScratchDatabase("dg_rule"), createScratchDatabase("dg_rule")]);
    baseline = { source: await residue(sourceDb), target: await residue(targetDb) };
  });

  afterAll(async () => {
    await Promise.all([sourceDb?.drop(), targetDb?.drop()]);
  });

  it.each(fixtures.map((f) => [f.name, f] as const))("%s", async (_, fixture) => {
    const names = roleNamesFor(fixture);
    const admin = decodeURIComponent(new URL(serverUrl!).username) || "postgres";
    const runners = { source: new ServerRunners(sourceDb.url, admin), target: new ServerRunners(targetDb.url, admin) };
    try {
      // One after the other: both touch shared catalogs (pg_database, pg_db_role_setting).
      await sourceDb.exec(resetDatabaseSql());
      await targetDb.exec(resetDatabaseSql());
      expect(await residue(sourceDb), "SOURCE database did not reset to its baseline").toBe(baseline.source);
      expect(await residue(targetDb), "TARGET database did not reset to its baseline").toBe(baseline.target);
      if (fixture.roles) await adminExec(serverUrl!, withRoles(fixture.roles, names));
      await Promise.all([sourceDb.exec(withRoles(fixture.source, names)), targetDb.exec(withRoles(fixture.target, names))]);
      const [source, target] = await Promise.all([snapshotOf(sourceDb, "source"), snapshotOf(targetDb, "target")]);
      const forward = judge(source, target).map((f) => asExpected(f, names));
      expect(sortExpected(forward), fixture.description).toEqual(sortExpected(fixture.findings));
      if (fixture.swapped) {
        const backward = judge(target, source).map((f) => asExpected(f, names));
        expect(sortExpected(backward), `${fixture.description} (swapped)`).toEqual(sortExpected(fixture.swapped));
      }
      // The severity proof: real logins as the writing roles, so their settings apply (see rule-writes.ts).
      const writes = parseWrites(fixture.writes, `${fixture.name}/writes.sql`);
      const outcomes = await runWrites(writes, names, { source: runners.source.run, target: runners.target.run });
      if (process.env.DRIFTGATE_WRITES_REPORT) console.log(`${fixture.name} on the server\n${outcomeReport(outcomes)}`);
      expect(proofProblems(fixture, writes, outcomes).join("\n")).toBe("");
    } finally {
      await Promise.all([runners.source.close(), runners.target.close()]);
      await dropRoles([...names.values()], [sourceDb, targetDb]);
    }
  });
});

/** rich.sql without its cluster-wide statements (roles, memberships, role settings), for a second database of the same cluster. */
function withoutClusterStatements(sql: string, roles: ReturnType<typeof richRoles>): string {
  return sql
    .split("\n")
    .filter((line) => !/^CREATE ROLE /.test(line) && line !== `GRANT ${roles.writer} TO ${roles.app};` && !/^ALTER ROLE \S+ SET /.test(line))
    .join("\n");
}

describe.runIf(serverUrl)("identical rich schemas on the server", () => {
  let pglite: PGlite | undefined;
  afterAll(async () => {
    await pglite?.close();
  });

  // The CI case: SOURCE built from the migrations on PGlite (PostgreSQL 18), TARGET a PostgreSQL 15 server.
  it("give no finding between PGlite and the server except the one note that server settings were not compared", async () => {
    const roles = richRoles();
    const sql = richSql(roles);
    let database: ScratchDatabase | undefined;
    try {
      pglite = await createPglite();
      await pglite.exec(sql);
      const embedded = await readSnapshot(pgliteSession(pglite, false), { label: "migrations", kind: "migrations" });
      database = await createScratchDatabase("dg_rich");
      await database.exec(sql);
      const server = await snapshotOf(database, "server");
      expect(embedded.content.server.versionNum).not.toBe(server.content.server.versionNum);
      for (const [a, b] of [[embedded, server], [server, embedded]] as const) {
        expect(judge(a, b).map((f) => `${f.rule} ${f.object}`)).toEqual(["settings-not-compared server settings"]);
      }
    } finally {
      await database?.drop();
      await adminExec(serverUrl!, dropRolesSql(roles));
    }
  });

  it("give zero findings in either direction, although the databases are named differently", async () => {
    const roles = richRoles();
    const sql = richSql(roles);
    const databases: ScratchDatabase[] = [];
    try {
      const [a, b] = await Promise.all([createScratchDatabase("dg_rich"), createScratchDatabase("dg_rich")]);
      databases.push(a, b);
      await a.exec(sql);
      await b.exec(withoutClusterStatements(sql, roles));
      const [source, target] = await Promise.all([snapshotOf(a, "rich a"), snapshotOf(b, "rich b")]);
      expect(source.content.database.name).not.toBe(target.content.database.name);
      expect(source.content.tables.length).toBeGreaterThan(10);
      expect(source.content.settings.length).toBeGreaterThan(5);
      expect(judge(source, target)).toEqual([]);
      expect(judge(target, source)).toEqual([]);
    } finally {
      await Promise.all(databases.map((d) => d.drop()));
      await adminExec(serverUrl!, dropRolesSql(roles));
    }
  });
});
