/**
 * SqlSession.stream(): rows handed over per statement, in order, on both engines; errors from SQL and
 * from the caller's callback both reject; and, on a server, FLUSH_STATEMENT really lets a result out
 * while the next statement is still running (what lets readSnapshot decode during the catalog read).
 */
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FLUSH_STATEMENT } from "../../src/dialects/postgresql/catalog/catalog-script.js";
import { pgliteSession } from "../../src/dialects/postgresql/session/pglite-session.js";
import { connectServer } from "../../src/dialects/postgresql/session/server-session.js";
import type { Row, SqlSession } from "../../src/dialects/postgresql/session/sql-session.js";
import { serverUrl } from "../helpers/server-database.js";

const engines: [string, () => Promise<SqlSession>][] = [["PGlite", async () => pgliteSession(new PGlite(), true)]];
if (serverUrl) engines.push(["server", () => connectServer(serverUrl!)]);

describe.each(engines)("stream() on %s", (_name, open) => {
  let session: SqlSession;
  beforeAll(async () => {
    session = await open();
  });
  afterAll(async () => {
    await session.close();
  });

  it("hands over every row with the index of its statement among the row-returning ones", async () => {
    const seen: [unknown, number][] = [];
    const before = session.roundTrips;
    await session.stream(
      "set local statement_timeout = 0; select 1 as a; select x as b from generate_series(1, 3) x; select 'z' as c where false; select 9 as d;",
      (row, statement) => seen.push([Object.values(row)[0], statement]),
    );
    expect(seen).toEqual([[1, 0], [1, 1], [2, 1], [3, 1], [9, 3]]);
    expect(session.roundTrips - before).toBe(1);
  });

  it("rejects with the server's error, and the session stays usable", async () => {
    await expect(session.stream("select 1 as a; select * from no_such_table_here;", () => undefined)).rejects.toThrow(/no_such_table_here/);
    expect(await session.query("select 2 as two")).toEqual([{ two: 2 }]);
  });

  it("rejects with the callback's own error, and the session stays usable", async () => {
    const rows: Row[] = [];
    const failing = session.stream("select 1 as a; select 2 as a;", (row) => {
      rows.push(row);
      throw new Error("caller refused the row");
    });
    await expect(failing).rejects.toThrow("caller refused the row");
    expect(rows).toHaveLength(1);
    expect(await session.query("select 3 as three")).toEqual([{ three: 3 }]);
  });
});

describe.runIf(serverUrl)("FLUSH_STATEMENT on a server", () => {
  // Without the filler, PostgreSQL holds a small result in its send buffer until the script ends.
  async function arrivalBeforeEnd(script: string): Promise<number> {
    const session = await connectServer(serverUrl!);
    try {
      let arrived = 0;
      await session.stream(script, (row, statement) => {
        if (statement === 0) arrived = performance.now();
      });
      return performance.now() - arrived;
    } finally {
      await session.close();
    }
  }

  it("lets a result out while the next statement is still running", async () => {
    const sleep = "select pg_catalog.pg_sleep(1.5) as slept;";
    expect(await arrivalBeforeEnd(`select 'small result' as data; ${FLUSH_STATEMENT} ${sleep}`)).toBeGreaterThan(1_000);
    // The control: the same script without it delivers the result only at the end.
    expect(await arrivalBeforeEnd(`select 'small result' as data; ${sleep}`)).toBeLessThan(500);
  });
});
