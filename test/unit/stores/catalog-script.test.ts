import { describe, expect, it } from "vitest";
import { QUERY_FIELDS, QUERY_NAMES, catalogQueries, decodeRows, importSnapshotScript, preludeScript } from "../../../src/dialects/postgresql/catalog/catalog-script.js";
import { extensionsNamedIn } from "../../../src/dialects/postgresql/migrations/sql-migrations.js";
import { PGLITE_CONTRIB_EXTENSIONS } from "../../../src/dialects/postgresql/session/pglite-session.js";

const base = { includeSchemas: [], excludeSchemas: [], statementTimeoutMs: 60_000, lockTimeoutMs: 5_000 };

describe("preludeScript", () => {
  it("opens one read-only, repeatable-read transaction with its own limits and a fixed search_path", () => {
    const sql = preludeScript({ ...base, statementTimeoutMs: 1500.9, lockTimeoutMs: 0 }, false);
    const lines = sql.split("\n");
    expect(lines[0]).toBe("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;");
    expect(sql).toContain("SET LOCAL statement_timeout = 1500;");
    // 0 would mean "no limit" to PostgreSQL: never send it.
    expect(sql).toContain("SET LOCAL lock_timeout = 1;");
    expect(sql).toContain("SET LOCAL search_path = pg_catalog;");
    expect(sql).not.toContain("pg_export_snapshot");
    expect(sql).not.toMatch(/\bSET (?!LOCAL)/);
    expect(preludeScript(base, true)).toContain("pg_catalog.pg_export_snapshot()");
  });
});

describe("importSnapshotScript", () => {
  it("adopts a snapshot id PostgreSQL produced, in a read-only transaction", () => {
    const sql = importSnapshotScript(base, "00000003-0000001B-1");
    expect(sql.split("\n").slice(0, 2)).toEqual(["BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;", "SET TRANSACTION SNAPSHOT '00000003-0000001B-1';"]);
  });

  it("refuses anything else rather than splice it into SQL", () => {
    expect(() => importSnapshotScript(base, "1'; DROP TABLE x; --")).toThrow(/unexpected snapshot id/);
    expect(() => importSnapshotScript(base, "undefined")).toThrow(/unexpected snapshot id/);
  });
});

describe("catalogQueries", () => {
  it("has one query and one field list per result name", () => {
    const queries = catalogQueries({ ...base, versionNum: 150000 });
    expect(Object.keys(queries).sort()).toEqual([...QUERY_NAMES].sort());
    expect(Object.keys(QUERY_FIELDS).sort()).toEqual([...QUERY_NAMES].sort());
    for (const name of QUERY_NAMES) {
      expect(queries[name]).toMatch(new RegExp(`^/\\* ${name} \\*/ select `));
      // Every field the decoder expects is selected under that exact name.
      for (const field of QUERY_FIELDS[name]) expect(queries[name], `${name}.${field}`).toContain(`q."${field}"`);
    }
  });

  it("never splices schema names into SQL: they travel hex-encoded", () => {
    const evil = `x'); DROP TABLE users; --`;
    const queries = catalogQueries({ ...base, includeSchemas: [evil], excludeSchemas: [`"quoted"`], versionNum: 150000 });
    const all = Object.values(queries).join("\n");
    expect(all).not.toContain("DROP TABLE users");
    expect(all).not.toContain(`"quoted"`);
    expect(all).toContain(Buffer.from(JSON.stringify([evil]), "utf8").toString("hex"));
  });

  it("names version-specific catalog columns only on versions that have them", () => {
    const at = (versionNum: number) => Object.values(catalogQueries({ ...base, versionNum })).join("\n");
    expect(at(140000)).not.toContain("indnullsnotdistinct");
    expect(at(150000)).toContain("i.indnullsnotdistinct");
    expect(at(170000)).not.toContain("conenforced");
    expect(at(180000)).toContain("co.conenforced");
  });
});

describe("decodeRows", () => {
  it("zips positional rows back into named rows", () => {
    const rows = decodeRows("extensions", JSON.stringify([["citext", "public", "1.6"], ["plpgsql", "pg_catalog", "1.0"]]));
    expect(rows).toEqual([
      { name: "citext", schema: "public", version: "1.6" },
      { name: "plpgsql", schema: "pg_catalog", version: "1.0" },
    ]);
    expect(decodeRows("extensions", "[]")).toEqual([]);
  });
});

describe("extensionsNamedIn", () => {
  it("finds the extensions migrations create, however they spell it", () => {
    const sql = [
      "create extension citext;",
      'CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA public;',
      "CREATE\n  EXTENSION  pgcrypto CASCADE;",
      "-- not an extension: CREATE TABLE extension_log (id int);",
    ].join("\n");
    expect(extensionsNamedIn(sql)).toEqual(["citext", "uuid-ossp", "pgcrypto"]);
  });

  it("names bundles PGlite really ships", () => {
    for (const name of ["citext", "uuid-ossp", "pgcrypto", "pg_trgm", "hstore", "btree_gist"]) expect(PGLITE_CONTRIB_EXTENSIONS).toContain(name);
  });
});
