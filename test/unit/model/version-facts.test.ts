import { describe, expect, it } from "vitest";
import type { SnapshotContent, View } from "../../../src/dialects/postgresql/model/snapshot.js";
import { unqualifiedColumnReferences, withoutVersionSpecificFacts } from "../../../src/dialects/postgresql/model/version-facts.js";

const schemas = new Set(["rich", "odd schema", "pg_catalog"]);

describe("unqualifiedColumnReferences", () => {
  it("turns PostgreSQL 15's qualified view columns into 16's unqualified ones", () => {
    const pg15 = " SELECT accounts.id,\n    accounts.handle\n   FROM rich.accounts\n  WHERE accounts.status = 'active'::rich.status;";
    const pg16 = " SELECT id,\n    handle\n   FROM rich.accounts\n  WHERE status = 'active'::rich.status;";
    expect(unqualifiedColumnReferences(pg15, schemas)).toBe(pg16);
    expect(unqualifiedColumnReferences(pg16, schemas)).toBe(pg16);
  });

  it("keeps schema qualifiers of relations, types and functions", () => {
    const sql = " SELECT rich.add(a.x, 1) AS s, (b.y)::rich.status AS t\n   FROM rich.accounts a JOIN pg_catalog.pg_class b ON a.oid = b.oid;";
    expect(unqualifiedColumnReferences(sql, schemas)).toBe(" SELECT rich.add(x, 1) AS s, (y)::rich.status AS t\n   FROM rich.accounts a JOIN pg_catalog.pg_class b ON oid = oid;");
  });

  it("handles quoted identifiers, including quoted schema names and doubled quotes", () => {
    const sql = ' SELECT "Weird; Table"."quoted ""col""", w."Mixed Case"\n   FROM "odd schema"."Weird; Table" w;';
    expect(unqualifiedColumnReferences(sql, schemas)).toBe(' SELECT "quoted ""col""", "Mixed Case"\n   FROM "odd schema"."Weird; Table" w;');
  });

  it("leaves string literals, numbers and whole-row stars alone, except the qualifier of a star", () => {
    const sql = " SELECT 'accounts.id' AS label, 0.01 AS eps, 1e5 AS big, t.*\n   FROM rich.t t WHERE t.note = 'it''s a.b';";
    expect(unqualifiedColumnReferences(sql, schemas)).toBe(" SELECT 'accounts.id' AS label, 0.01 AS eps, 1e5 AS big, *\n   FROM rich.t t WHERE note = 'it''s a.b';");
  });

  it("does not strip the second part of a qualified name", () => {
    expect(unqualifiedColumnReferences("rich.accounts.id", schemas)).toBe("rich.accounts.id");
  });
});

function content(overrides: Partial<SnapshotContent>): SnapshotContent {
  return {
    server: { version: "PostgreSQL 18.6 (PGlite)", versionNum: 180006, embedded: true },
    database: { name: "postgres", owner: "postgres", encoding: "UTF8", collate: "C", ctype: "C", connectionLimit: -1, acl: [] },
    settings: [{ name: "transaction_timeout", value: "0", unit: "ms" }],
    roleSettings: [{ role: null, allDatabases: false, name: "statement_timeout", value: "5s" }],
    roles: [],
    schemas: [{ name: "rich", owner: "postgres", acl: [], comment: null }],
    extensions: [{ name: "citext", schema: "public", version: "1.8" }],
    tables: [],
    views: [],
    enums: [],
    domains: [],
    compositeTypes: [],
    sequences: [],
    routines: [],
    defaultPrivileges: [],
    unmodelled: [],
    ...overrides,
  };
}

const maintain = { grantee: "postgres", privilege: "MAINTAIN", grantable: false };
const select = { grantee: "app", privilege: "SELECT", grantable: false };

describe("withoutVersionSpecificFacts", () => {
  it("sets aside server, database name and locale, and server settings", () => {
    const out = withoutVersionSpecificFacts(content({}));
    expect(out.server).toEqual({ version: "", versionNum: 0, embedded: false });
    expect(out.database).toEqual({ name: "", owner: "postgres", encoding: "UTF8", collate: "", ctype: "", connectionLimit: -1, acl: [] });
    expect(out.settings).toEqual([]);
  });

  it("keeps what is a real difference: role settings, extension versions, encoding, owner", () => {
    const out = withoutVersionSpecificFacts(content({}));
    expect(out.roleSettings).toEqual([{ role: null, allDatabases: false, name: "statement_timeout", value: "5s" }]);
    expect(out.extensions).toEqual([{ name: "citext", schema: "public", version: "1.8" }]);
    const other = withoutVersionSpecificFacts(content({ database: { ...content({}).database, encoding: "LATIN1" } }));
    expect(other.database).not.toEqual(out.database);
  });

  it("drops MAINTAIN from every ACL and keeps the other grants", () => {
    const view: View = {
      schema: "rich", name: "v", kind: "view", definition: " SELECT t.a\n   FROM rich.t;", owner: "postgres",
      acl: [maintain, select], options: [], columns: [], indexes: [], triggers: [], comment: null,
    };
    const out = withoutVersionSpecificFacts(
      content({
        database: { ...content({}).database, acl: [maintain, select] },
        views: [view],
        sequences: [{ schema: "rich", name: "s", type: "bigint", start: "1", increment: "1", min: "1", max: "9", cache: "1", cycle: false, ownedBy: null, owner: "postgres", acl: [maintain, select] }],
        defaultPrivileges: [{ role: "postgres", schema: null, objectType: "tables", acl: [maintain, select] }],
      }),
    );
    expect(out.database.acl).toEqual([select]);
    expect(out.views[0]!.acl).toEqual([select]);
    expect(out.views[0]!.definition).toBe(" SELECT a\n   FROM rich.t;");
    expect(out.sequences[0]!.acl).toEqual([select]);
    expect(out.defaultPrivileges[0]!.acl).toEqual([select]);
  });

  it("does not change its input", () => {
    const input = content({});
    const before = JSON.stringify(input);
    withoutVersionSpecificFacts(input);
    expect(JSON.stringify(input)).toBe(before);
  });
});
