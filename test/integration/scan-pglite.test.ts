import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InvalidRow, ScanProgress } from "../../src/dialects/postgresql/scan/scan-result.js";
import { applySqlFiles } from "../../src/dialects/postgresql/migrations/sql-migrations.js";
import { createPglite, pgliteSession } from "../../src/dialects/postgresql/session/pglite-session.js";
import { scanTable } from "../../src/dialects/postgresql/scan/scan-table.js";
import type { SqlSession } from "../../src/dialects/postgresql/session/sql-session.js";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";

const fixtures = path.resolve(import.meta.dirname, "../fixtures/scan");

describe("scan on embedded PostgreSQL (PGlite, SQL-migration stores)", () => {
  let db: PGlite;
  let session: SqlSession;

  beforeAll(async () => {
    db = await createPglite();
    session = pgliteSession(db, true);
    await applySqlFiles(db, [path.join(fixtures, "store", "001-catalog.sql")]);
  });
  afterAll(async () => {
    await session?.close();
  });

  it("finds the 3 bad rows among 20 000 through the same cursor as on a server, reporting progress", async () => {
    const invalid: InvalidRow[] = [];
    const progress: ScanProgress[] = [];
    const summary = await scanTable(session, {
      table: "public.applications",
      schema: "application-row",
      cwd: fixtures,
      batchBytes: 256 * 1024,
      onInvalid: (row) => invalid.push(row),
      onProgress: (p) => progress.push(p),
    });
    expect(summary).toMatchObject({ table: "public.applications", keyKind: "primary-key", keyColumns: ["id"], rows: 20000, valid: 19997, invalid: 3, listed: 3 });
    expect(invalid.map((r) => r.key["id"]).sort()).toEqual(["12000", "19999", "4711"]);
    expect(invalid.find((r) => r.key["id"] === "4711")!.errors).toEqual([
      expect.objectContaining({ instancePath: "/name", keyword: "maxLength" }),
    ]);
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.at(-1)).toMatchObject({ rows: 20000, invalid: 3, estimatedRows: 20000 });
  });

  it("--limit-errors semantics: only the first N reach onInvalid, all are counted", async () => {
    const invalid: InvalidRow[] = [];
    const summary = await scanTable(session, {
      table: "public.applications",
      schema: "application-row",
      cwd: fixtures,
      limitErrors: 1,
      onInvalid: (row) => invalid.push(row),
    });
    expect(invalid).toHaveLength(1);
    expect(summary).toMatchObject({ invalid: 3, listed: 1 });
  });

  it("quoted names, composite keys, ctid for a table without a key", async () => {
    const weird: InvalidRow[] = [];
    const summary = await scanTable(session, {
      table: 'public."Weird; Table"',
      column: "body",
      schema: "colour",
      cwd: fixtures,
      onInvalid: (row) => weird.push(row),
    });
    expect(summary).toMatchObject({ rows: 4, invalid: 2, keyColumns: ["Key", "order"] });
    expect(weird.map((r) => r.key)).toEqual([
      { Key: "a", order: "2" },
      { Key: "b; DROP TABLE x", order: "1" },
    ]);
    const notes: InvalidRow[] = [];
    const noKey = await scanTable(session, { table: "public.notes", column: "body", schema: "note", cwd: fixtures, onInvalid: (row) => notes.push(row) });
    expect(noKey).toMatchObject({ keyKind: "ctid", invalid: 1 });
    expect(notes[0]!.key).toEqual({ ctid: "(0,2)" });
    await db.exec(`CREATE VIEW public.note_view AS SELECT body FROM public.notes`);
    const viewRows: InvalidRow[] = [];
    const view = await scanTable(session, { table: "public.note_view", column: "body", schema: "note", cwd: fixtures, onInvalid: (row) => viewRows.push(row) });
    expect(view).toMatchObject({ keyKind: "position", keyColumns: ["row"], rows: 3, invalid: 1 });
    expect(viewRows[0]!.key).toEqual({ row: "2" });
    // The session is left outside any transaction, ready for more work.
    expect(await session.query("SELECT 1 AS one")).toEqual([{ one: 1 }]);
  });

  it("the CLI scans a SQL-migration store", async () => {
    const run = await runCliInProcess(["scan", "store", "--schema", "application-attrs"], { cwd: fixtures });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      "public.applications id=19999: /tier type: must be integer\n" +
        "public.applications column attrs in store: 20000 rows, 19999 valid, 1 invalid against schemas/application-attrs.schema.json (rows named by primary key id)\n",
    );
  });
});
