/**
 * Environment files may name the roles the application writes as ("writers"): settings are then judged
 * as each writer gets them at login. On embedded PostgreSQL, with the writes themselves tried as the writer.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeSnapshotFile } from "../../src/files/snapshot-file.js";
import { createPglite } from "../../src/dialects/postgresql/session/pglite-session.js";
import { snapshotPglite } from "./rules/rule-fixtures.js";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";
import { tempDir, writeJson, type JsonReport } from "./check-support.js";

const dir = tempDir("dg-writers-");
afterAll(() => dir.remove());

const STORE = `
CREATE ROLE app_writer LOGIN;
CREATE SCHEMA app;
CREATE TABLE app.apps (id integer PRIMARY KEY);
GRANT USAGE ON SCHEMA app TO app_writer;
GRANT INSERT ON app.apps TO app_writer;
`;
// Prod: read-only for every role by default, but the application's writer is kept writable in it.
const PROD = `${STORE}
DO $$ BEGIN
  EXECUTE format('ALTER DATABASE %I SET default_transaction_read_only = on', current_database());
  EXECUTE format('ALTER ROLE app_writer IN DATABASE %I SET default_transaction_read_only = off', current_database());
END $$;
`;

let testDb: PGlite;
let prodDb: PGlite;

beforeAll(async () => {
  [testDb, prodDb] = await Promise.all([createPglite(), createPglite()]);
  await testDb.exec(STORE);
  await prodDb.exec(PROD);
  // Snapshot files as the stores: the CLI then boots no engine of its own.
  await writeSnapshotFile(join(dir.path, "test.json"), await snapshotPglite(testDb, "test"));
  await writeSnapshotFile(join(dir.path, "prod.json"), await snapshotPglite(prodDb, "prod"));
}, 180_000);
afterAll(async () => {
  await Promise.all([testDb?.close(), prodDb?.close()]);
});

function setUp(name: string, writers: string[] | null): string {
  const root = join(dir.path, name);
  mkdirSync(join(root, "environments"), { recursive: true });
  const extra = writers ? { writers } : {};
  writeJson(join(root, "environments", "test.json"), { store: "../../test.json", promotesTo: "prod", ...extra });
  writeJson(join(root, "environments", "prod.json"), { store: "../../prod.json", ...extra });
  return root;
}

/** A fresh login as the writer applies its role and database settings; PGlite has one session, so they are applied by hand in PostgreSQL's order. */
async function insertAsWriter(db: PGlite): Promise<string> {
  const settings = await db.query<{ setting: string }>(
    `select unnest(s.setconfig) as setting from pg_db_role_setting s
     left join pg_roles r on r.oid = s.setrole
     where s.setdatabase in (0, (select oid from pg_database where datname = current_database()))
       and (s.setrole = 0 or r.rolname = 'app_writer')
     order by (s.setrole <> 0), (s.setdatabase <> 0)`,
  );
  const sets = settings.rows.map((r) => {
    const [name, value] = r.setting.split("=");
    return `SET ${name} = ${value};`;
  });
  try {
    // Separate round trips: in one, the SETs would open the implicit transaction before BEGIN, read-write.
    await db.exec(`${sets.join("\n")}\nSET ROLE app_writer;`);
    await db.exec("BEGIN; INSERT INTO app.apps (id) VALUES (1);");
    return "ok";
  } catch (error) {
    return (error as Error).message;
  } finally {
    await db.exec("ROLLBACK; RESET ROLE; RESET ALL;").catch(() => undefined);
  }
}

describe("environment writers", () => {
  it("the writes themselves: the writer writes in test and prod; without its own setting it could not", async () => {
    expect(await insertAsWriter(testDb)).toBe("ok");
    expect(await insertAsWriter(prodDb)).toBe("ok");
    await prodDb.exec("DO $$ BEGIN EXECUTE format('ALTER ROLE app_writer IN DATABASE %I RESET ALL', current_database()); END $$;");
    expect(await insertAsWriter(prodDb)).toMatch(/read-only transaction/);
  });

  it("without writers the read-only database blocks; with the writer named, what it gets decides and nothing blocks", async () => {
    const without = await runCliInProcess(["check", "--format", "json"], { cwd: setUp("without", null) });
    expect(without.code).toBe(1);
    const a = JSON.parse(without.stdout) as JsonReport;
    expect(a.findings.filter((f) => f.severity === "breaking").map((f) => [f.rule, f.object])).toEqual([["setting-read-only", "default_transaction_read_only (database)"]]);

    const withWriters = await runCliInProcess(["check", "--format", "json"], { cwd: setUp("with", ["app_writer"]) });
    expect(withWriters.stderr).toBe("");
    expect(withWriters.code).toBe(0);
    const b = JSON.parse(withWriters.stdout) as JsonReport;
    expect(b.findings.filter((f) => f.severity !== "info")).toEqual([]);
    expect(b.findings.find((f) => f.object === "default_transaction_read_only (database)")?.severity).toBe("info");
  });

  it("an environment file with a malformed writers list is bad input (exit 2)", async () => {
    const root = setUp("bad", null);
    writeJson(join(root, "environments", "prod.json"), { store: "../../prod.json", writers: "app_writer" });
    const run = await runCliInProcess(["check"], { cwd: root });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/writers/);
  });
});
