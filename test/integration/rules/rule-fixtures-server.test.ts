/**
 * Every rule fixture on the real server (when DATABASE_URL is set): SOURCE and TARGET are two scratch
 * databases of one cluster, so fixtures whose sides differ in cluster-wide roles run on PGlite only.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { PGlite } from "@electric-sql/pglite";
import { judge } from "../../../src/diff/judge.js";
import { createPglite, pgliteSession } from "../../../src/stores/postgres/pglite-session.js";
import type { Snapshot } from "../../../src/model/snapshot.js";
import { readSnapshot } from "../../../src/stores/postgres/read-snapshot.js";
import { connectServer } from "../../../src/stores/postgres/server-session.js";
import { adminExec, createScratchDatabase, serverUrl, type ScratchDatabase } from "../../helpers/server-database.js";
import { dropRolesSql, richRoles, richSql } from "../../fixtures/snapshot/rich-fixture.js";
import { asExpected, loadRuleFixtures, roleNamesFor, sortExpected, withRoles } from "./rule-fixtures.js";

const fixtures = loadRuleFixtures().filter((f) => f.engines.includes("server"));

async function snapshotOf(database: ScratchDatabase, label: string): Promise<Snapshot> {
  const session = await connectServer(database.url);
  try {
    return await readSnapshot(session, { label, kind: "postgres" });
  } finally {
    await session.close();
  }
}

describe.runIf(serverUrl)("rule fixtures on the server", () => {
  it.each(fixtures.map((f) => [f.name, f] as const))("%s", async (_, fixture) => {
    const names = roleNamesFor(fixture);
    const databases: ScratchDatabase[] = [];
    try {
      if (fixture.roles) await adminExec(serverUrl!, withRoles(fixture.roles, names));
      const [sourceDb, targetDb] = await Promise.all([createScratchDatabase("dg_rule"), createScratchDatabase("dg_rule")]);
      databases.push(sourceDb, targetDb);
      await Promise.all([sourceDb.exec(withRoles(fixture.source, names)), targetDb.exec(withRoles(fixture.target, names))]);
      const [source, target] = await Promise.all([snapshotOf(sourceDb, "source"), snapshotOf(targetDb, "target")]);
      const forward = judge(source, target).map((f) => asExpected(f, names));
      expect(sortExpected(forward), fixture.description).toEqual(sortExpected(fixture.findings));
      if (fixture.swapped) {
        const backward = judge(target, source).map((f) => asExpected(f, names));
        expect(sortExpected(backward), `${fixture.description} (swapped)`).toEqual(sortExpected(fixture.swapped));
      }
    } finally {
      await Promise.all(databases.map((d) => d.drop()));
      if (names.size > 0) await adminExec(serverUrl!, `DROP ROLE IF EXISTS ${[...names.values()].join(", ")}`);
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
      const embedded = await readSnapshot(pgliteSession(pglite, false), { label: "migrations", kind: "sql" });
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
