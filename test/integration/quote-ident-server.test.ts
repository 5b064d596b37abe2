/**
 * Identifier quoting against the real server: quoteIdent must agree with PostgreSQL's quote_ident() for
 * every keyword and for awkward names, and fix SQL generated for objects named by keywords must parse
 * and run (in a rolled-back transaction) on the server.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judge } from "../../src/dialects/index.js";
import { quoteIdent } from "../../src/dialects/postgresql/model/identifiers.js";
import type { Snapshot } from "../../src/dialects/postgresql/model/snapshot.js";
import { readSnapshot } from "../../src/dialects/postgresql/catalog/read-snapshot.js";
import { connectServer } from "../../src/dialects/postgresql/session/server-session.js";
import { createScratchDatabase, serverUrl, type ScratchDatabase } from "../helpers/server-database.js";

const AWKWARD = ["user", "order", "Order", "select", "between", "left", "json", "type", "name", "value", "a b", 'we"ird', "_x1$", "1abc", "éte", "system_user"];

async function snapshotOf(database: ScratchDatabase): Promise<Snapshot> {
  const session = await connectServer(database.url);
  try {
    return await readSnapshot(session, { label: database.name, kind: "server" });
  } finally {
    await session.close();
  }
}

describe.runIf(serverUrl)("identifier quoting on the server", () => {
  let source: ScratchDatabase;
  let target: ScratchDatabase;
  beforeAll(async () => {
    [source, target] = await Promise.all([createScratchDatabase("dg_quote"), createScratchDatabase("dg_quote")]);
  });
  afterAll(async () => {
    await Promise.all([source?.drop(), target?.drop()]);
  });

  it("agrees with quote_ident() for every keyword the server knows and for awkward names", async () => {
    const client = new pg.Client({ connectionString: source.url });
    await client.connect();
    try {
      const result = await client.query<{ word: string; quoted: string }>(
        "select w as word, quote_ident(w) as quoted from (select word from pg_get_keywords() union all select unnest($1::text[])) k(w)",
        [AWKWARD],
      );
      expect(result.rows.length).toBeGreaterThan(400);
      const mismatches = result.rows.filter((r) => quoteIdent(r.word) !== r.quoted).map((r) => `${r.word}: ${quoteIdent(r.word)} vs ${r.quoted}`);
      expect(mismatches).toEqual([]);
    } finally {
      await client.end();
    }
  });

  it("generates fix SQL for keyword-named objects that the server runs", async () => {
    // Every statement here names reserved or column-name keywords: user, order, check, between, select.
    await source.exec(`
      CREATE SCHEMA "select";
      CREATE TABLE public."user" ("order" integer, "between" text DEFAULT 'x', "check" integer NOT NULL, CONSTRAINT "unique" UNIQUE ("order"));
      CREATE TABLE "select"."table" (id integer PRIMARY KEY, "default" text);
      CREATE INDEX "limit" ON public."user" ("between");`);
    await target.exec(`
      CREATE SCHEMA "select";
      CREATE TABLE public."user" ("order" integer NOT NULL, "between" text, "check" integer);
      CREATE TABLE "select"."table" (id integer PRIMARY KEY);`);
    const findings = judge(await snapshotOf(source), await snapshotOf(target));
    const hints = findings.filter((f) => f.hint && !f.hint.startsWith("Create it") && !f.hint.startsWith("Replace it")).map((f) => ({ rule: f.rule, object: f.object, hint: f.hint! }));
    expect(findings.map((f) => f.object)).toEqual(expect.arrayContaining(['public."user"."order"', 'public."user"."between"', '"select"."table"."default"']));
    expect(hints.map((h) => h.rule)).toEqual(expect.arrayContaining(["column-not-null-added", "column-default-removed", "column-not-null-dropped", "column-missing", "constraint-missing", "index-changed"]));
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    const failures: string[] = [];
    try {
      for (const h of hints) {
        await client.query("BEGIN");
        try {
          await client.query(h.hint);
        } catch (error) {
          failures.push(`${h.rule} ${h.object}: ${h.hint} -> ${(error as Error).message}`);
        } finally {
          await client.query("ROLLBACK");
        }
      }
    } finally {
      await client.end();
    }
    expect(failures).toEqual([]);
  });
});
