/**
 * Snapshot cases on one shared embedded PostgreSQL (18): each case lives in its own schema and is read
 * with includeSchemas, so one PGlite serves them all.
 */
import type { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoreError } from "../../src/errors.js";
import type { Snapshot } from "../../src/dialects/postgresql/model/snapshot.js";
import { serialiseSnapshot } from "../../src/files/snapshot-file.js";
import { createPglite, pgliteSession } from "../../src/dialects/postgresql/session/pglite-session.js";
import { readSnapshot } from "../../src/dialects/postgresql/catalog/read-snapshot.js";
import type { SqlSession } from "../../src/dialects/postgresql/session/sql-session.js";

let db: PGlite;
let session: SqlSession;

function tablesSql(schema: string, count: number): string {
  const lines = [`CREATE SCHEMA ${schema};`];
  for (let i = 0; i < count; i++) {
    lines.push(
      `CREATE TABLE ${schema}.t${i} (id bigint PRIMARY KEY, name text NOT NULL, ref bigint REFERENCES ${schema}.t0 (id), created timestamptz DEFAULT now());`,
      `CREATE INDEX t${i}_name ON ${schema}.t${i} (name);`,
    );
  }
  return lines.join("\n");
}

const snap = (includeSchemas: string[], excludeSchemas: string[] = []): Promise<Snapshot> =>
  readSnapshot(session, { label: "cases", kind: "migrations", includeSchemas, excludeSchemas });

beforeAll(async () => {
  db = await createPglite(["citext", "pg_stat_statements"]);
  session = pgliteSession(db, false);
  await db.exec(
    [
      tablesSql("few", 5),
      tablesSql("many", 200),
      // Enum order: labels keep their sort position, not their creation order.
      "CREATE SCHEMA enums",
      "CREATE TYPE enums.level AS ENUM ('low', 'high')",
      "ALTER TYPE enums.level ADD VALUE 'medium' BEFORE 'high'",
      "ALTER TYPE enums.level ADD VALUE 'lowest' BEFORE 'low'",
      "ALTER TYPE enums.level ADD VALUE 'top' AFTER 'high'",
      // Trigger enabled states.
      "CREATE SCHEMA trg",
      "CREATE TABLE trg.t (id int)",
      "CREATE FUNCTION trg.f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
      "CREATE TRIGGER a_origin BEFORE INSERT ON trg.t FOR EACH ROW EXECUTE FUNCTION trg.f()",
      "CREATE TRIGGER b_disabled BEFORE INSERT ON trg.t FOR EACH ROW EXECUTE FUNCTION trg.f()",
      "CREATE TRIGGER c_replica BEFORE INSERT ON trg.t FOR EACH ROW EXECUTE FUNCTION trg.f()",
      "CREATE TRIGGER d_always BEFORE UPDATE OR DELETE ON trg.t FOR EACH ROW EXECUTE FUNCTION trg.f()",
      "ALTER TABLE trg.t DISABLE TRIGGER b_disabled",
      "ALTER TABLE trg.t ENABLE REPLICA TRIGGER c_replica",
      "ALTER TABLE trg.t ENABLE ALWAYS TRIGGER d_always",
      // PostgreSQL 18 only: NOT ENFORCED constraints and virtual generated columns.
      "CREATE SCHEMA pg18",
      "CREATE TABLE pg18.t (a int, b int GENERATED ALWAYS AS (a * 2) VIRTUAL, CONSTRAINT a_positive CHECK (a > 0) NOT ENFORCED)",
      // Extensions: their objects belong to the extension, not to the schema.
      "CREATE SCHEMA ext",
      "CREATE EXTENSION citext SCHEMA ext",
      "CREATE EXTENSION pg_stat_statements SCHEMA ext",
      "CREATE TABLE ext.users (email ext.citext PRIMARY KEY)",
      // Database-wide kinds driftgate does not model.
      "CREATE FUNCTION public.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$",
      "CREATE EVENT TRIGGER dg_on_ddl ON ddl_command_start EXECUTE FUNCTION public.on_ddl()",
      // Role names aclitem text must quote, grants with and without grant option, and two grantors.
      "CREATE SCHEMA acl",
      `CREATE ROLE "odd role"`,
      `CREATE ROLE "we""ird=x/y"`,
      `CREATE ROLE "ünï"`,
      "CREATE ROLE plain_grantor",
      "CREATE TABLE acl.t (id int, note text)",
      `GRANT SELECT, INSERT ON acl.t TO "odd role" WITH GRANT OPTION`,
      `GRANT UPDATE (note) ON acl.t TO "we""ird=x/y"`,
      `GRANT ALL ON acl.t TO "ünï"`,
      "GRANT SELECT ON acl.t TO plain_grantor WITH GRANT OPTION",
      "GRANT SELECT ON acl.t TO PUBLIC",
      // The same privilege from two grantors: two aclitems, one effective privilege.
      "CREATE ROLE twice",
      "GRANT USAGE ON SCHEMA acl TO plain_grantor",
      "GRANT SELECT ON acl.t TO twice",
      "SET ROLE plain_grantor",
      "GRANT SELECT ON acl.t TO twice",
      `GRANT SELECT ON acl.t TO "odd role"`,
      "RESET ROLE",
      // A foreign key into a schema that is not captured, with columns in a different order.
      "CREATE SCHEMA fkb",
      "CREATE TABLE fkb.parent (a int, b int, \"Weird col\" int, PRIMARY KEY (b, \"Weird col\"))",
      "CREATE SCHEMA fka",
      "CREATE TABLE fka.child (x int, y int, z int, FOREIGN KEY (z, y) REFERENCES fkb.parent (b, \"Weird col\") ON DELETE SET DEFAULT)",
      "ALTER TABLE fka.child DROP COLUMN x",
      // Names that would break naive quoting when passed as schema filters.
      `CREATE SCHEMA "it's ""odd""; drop"`,
      `CREATE TABLE "it's ""odd""; drop".x (id int)`,
    ].join(";\n"),
  );
});

afterAll(async () => {
  await db?.close();
});

describe("snapshot on PGlite", () => {
  it("takes the same, constant number of round trips for 5 and for 200 tables", async () => {
    const tripsFor = async (schema: string) => {
      const before = session.roundTrips;
      const s = await snap([schema]);
      return { trips: session.roundTrips - before, tables: s.content.tables.length, indexes: s.content.tables.flatMap((t) => t.indexes).length };
    };
    const few = await tripsFor("few");
    const many = await tripsFor("many");
    expect([few.tables, many.tables]).toEqual([5, 200]);
    expect([few.indexes, many.indexes]).toEqual([10, 400]);
    expect(many.trips).toBe(few.trips);
    expect(few.trips).toBeLessThanOrEqual(3);
  });

  it("captures only the selected schemas, and excludes what it is told to", async () => {
    const only = await snap(["few"]);
    expect(only.content.schemas.map((s) => s.name)).toEqual(["few"]);
    expect(new Set(only.content.tables.map((t) => t.schema))).toEqual(new Set(["few"]));
    expect(only.content.routines).toEqual([]);
    expect(only.origin).toEqual({ kind: "migrations", label: "cases", includeSchemas: ["few"], excludeSchemas: [] });

    const without = await snap([], ["many", "few"]);
    expect(without.content.schemas.map((s) => s.name)).not.toContain("many");
    expect(without.content.tables.some((t) => t.schema === "many" || t.schema === "few")).toBe(false);
    expect(without.content.schemas.map((s) => s.name)).toContain("trg");
    expect(without.origin.excludeSchemas).toEqual(["few", "many"]);
  });

  it("takes schema names with quotes and semicolons literally", async () => {
    const odd = `it's "odd"; drop`;
    const s = await snap([odd]);
    expect(s.content.schemas.map((x) => x.name)).toEqual([odd]);
    expect(s.content.tables.map((t) => [t.schema, t.name])).toEqual([[odd, "x"]]);
  });

  it("fails, rather than returning an empty capture, for a schema that does not exist", async () => {
    const failure = snap(["few", "no_such_schema"]);
    await expect(failure).rejects.toBeInstanceOf(StoreError);
    await expect(failure).rejects.toThrow(/schema\(s\) not found: no_such_schema$/);
    // The session is still usable afterwards.
    expect((await snap(["few"])).content.tables).toHaveLength(5);
  });

  it("names the referenced columns of a foreign key into a schema it does not capture", async () => {
    const child = (await snap(["fka"])).content.tables[0]!;
    expect(child.columns.map((c) => [c.name, c.position])).toEqual([
      ["y", 1],
      ["z", 2],
    ]);
    expect(child.constraints).toEqual([
      expect.objectContaining({
        type: "foreign key",
        columns: ["z", "y"],
        foreignKey: { table: "fkb.parent", columns: ["b", "Weird col"], onUpdate: "no action", onDelete: "set default", match: "simple" },
      }),
    ]);
    // The same constraint read with both schemas captured gives the same names.
    const both = (await snap(["fka", "fkb"])).content.tables.find((t) => t.name === "child")!;
    expect(both.constraints).toEqual(child.constraints);
  });

  it("keeps enum labels in sort order after ADD VALUE BEFORE/AFTER", async () => {
    const s = await snap(["enums"]);
    expect(s.content.enums).toEqual([{ schema: "enums", name: "level", labels: ["lowest", "low", "medium", "high", "top"], owner: "postgres" }]);
  });

  it("records each trigger's enabled state", async () => {
    const s = await snap(["trg"]);
    expect(s.content.tables[0]!.triggers.map((t) => [t.name, t.enabled, t.events])).toEqual([
      ["a_origin", "origin", ["insert"]],
      ["b_disabled", "disabled", ["insert"]],
      ["c_replica", "replica", ["insert"]],
      ["d_always", "always", ["update", "delete"]],
    ]);
  });

  it("captures PostgreSQL 18's NOT ENFORCED constraints and virtual generated columns", async () => {
    const t = (await snap(["pg18"])).content.tables[0]!;
    expect(t.constraints).toEqual([
      {
        name: "a_positive",
        type: "check",
        definition: "CHECK (a > 0) NOT ENFORCED",
        columns: ["a"],
        // Not enforced constraints are never validated: writes that break them succeed.
        validated: false,
        enforced: false,
        deferrable: false,
        initiallyDeferred: false,
        foreignKey: null,
        inherited: false,
      },
    ]);
    expect(t.columns[1]).toMatchObject({ name: "b", generated: "virtual", generatedExpression: "(a * 2)", default: null });
  });

  it("lists extensions with versions and leaves out what they own (functions, types, views)", async () => {
    const s = await snap(["ext"]);
    expect(s.content.extensions.map((e) => [e.name, e.schema])).toEqual([
      ["citext", "ext"],
      ["pg_stat_statements", "ext"],
      ["plpgsql", "pg_catalog"],
    ]);
    expect(s.content.extensions.every((e) => /^\d+\.\d+$/.test(e.version))).toBe(true);
    expect(s.content.tables.map((t) => t.name)).toEqual(["users"]);
    expect(s.content.views).toEqual([]);
    expect(s.content.routines).toEqual([]);
    expect(s.content.unmodelled).toEqual([{ kind: "event trigger", name: "dg_on_ddl", definition: "ddl_command_start EXECUTE public.on_ddl() ENABLED O" }]);
    expect(s.content.tables[0]!.columns[0]).toMatchObject({ type: "ext.citext", typeRef: "ext.citext", typeKind: "base" });
  });

  it("parses ACLs exactly as the engine's own aclexplode() reads them, whatever the role names", async () => {
    const t = (await snap(["acl"])).content.tables[0]!;
    // Effective privileges: one per grantee and privilege, grantable if any grantor gave it so.
    const rows = await session.query<{ grantee: string; privilege: string; grantable: boolean }>(
      `select case when a.grantee = 0 then 'PUBLIC' else pg_get_userbyid(a.grantee) end as grantee,
         a.privilege_type as privilege, bool_or(a.is_grantable) as grantable
       from pg_class c, aclexplode(c.relacl) a where c.oid = 'acl.t'::regclass group by 1, 2`,
    );
    const key = (g: { grantee: string; privilege: string; grantable: boolean }) => `${g.grantee}|${g.privilege}|${g.grantable}`;
    expect(t.acl.map(key).sort()).toEqual(rows.map(key).sort());
    expect(t.acl.filter((g) => g.grantee === "twice")).toEqual([{ grantee: "twice", privilege: "SELECT", grantable: false }]);
    expect(t.acl.filter((g) => g.grantee === "odd role")).toEqual([
      { grantee: "odd role", privilege: "INSERT", grantable: true },
      { grantee: "odd role", privilege: "SELECT", grantable: true },
    ]);
    expect(t.acl).toContainEqual({ grantee: "ünï", privilege: "MAINTAIN", grantable: false });
    expect(t.acl).toContainEqual({ grantee: "PUBLIC", privilege: "SELECT", grantable: false });
    expect(t.columns.find((c) => c.name === "note")!.acl).toEqual([{ grantee: 'we"ird=x/y', privilege: "UPDATE", grantable: false }]);
  });

  it("is byte-stable across captures of every schema at once", async () => {
    const a = await snap([]);
    const b = await snap([]);
    expect(serialiseSnapshot(b)).toBe(serialiseSnapshot(a));
    expect(a.content.schemas.map((s) => s.name)).toEqual(["acl", "enums", "ext", "few", "fka", "fkb", `it's "odd"; drop`, "many", "pg18", "public", "trg"]);
  });
});
