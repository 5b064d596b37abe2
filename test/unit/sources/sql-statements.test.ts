import { describe, expect, it } from "vitest";
import { isHarmlessMeta, isTransactionControl, mustRunOutsideTransaction, splitSqlScript } from "../../../src/dialects/postgresql/migrations/sql-statements.js";

const texts = (sql: string) => splitSqlScript(sql).map((p) => (p.kind === "meta" ? `META ${p.text}` : p.text));

describe("splitSqlScript", () => {
  it("ends statements at semicolons outside quotes, identifiers, comments and dollar quotes", () => {
    const sql = [
      "create table \"a;b\" (x text default 'it''s; fine');",
      "-- a comment; with a semicolon",
      "/* block /* nested; */ still comment; */ select 1;",
      "create function f() returns text language plpgsql as $body$ begin return 'x;y'; end $body$;",
      "select E'back\\'slash;';",
      "select $$a;b$$, $1;",
    ].join("\n");
    expect(texts(sql)).toEqual([
      "create table \"a;b\" (x text default 'it''s; fine')",
      "select 1",
      "create function f() returns text language plpgsql as $body$ begin return 'x;y'; end $body$",
      "select E'back\\'slash;'",
      "select $$a;b$$, $1",
    ]);
  });

  it("keeps a SQL-standard function body (BEGIN ATOMIC ... END) in one statement", () => {
    const sql = "create or replace function n() returns int language sql\nbegin atomic\n  select 1;\n  select case when true then 2 end;\nend;\nselect n();";
    expect(texts(sql)).toEqual(["create or replace function n() returns int language sql\nbegin atomic\n  select 1;\n  select case when true then 2 end;\nend", "select n()"]);
  });

  it("gives each statement the line of its first significant character", () => {
    const pieces = splitSqlScript("\n-- header\n\nselect 1;\n  select\n  2;\n\\echo hi\nselect 'a\nb'; select 3;");
    expect(pieces.map((p) => [p.kind, p.line])).toEqual([["sql", 4], ["sql", 5], ["meta", 7], ["sql", 8], ["sql", 9]]);
  });

  it("reads a backslash outside quotes as a psql meta-command running to the end of its line", () => {
    expect(texts("\\set ON_ERROR_STOP on\nselect '\\n';\nselect 1 \\gexec\n")).toEqual(["META \\set ON_ERROR_STOP on", "select '\\n'", "META \\gexec", "select 1"]);
  });
});

describe("statement classes", () => {
  it("knows which statements cannot run in a transaction block", () => {
    for (const s of ["CREATE INDEX CONCURRENTLY i ON t (a)", "create unique index concurrently if not exists i on t (a)", "DROP INDEX CONCURRENTLY i", "VACUUM (ANALYZE) t", "create database x", "REINDEX TABLE CONCURRENTLY t", "ALTER SYSTEM SET work_mem = '8MB'", "alter table p detach partition c concurrently"]) {
      expect(mustRunOutsideTransaction(s), s).toBe(true);
    }
    for (const s of ["CREATE INDEX i ON t (a)", "create table concurrently_named (a int)", "ALTER TYPE e ADD VALUE 'x'", "REINDEX TABLE t", "analyze t"]) {
      expect(mustRunOutsideTransaction(s), s).toBe(false);
    }
  });

  it("knows transaction control, and BEGIN ATOMIC is not one", () => {
    expect(["BEGIN", "begin transaction isolation level serializable", "COMMIT", "END", "ROLLBACK", "START TRANSACTION"].every(isTransactionControl)).toBe(true);
    expect(isTransactionControl("COMMIT PREPARED 'x'")).toBe(false);
    expect(isTransactionControl("create function f() returns int language sql begin atomic select 1; end")).toBe(false);
  });

  it("skips only meta-commands that change psql's own output", () => {
    expect(["\\echo hi", "\\set ON_ERROR_STOP on", "\\set ON_ERROR_STOP 1", "\\timing on", "\\pset pager off", "\\qecho x", "\\unset QUIET"].every(isHarmlessMeta)).toBe(true);
    expect(["\\i x.sql", "\\ir x.sql", "\\copy t from 'f'", "\\gexec", "\\set schema app", "\\if :x", "\\c otherdb", "\\! rm -rf /", "\\g"].some(isHarmlessMeta)).toBe(false);
  });
});
