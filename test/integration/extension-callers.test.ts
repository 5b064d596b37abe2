/**
 * extension-missing: risky when nothing in TARGET calls the extension (only writes that use it directly
 * fail), breaking when a TARGET routine calls one of its functions (every write that runs it fails).
 * Proved with the writes on PGlite and on the server.
 */
import type { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judge } from "../../src/dialects/index.js";
import type { Snapshot } from "../../src/dialects/postgresql/model/snapshot.js";
import { createPglite } from "../../src/dialects/postgresql/session/pglite-session.js";
import { readSnapshot } from "../../src/dialects/postgresql/catalog/read-snapshot.js";
import { connectServer } from "../../src/dialects/postgresql/session/server-session.js";
import { createScratchDatabase, serverUrl, tryRolledBack, type ScratchDatabase } from "../helpers/server-database.js";
import { snapshotPglite } from "./rules/rule-fixtures.js";

const BASE = "CREATE SCHEMA app; CREATE TABLE app.apps (id integer PRIMARY KEY, name text);";
// A trigger function that calls citext's citext_cmp(): PL/pgSQL resolves the call only when it runs.
const CALLER = `
CREATE FUNCTION app.apps_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF app.citext_cmp(NEW.name::app.citext, 'forbidden'::app.citext) = 0 THEN RAISE EXCEPTION 'forbidden'; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER apps_check BEFORE INSERT ON app.apps FOR EACH ROW EXECUTE FUNCTION app.apps_check();`;
const SOURCE = `${BASE} CREATE EXTENSION citext SCHEMA app; ${CALLER}`;
const TARGET_QUIET = BASE;
const TARGET_CALLING = `${BASE} ${CALLER}`;
const WRITE = "INSERT INTO app.apps (id, name) VALUES (1, 'a')";

function verdict(source: Snapshot, target: Snapshot): string | undefined {
  return judge(source, target).find((f) => f.rule === "extension-missing")?.severity;
}

describe("extension missing in TARGET, on PGlite", () => {
  const engines: PGlite[] = [];
  afterAll(async () => {
    await Promise.all(engines.map((e) => e.close()));
  });

  // One engine for TARGET: captured without the caller, then with it. PGlite boots are the cost here.
  it("is risky when nothing in TARGET calls it, breaking when a TARGET trigger function does", async () => {
    const [source, target] = await Promise.all([createPglite(["citext"]), createPglite()]);
    engines.push(source, target);
    await Promise.all([source.exec(SOURCE), target.exec(TARGET_QUIET)]);
    const attempt = async (db: PGlite) => {
      try {
        await db.exec(`BEGIN; ${WRITE};`);
        return "ok";
      } catch (error) {
        return (error as Error).message;
      } finally {
        await db.exec("ROLLBACK");
      }
    };
    expect(await attempt(source)).toBe("ok");
    expect(await attempt(target)).toBe("ok");
    const s = await snapshotPglite(source, "s");
    const q = await snapshotPglite(target, "quiet");
    await target.exec(CALLER);
    expect(await attempt(target)).toMatch(/does not exist/);
    const c = await snapshotPglite(target, "calling");
    expect(s.content.extensions.find((e) => e.name === "citext")?.functions).toContain("citext_cmp");
    expect(verdict(s, q)).toBe("risky");
    expect(verdict(s, c)).toBe("breaking");
  }, 180_000);
});

describe.runIf(serverUrl)("extension missing in TARGET, on the server", () => {
  const databases: ScratchDatabase[] = [];
  afterAll(async () => {
    await Promise.all(databases.map((d) => d.drop()));
  });
  let snaps: Snapshot[] = [];

  const snapshotOf = async (db: ScratchDatabase) => {
    const session = await connectServer(db.url);
    try {
      return await readSnapshot(session, { label: db.name, kind: "server" });
    } finally {
      await session.close();
    }
  };
  const attempt = (db: ScratchDatabase) => tryRolledBack(db.url, [WRITE]);


  beforeAll(async () => {
    databases.push(...(await Promise.all([createScratchDatabase("dg_ext"), createScratchDatabase("dg_ext"), createScratchDatabase("dg_ext")])));
    await Promise.all([databases[0]!.exec(SOURCE), databases[1]!.exec(TARGET_QUIET), databases[2]!.exec(TARGET_CALLING)]);
    snaps = await Promise.all(databases.map(snapshotOf));
  });

  it("is risky when nothing in TARGET calls it, breaking when a TARGET trigger function does", async () => {
    expect(await attempt(databases[0]!)).toBe("ok");
    expect(await attempt(databases[1]!)).toBe("ok");
    expect(await attempt(databases[2]!)).toMatch(/does not exist/);
    expect(verdict(snaps[0]!, snaps[1]!)).toBe("risky");
    expect(verdict(snaps[0]!, snaps[2]!)).toBe("breaking");
  });
});
