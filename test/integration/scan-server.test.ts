import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoreError } from "../../src/errors.js";
import type { InvalidRow } from "../../src/dialects/postgresql/scan/scan-result.js";
import { connectServer } from "../../src/dialects/postgresql/session/server-session.js";
import { scanTable } from "../../src/dialects/postgresql/scan/scan-table.js";
import { createScratchDatabase, serverUrl, type ScratchDatabase } from "../helpers/server-database.js";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";

const fixtures = path.resolve(import.meta.dirname, "../fixtures/scan");

describe.runIf(serverUrl)("scan against the PostgreSQL server", () => {
  let db: ScratchDatabase;
  const scan = (argv: string[], options: { isTTY?: boolean } = {}) => runCliInProcess(["scan", db.url, ...argv], { cwd: fixtures, ...options });

  beforeAll(async () => {
    db = await createScratchDatabase("dg_scan");
    await db.exec(await readFile(path.join(fixtures, "store", "001-catalog.sql"), "utf8"));
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("finds the 3 invalid rows among 20 000 and names them by primary key", async () => {
    const run = await scan(["--schema", "application-row"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines.slice(0, -1).sort()).toEqual([
      "public.applications id=12000: /kind enum: must be one of \"web\", \"batch\"",
      "public.applications id=19999: /attrs/tier type: must be integer",
      "public.applications id=4711: /name maxLength: must NOT have more than 40 characters",
    ]);
    expect(lines.at(-1)).toMatch(
      /^public\.applications in postgres:\/\/.*: 20000 rows, 19997 valid, 3 invalid against schemas\/application-row\.schema\.json \(rows named by primary key id\)$/,
    );
  });

  it("--limit-errors stops listing but keeps counting; json output carries the same facts", async () => {
    const run = await scan(["--schema", "application-row", "--limit-errors", "2"]);
    expect(run.code).toBe(1);
    expect(run.stdout.match(/^public\.applications id=/gm)).toHaveLength(2);
    expect(run.stdout).toContain("(1 more invalid row not listed: --limit-errors 2)\n");
    expect(run.stdout).toContain("20000 rows, 19997 valid, 3 invalid");

    const none = await scan(["--schema", "application-row", "--limit-errors", "0"]);
    expect(none.code).toBe(1);
    expect(none.stdout).toMatch(/^\(3 more invalid rows not listed: --limit-errors 0\)\npublic\.applications in .*20000 rows, 19997 valid, 3 invalid/);
    const bad = await scan(["--schema", "application-row", "--limit-errors", "-1"]);
    expect(bad.code).toBe(2);

    const json = await scan(["--schema", "application-row", "--limit-errors", "1", "--format", "json"]);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.table).toBe("public.applications");
    expect(report.invalidRows).toHaveLength(1);
    expect(Object.keys(report.invalidRows[0].key)).toEqual(["id"]);
    expect(report.summary).toMatchObject({ keyKind: "primary-key", keyColumns: ["id"], rows: 20000, valid: 19997, invalid: 3, listed: 1, unlisted: 2 });
    expect(json.stdout).not.toContain("password");
  });

  it("validates one jsonb column, taking table and column from the schema's x-driftgate", async () => {
    const run = await scan(["--schema", "application-attrs"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("public.applications id=19999: /tier type: must be integer\n");
    expect(run.stdout).toContain("public.applications column attrs in ");
    expect(run.stdout).toContain("20000 rows, 19999 valid, 1 invalid");
  });

  it("quotes a table name that needs it, with a composite key and a pretty-printed json column (NULL is JSON null)", async () => {
    const run = await scan(["--table", 'public."Weird; Table"', "--column", "body", "--schema", "colour"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`public."Weird; Table" ("Key", "order")=(a, 2): /colour enum: must be one of "red", "green", "blue"\n`);
    expect(run.stdout).toContain(`public."Weird; Table" ("Key", "order")=(b; DROP TABLE x, 1): / type: must be object\n`);
    expect(run.stdout).toContain("4 rows, 2 valid, 2 invalid");
    const table = await scan(["--table", "public.Weird; Table", "--column", "body", "--schema", "colour"]);
    expect(table.code).toBe(1);
    expect(table.stdout).toContain("4 rows, 2 valid, 2 invalid");
  });

  it("names rows of a table without a primary key by ctid", async () => {
    const run = await scan(["--table", "public.notes", "--column", "body", "--schema", "note"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("public.notes ctid=(0,2): /text type: must be string\n");
    expect(run.stdout).toContain("(rows named by ctid)");
  });

  it("all valid is exit 0; a progress line on stderr only on a TTY, cleared at the end", async () => {
    await db.exec(`CREATE TABLE public.good AS SELECT id, name, kind, attrs, created_at FROM public.applications WHERE id NOT IN (4711, 12000, 19999);
                   ALTER TABLE public.good ADD PRIMARY KEY (id);`);
    const run = await scan(["--table", "public.good", "--schema", "application-row"], { isTTY: true });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/19997 rows, 19997 valid, 0 invalid/);
    expect(run.stderr).toMatch(/^\r\x1b\[Kscanning public\.good: \d+ rows.*, 0 invalid/);
    expect(run.stderr.endsWith("\r\x1b[K")).toBe(true);
    const quiet = await scan(["--table", "public.good", "--schema", "application-row"]);
    expect(quiet).toMatchObject({ code: 0, stderr: "" });
  });

  it("streams: rows arrive over many fetches, in a read-only transaction that cannot write", async () => {
    const session = await connectServer(db.url);
    try {
      const invalid: InvalidRow[] = [];
      const summary = await scanTable(session, {
        table: "public.applications",
        schema: "application-row",
        cwd: fixtures,
        batchBytes: 64 * 1024,
        onInvalid: (row) => invalid.push(row),
      });
      expect(summary).toMatchObject({ rows: 20000, valid: 19997, invalid: 3, listed: 3 });
      expect(invalid.map((r) => r.key["id"]).sort()).toEqual(["12000", "19999", "4711"]);
      // 20 000 rows of ~250 bytes in 64 kB fetches: dozens of round trips, never the table at once.
      expect(session.roundTrips).toBeGreaterThan(40);

      await session.query(`CREATE FUNCTION public.sneaky() RETURNS jsonb LANGUAGE sql AS $$ INSERT INTO public.notes VALUES ('{}') RETURNING body $$`);
      await session.query(`CREATE VIEW public.sneaky_view AS SELECT public.sneaky() AS body`);
      const error = await scanTable(session, { table: "public.sneaky_view", column: "body", schema: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toMatch(/read-only transaction/);
      const byCopy = await scanTable(db.url, { table: "public.sneaky_view", column: "body", schema: true }).catch((e: unknown) => e);
      expect(byCopy).toBeInstanceOf(StoreError);
      expect((byCopy as Error).message).toMatch(/read-only transaction/);
      expect((await session.query("SELECT count(*)::int AS n FROM public.notes"))[0]!["n"]).toBe(3);
    } finally {
      await session.close();
    }
  });

  it("COPY (from a URL) and the cursor (from a session) read the same rows, whatever bytes keys and values hold", async () => {
    await db.exec(`
      CREATE TABLE public.raw_docs (id text PRIMARY KEY, body text);
      INSERT INTO public.raw_docs VALUES
        (E'plain', '{"text": "ok"}'),
        (E'tab\there', E'{"text":\n "pretty"}'),
        (E'ctl\x01\x02', E'{"text": 1}'),
        (E'new\nline "quoted"', E'\x01 not json \x02'),
        (E'empty', ''),
        (E'null', NULL),
        (E'ünï😀', '{"text": "ünï😀"}');
    `);
    const collect = async (store: string | Awaited<ReturnType<typeof connectServer>>) => {
      const rows: InvalidRow[] = [];
      const summary = await scanTable(store, { table: "public.raw_docs", column: "body", schema: "note", cwd: fixtures, onInvalid: (r) => rows.push(r) });
      return { summary, rows: rows.map((r) => ({ key: r.key, errors: r.errors.map((e) => e.keyword) })).sort((a, b) => String(a.key["id"]).localeCompare(String(b.key["id"]))) };
    };
    const byCopy = await collect(db.url);
    const session = await connectServer(db.url);
    try {
      const byCursor = await collect(session);
      expect(byCopy.rows).toEqual(byCursor.rows);
      expect({ ...byCopy.summary, elapsedMs: 0 }).toEqual({ ...byCursor.summary, elapsedMs: 0 });
    } finally {
      await session.close();
    }
    expect(byCopy.summary).toMatchObject({ rows: 7, valid: 3, invalid: 4 });
    expect(byCopy.rows).toEqual(
      [
        { key: { id: "ctl\x01\x02" }, errors: ["type"] },
        { key: { id: "empty" }, errors: ["json"] },
        { key: { id: 'new\nline "quoted"' }, errors: ["json"] },
        { key: { id: "null" }, errors: ["type"] },
      ].sort((a, b) => a.key.id.localeCompare(b.key.id)),
    );
  });

  it("a statement timeout fails closed (exit 3) and says how to raise it", async () => {
    await db.exec(`CREATE VIEW public.slow AS SELECT pg_sleep(2)::text AS body`);
    const run = await scan(["--table", "public.slow", "--column", "body", "--schema", "note", "--statement-timeout", "100"]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^driftgate: scan of public\.slow failed while .*canceling statement due to statement timeout.*raise it with --statement-timeout\)\n$/);
  });

  it("bad input is exit 2; an unreachable store is exit 3", async () => {
    const table = await scan(["--table", "public.nope", "--schema", "note"]);
    expect(table).toMatchObject({ code: 2, stderr: "driftgate: table public.nope does not exist\n" });
    const column = await scan(["--table", "public.applications", "--column", "Attrs", "--schema", "note"]);
    expect(column).toMatchObject({ code: 2, stdout: "", stderr: `driftgate: column "Attrs" does not exist in public.applications (did you mean "attrs"?)\n` });
    const notJson = await scan(["--table", "public.applications", "--column", "id", "--schema", "note"]);
    expect(notJson).toMatchObject({ code: 2, stderr: `driftgate: column "id" of public.applications is bigint: scan --column needs a json, jsonb or text column\n` });
    const schema = await scan(["--table", "public.applications", "--schema", "no-such-schema"]);
    expect(schema.code).toBe(2);
    const noTable = await scan(["--schema", "note"]);
    expect(noTable.code).toBe(2);
    expect(noTable.stderr).toContain("no table to scan");
    const unreachable = await runCliInProcess(
      ["scan", "postgres://dg:hunter22@127.0.0.1:1/nowhere", "--schema", "application-row", "--connect-timeout", "300"],
      { cwd: fixtures },
    );
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toMatch(/^driftgate: cannot connect to postgres:\/\/dg:\*\*\*@127\.0\.0\.1:1\/nowhere/);
    expect(unreachable.stderr).not.toContain("hunter22");
  });
});
