import { describe, expect, it } from "vitest";
import { judge } from "../../../src/dialects/index.js";
import type { Severity } from "../../../src/model/finding.js";
import type { SnapshotContent, Table } from "../../../src/dialects/postgresql/model/snapshot.js";
import { column, constraint, grant, grants, index, policy, role, routine, snapshot, table, trigger, view } from "./snapshot-factory.js";

type Expected = readonly [rule: string, severity: Severity, object: string];

interface Case {
  readonly name: string;
  readonly source: Partial<SnapshotContent>;
  readonly target: Partial<SnapshotContent>;
  readonly expect: readonly Expected[];
  /** The findings with SOURCE and TARGET swapped: direction decides severity. */
  readonly swapped?: readonly Expected[];
}

const WRITER_GRANTS = [...grants("postgres", "SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"), ...grants("writer", "SELECT", "INSERT", "UPDATE", "DELETE")];
const roles = [role("postgres", { superuser: true, canLogin: true }), role("writer", { canLogin: true })];

function apps(over: Partial<Table> = {}, columns = [column("id", "integer", { notNull: true }), column("name", "text")]): Table {
  return table("apps", columns, { acl: WRITER_GRANTS, ...over });
}

/** A content with the writer role and the apps table; `change` edits it. */
function content(change: (c: { tables: Table[] } & Partial<SnapshotContent>) => Partial<SnapshotContent> = (c) => c): Partial<SnapshotContent> {
  return change({ roles, tables: [apps()] });
}

const CASES: Case[] = [
  // ---- tables and columns ----
  {
    name: "column missing in TARGET is breaking; extra nullable column is info",
    source: content(),
    target: content(() => ({ roles, tables: [apps({}, [column("id", "integer", { notNull: true })])] })),
    expect: [["column-missing", "breaking", "public.apps.name"]],
    swapped: [["column-extra", "info", "public.apps.name"]],
  },
  {
    name: "extra NOT NULL column without default in TARGET is breaking",
    source: content(),
    target: content(() => ({ roles, tables: [apps({}, [column("id", "integer", { notNull: true }), column("name", "text"), column("owner", "text", { notNull: true })])] })),
    expect: [["column-extra-required", "breaking", "public.apps.owner"]],
    swapped: [["column-missing", "breaking", "public.apps.owner"]],
  },
  {
    name: "extra NOT NULL column with a default is info",
    source: content(),
    target: content(() => ({ roles, tables: [apps({}, [column("id", "integer", { notNull: true }), column("name", "text"), column("owner", "text", { notNull: true, default: "'x'::text" })])] })),
    expect: [["column-extra", "info", "public.apps.owner"]],
  },
  {
    name: "widening int to bigint is info; narrowing is breaking",
    source: content(),
    target: content(() => ({ roles, tables: [apps({}, [column("id", "bigint", { notNull: true }), column("name", "text")])] })),
    expect: [["column-type-widened", "info", "public.apps.id"]],
    swapped: [["column-type-narrowed", "breaking", "public.apps.id"]],
  },
  {
    name: "varchar(32) to varchar(64) is info, reverse breaking",
    source: { roles, tables: [apps({}, [column("code", "character varying(32)")])] },
    target: { roles, tables: [apps({}, [column("code", "character varying(64)")])] },
    expect: [["column-type-widened", "info", "public.apps.code"]],
    swapped: [["column-type-narrowed", "breaking", "public.apps.code"]],
  },
  {
    name: "timestamp vs timestamptz is risky both ways",
    source: { roles, tables: [apps({}, [column("at", "timestamp without time zone")])] },
    target: { roles, tables: [apps({}, [column("at", "timestamp with time zone")])] },
    expect: [["column-type-changed", "risky", "public.apps.at"]],
    swapped: [["column-type-changed", "risky", "public.apps.at"]],
  },
  {
    name: "NOT NULL only in TARGET without default is breaking; with default risky",
    source: content(),
    target: content(() => ({ roles, tables: [apps({}, [column("id", "integer", { notNull: true }), column("name", "text", { notNull: true })])] })),
    expect: [["column-not-null-added", "breaking", "public.apps.name"]],
    swapped: [["column-not-null-dropped", "info", "public.apps.name"]],
  },
  {
    name: "NOT NULL only in TARGET with a default is risky",
    source: { roles, tables: [apps({}, [column("name", "text", { default: "'x'::text" })])] },
    target: { roles, tables: [apps({}, [column("name", "text", { notNull: true, default: "'x'::text" })])] },
    expect: [["column-not-null-added", "risky", "public.apps.name"]],
  },
  {
    name: "default removed on a NOT NULL column is breaking; default added is info",
    source: { roles, tables: [apps({}, [column("state", "text", { notNull: true, default: "'new'::text" })])] },
    target: { roles, tables: [apps({}, [column("state", "text", { notNull: true })])] },
    expect: [["column-default-removed", "breaking", "public.apps.state"]],
    swapped: [["column-default-changed", "info", "public.apps.state"]],
  },
  {
    name: "default removed on a nullable column is risky",
    source: { roles, tables: [apps({}, [column("state", "text", { default: "'new'::text" })])] },
    target: { roles, tables: [apps({}, [column("state", "text")])] },
    expect: [["column-default-removed", "risky", "public.apps.state"]],
  },
  {
    name: "a different default is risky",
    source: { roles, tables: [apps({}, [column("id", "bigint", { default: "nextval('public.a_seq'::regclass)" })])] },
    target: { roles, tables: [apps({}, [column("id", "bigint", { default: "nextval('public.b_seq'::regclass)" })])] },
    expect: [["column-default-changed", "risky", "public.apps.id"]],
  },
  {
    name: "identity only in SOURCE on a NOT NULL column is breaking; identity ALWAYS only in TARGET is breaking (supplied values fail)",
    source: { roles, tables: [apps({}, [column("id", "bigint", { notNull: true, identity: "always" })])] },
    target: { roles, tables: [apps({}, [column("id", "bigint", { notNull: true })])] },
    expect: [["column-identity-changed", "breaking", "public.apps.id"]],
    swapped: [["column-identity-changed", "breaking", "public.apps.id"]],
  },
  {
    name: "identity BY DEFAULT in SOURCE, ALWAYS in TARGET is breaking; the reverse is info",
    source: { roles, tables: [apps({}, [column("id", "bigint", { notNull: true, identity: "by default" })])] },
    target: { roles, tables: [apps({}, [column("id", "bigint", { notNull: true, identity: "always" })])] },
    expect: [["column-identity-changed", "breaking", "public.apps.id"]],
    swapped: [["column-identity-changed", "info", "public.apps.id"]],
  },
  {
    name: "generated only in TARGET is breaking",
    source: { roles, tables: [apps({}, [column("total", "integer")])] },
    target: { roles, tables: [apps({}, [column("total", "integer", { generated: "stored", generatedExpression: "(1 + 1)" })])] },
    expect: [["column-generated-changed", "breaking", "public.apps.total"]],
    swapped: [["column-generated-changed", "risky", "public.apps.total"]],
  },
  {
    name: "collation differs: risky",
    source: { roles, tables: [apps({}, [column("name", "text")])] },
    target: { roles, tables: [apps({}, [column("name", "text", { collation: 'pg_catalog."C"' })])] },
    expect: [["column-collation-changed", "risky", "public.apps.name"]],
  },
  {
    name: "column order differs: risky",
    source: { roles, tables: [apps({}, [column("a"), column("b")])] },
    target: { roles, tables: [apps({}, [column("b"), column("a")])] },
    expect: [["column-order-changed", "risky", "public.apps"]],
  },
  {
    name: "table missing in TARGET is breaking, extra is info",
    source: { roles, tables: [apps(), table("logs", [column("line")])] },
    target: { roles, tables: [apps()] },
    expect: [["table-missing", "breaking", "public.logs"]],
    swapped: [["table-extra", "info", "public.logs"]],
  },
  {
    name: "quoted identifiers are shown as PostgreSQL prints them",
    source: { roles, tables: [table("App Data.Weird Table", [column("Id", "integer")])], schemas: [{ name: "App Data", owner: "postgres", acl: [], comment: null }] },
    target: { roles, tables: [table("App Data.Weird Table", [])], schemas: [{ name: "App Data", owner: "postgres", acl: [], comment: null }] },
    expect: [["column-missing", "breaking", '"App Data"."Weird Table"."Id"']],
  },
  {
    name: "UNLOGGED in TARGET is risky",
    source: content(),
    target: content(() => ({ roles, tables: [apps({ persistence: "unlogged" })] })),
    expect: [["table-persistence-changed", "risky", "public.apps"]],
    swapped: [["table-persistence-changed", "info", "public.apps"]],
  },
  {
    name: "partition bounds narrowed with no other partition for the rest: breaking",
    source: { roles, tables: [apps({ kind: "partitioned", partitionKey: "RANGE (id)" }), table("apps_1", [], { kind: "partition", partitionOf: "public.apps", partitionBound: "FOR VALUES FROM (0) TO (100)" })] },
    target: { roles, tables: [apps({ kind: "partitioned", partitionKey: "RANGE (id)" }), table("apps_1", [], { kind: "partition", partitionOf: "public.apps", partitionBound: "FOR VALUES FROM (0) TO (50)" })] },
    expect: [["partition-changed", "breaking", "public.apps_1"]],
  },
  {
    name: "ordinary table partitioned in TARGET with no partition: breaking",
    source: content(),
    target: content(() => ({ roles, tables: [apps({ kind: "partitioned", partitionKey: "HASH (id)" })] })),
    expect: [["table-kind-changed", "breaking", "public.apps"]],
  },
  // ---- constraints and indexes ----
  {
    name: "CHECK only in TARGET is risky and carries a diff; missing is info",
    source: content(),
    target: content(() => ({ roles, tables: [apps({ constraints: [constraint("apps_name_check", "check", "CHECK (length(name) < 10)")] })] })),
    expect: [["constraint-added", "risky", "public.apps.apps_name_check"]],
    swapped: [["constraint-missing", "info", "public.apps.apps_name_check"]],
  },
  {
    name: "CHECK with the same name but another expression: risky",
    source: { roles, tables: [apps({ constraints: [constraint("c1", "check", "CHECK (length(name) < 100)")] })] },
    target: { roles, tables: [apps({ constraints: [constraint("c1", "check", "CHECK (length(name) < 10)")] })] },
    expect: [["constraint-changed", "risky", "public.apps.c1"]],
  },
  {
    name: "same constraint under another name: info only",
    source: { roles, tables: [apps({ constraints: [constraint("c1", "check", "CHECK (id > 0)")] })] },
    target: { roles, tables: [apps({ constraints: [constraint("c2", "check", "CHECK (id > 0)")] })] },
    expect: [["constraint-renamed", "info", "public.apps.c1"]],
  },
  {
    name: "UNIQUE only in TARGET risky; missing in TARGET risky (ON CONFLICT)",
    source: content(),
    target: content(() => ({ roles, tables: [apps({ constraints: [constraint("apps_name_key", "unique", "UNIQUE (name)")] })] })),
    expect: [["constraint-added", "risky", "public.apps.apps_name_key"]],
    swapped: [["constraint-missing", "risky", "public.apps.apps_name_key"]],
  },
  {
    name: "FOREIGN KEY only in TARGET: risky",
    source: content(),
    target: content(() => ({ roles, tables: [apps({ constraints: [constraint("apps_owner_fkey", "foreign key", "FOREIGN KEY (id) REFERENCES public.owners(id)")] })] })),
    expect: [["constraint-added", "risky", "public.apps.apps_owner_fkey"]],
  },
  {
    name: "a FOREIGN KEY with ON DELETE CASCADE missing in TARGET is risky; a plain one is info",
    source: {
      roles,
      tables: [
        apps({
          constraints: [
            constraint("fk_cascade", "foreign key", "FOREIGN KEY (id) REFERENCES public.owners(id) ON DELETE CASCADE", {
              foreignKey: { table: "public.owners", columns: ["id"], onUpdate: "no action", onDelete: "cascade", match: "simple" },
            }),
            constraint("fk_plain", "foreign key", "FOREIGN KEY (name) REFERENCES public.names(name)", {
              foreignKey: { table: "public.names", columns: ["name"], onUpdate: "no action", onDelete: "no action", match: "simple" },
            }),
          ],
        }),
      ],
    },
    target: content(),
    expect: [
      ["constraint-missing", "risky", "public.apps.fk_cascade"],
      ["constraint-missing", "info", "public.apps.fk_plain"],
    ],
  },
  {
    name: "NOT VALID in TARGET only: info",
    source: { roles, tables: [apps({ constraints: [constraint("c1", "check", "CHECK (id > 0)")] })] },
    target: { roles, tables: [apps({ constraints: [constraint("c1", "check", "CHECK (id > 0) NOT VALID", { validated: false })] })] },
    expect: [["constraint-enforcement-changed", "info", "public.apps.c1"]],
  },
  {
    name: "unique index only in TARGET risky; plain index only in TARGET info",
    source: content(),
    target: content(() => ({
      roles,
      tables: [apps({ indexes: [index("apps_name_uq", "public.apps", "name", { unique: true }), index("apps_id_idx", "public.apps", "id")] })],
    })),
    expect: [
      ["index-changed", "info", "public.apps.apps_id_idx"],
      ["unique-index-added", "risky", "public.apps.apps_name_uq"],
    ],
    swapped: [
      ["index-changed", "info", "public.apps.apps_id_idx"],
      ["unique-index-missing", "risky", "public.apps.apps_name_uq"],
    ],
  },
  {
    name: "renamed index: info",
    source: { roles, tables: [apps({ indexes: [index("a_idx", "public.apps", "id")] })] },
    target: { roles, tables: [apps({ indexes: [index("b_idx", "public.apps", "id")] })] },
    expect: [["index-changed", "info", "public.apps.a_idx"]],
  },
  // ---- triggers, routines, views ----
  {
    name: "trigger only in TARGET is risky; disabled trigger only in TARGET is info",
    source: content(),
    target: content(() => ({ roles, tables: [apps({ triggers: [trigger("t1", "public.f"), trigger("t2", "public.f", { enabled: "disabled" })] })] })),
    expect: [
      ["trigger-added", "info", "public.apps.t2"],
      ["trigger-added", "risky", "public.apps.t1"],
    ],
  },
  {
    name: "trigger disabled in TARGET: risky",
    source: { roles, tables: [apps({ triggers: [trigger("t1", "public.f")] })] },
    target: { roles, tables: [apps({ triggers: [trigger("t1", "public.f", { enabled: "disabled" })] })] },
    expect: [["trigger-changed", "risky", "public.apps.t1"]],
  },
  {
    name: "INSTEAD OF trigger missing on a view is breaking",
    source: { roles, views: [view("v", "SELECT 1", { triggers: [trigger("v_ins", "public.f", { timing: "instead of" })] })] },
    target: { roles, views: [view("v", "SELECT 1")] },
    expect: [["trigger-missing", "breaking", "public.v.v_ins"]],
  },
  {
    name: "function used by a trigger missing in TARGET is breaking; unused is risky",
    source: { roles, tables: [apps({ triggers: [trigger("t1", "public.touch")] })], routines: [routine("touch", "BEGIN RETURN NEW; END"), routine("unused", "SELECT 1")] },
    target: { roles, tables: [apps({ triggers: [trigger("t1", "public.touch")] })], routines: [] },
    expect: [
      ["routine-missing", "breaking", "public.touch()"],
      ["routine-missing", "risky", "public.unused()"],
    ],
  },
  {
    name: "function used by a default missing in TARGET is breaking",
    source: { roles, tables: [apps({}, [column("id", "uuid", { default: "public.new_id()" })])], routines: [routine("new_id", "SELECT 1", { result: "uuid" })] },
    target: { roles, tables: [apps({}, [column("id", "uuid")])], routines: [] },
    expect: [
      ["column-default-removed", "risky", "public.apps.id"],
      ["routine-missing", "breaking", "public.new_id()"],
    ],
  },
  {
    name: "function body differs: risky with a diff",
    source: { roles, routines: [routine("touch", "BEGIN\n  NEW.at := now();\n  RETURN NEW;\nEND")] },
    target: { roles, routines: [routine("touch", "BEGIN\n  RETURN NEW;\nEND")] },
    expect: [["routine-body-changed", "risky", "public.touch()"]],
  },
  {
    name: "SECURITY DEFINER and SET differ: risky",
    source: { roles, routines: [routine("f", "x", { securityDefiner: true, config: ["search_path=public"] })] },
    target: { roles, routines: [routine("f", "x")] },
    expect: [["routine-changed", "risky", "public.f()"]],
  },
  {
    name: "an extra overload in TARGET is risky; a new function is info",
    source: { roles, routines: [routine("f", "x", { arguments: "a integer" })] },
    target: { roles, routines: [routine("f", "x", { arguments: "a integer" }), routine("f", "x", { arguments: "a bigint" }), routine("g", "y")] },
    expect: [
      ["routine-extra", "risky", "public.f(a bigint)"],
      ["routine-extra", "info", "public.g()"],
    ],
  },
  {
    name: "view missing is breaking; view body differs risky",
    source: { roles, views: [view("v1", " SELECT apps.id\n   FROM apps;"), view("v2", " SELECT 1;")] },
    target: { roles, views: [view("v1", " SELECT apps.id, apps.name\n   FROM apps;")] },
    expect: [
      ["view-missing", "breaking", "public.v2"],
      ["view-changed", "risky", "public.v1"],
    ],
  },
  // ---- types ----
  {
    name: "enum label missing in TARGET is breaking, extra label info",
    source: { roles, enums: [{ schema: "public", name: "mood", labels: ["sad", "ok", "happy"], owner: "postgres" }] },
    target: { roles, enums: [{ schema: "public", name: "mood", labels: ["sad", "ok"], owner: "postgres" }] },
    expect: [["enum-label-missing", "breaking", "public.mood"]],
    swapped: [["enum-label-added", "info", "public.mood"]],
  },
  {
    name: "enum order changes are risky",
    source: { roles, enums: [{ schema: "public", name: "mood", labels: ["sad", "ok"], owner: "postgres" }] },
    target: { roles, enums: [{ schema: "public", name: "mood", labels: ["ok", "sad"], owner: "postgres" }] },
    expect: [["enum-label-order-changed", "risky", "public.mood"]],
  },
  {
    name: "type missing is breaking",
    source: { roles, enums: [{ schema: "public", name: "mood", labels: ["a"], owner: "postgres" }] },
    target: { roles },
    expect: [["type-missing", "breaking", "public.mood"]],
    swapped: [["type-extra", "info", "public.mood"]],
  },
  {
    name: "domain: NOT NULL added breaking, CHECK added risky, base narrowed breaking",
    source: { roles, domains: [{ schema: "public", name: "code", baseType: "character varying(64)", notNull: false, default: null, collation: null, checks: [], owner: "postgres" }] },
    target: {
      roles,
      domains: [{ schema: "public", name: "code", baseType: "character varying(8)", notNull: true, default: null, collation: null, checks: [{ name: "code_check", definition: "CHECK (VALUE <> '')", validated: true }], owner: "postgres" }],
    },
    expect: [
      ["domain-base-type-changed", "breaking", "public.code"],
      ["domain-not-null-added", "breaking", "public.code"],
      ["domain-check-changed", "risky", "public.code.code_check"],
    ],
    swapped: [
      ["domain-base-type-changed", "info", "public.code"],
      ["domain-check-changed", "info", "public.code.code_check"],
      ["domain-not-null-added", "info", "public.code"],
    ],
  },
  {
    name: "composite attribute missing is breaking",
    source: { roles, compositeTypes: [{ schema: "public", name: "pair", attributes: [{ name: "a", type: "integer", collation: null }, { name: "b", type: "text", collation: null }], owner: "postgres" }] },
    target: { roles, compositeTypes: [{ schema: "public", name: "pair", attributes: [{ name: "a", type: "integer", collation: null }], owner: "postgres" }] },
    expect: [["composite-type-changed", "breaking", "public.pair.b"]],
    swapped: [["composite-type-changed", "breaking", "public.pair.b"]],
  },
  {
    name: "sequence missing breaking; narrower range risky",
    source: {
      roles,
      sequences: [
        { schema: "public", name: "s1", type: "bigint", start: "1", increment: "1", min: "1", max: "9223372036854775807", cache: "1", cycle: false, ownedBy: null, owner: "postgres", acl: [] },
        { schema: "public", name: "s2", type: "bigint", start: "1", increment: "1", min: "1", max: "9223372036854775807", cache: "1", cycle: false, ownedBy: null, owner: "postgres", acl: [] },
      ],
    },
    target: {
      roles,
      sequences: [{ schema: "public", name: "s1", type: "integer", start: "1", increment: "1", min: "1", max: "2147483647", cache: "1", cycle: false, ownedBy: null, owner: "postgres", acl: [] }],
    },
    expect: [
      ["sequence-missing", "breaking", "public.s2"],
      ["sequence-changed", "risky", "public.s1"],
    ],
  },
  // ---- privileges, roles, row security ----
  {
    name: "INSERT missing for a role is breaking; extra grant is info",
    source: content(),
    target: content(() => ({ roles, tables: [apps({ acl: WRITER_GRANTS.filter((g) => !(g.grantee === "writer" && g.privilege === "INSERT")) })] })),
    expect: [["privilege-missing", "breaking", "public.apps"]],
    swapped: [["privilege-extra", "info", "public.apps"]],
  },
  {
    name: "a privilege granted through a role the grantee is a member of counts",
    source: content(),
    target: {
      roles: [role("postgres", { superuser: true, canLogin: true }), role("writer", { canLogin: true, memberOf: ["app_rw"] }), role("app_rw")],
      tables: [apps({ acl: [...WRITER_GRANTS.filter((g) => g.grantee !== "writer"), ...grants("app_rw", "SELECT", "INSERT", "UPDATE", "DELETE")] })],
    },
    expect: [
      ["privilege-extra", "info", "public.apps"],
      ["role-extra", "info", "app_rw"],
      ["role-membership-changed", "info", "writer"],
    ],
  },
  {
    name: "NOINHERIT stops privileges from flowing through membership",
    source: content(),
    target: {
      roles: [role("postgres", { superuser: true, canLogin: true }), role("writer", { canLogin: true, inherit: false, memberOf: ["app_rw"] }), role("app_rw")],
      tables: [apps({ acl: [...WRITER_GRANTS.filter((g) => g.grantee !== "writer"), ...grants("app_rw", "SELECT", "INSERT", "UPDATE", "DELETE")] })],
    },
    expect: [
      ["privilege-missing", "breaking", "public.apps"],
      ["role-attribute-changed", "info", "writer"],
      ["privilege-extra", "info", "public.apps"],
      ["role-extra", "info", "app_rw"],
      ["role-membership-changed", "info", "writer"],
    ],
  },
  {
    name: "losing membership in the role holding the grants is breaking",
    source: {
      roles: [role("postgres", { superuser: true, canLogin: true }), role("writer", { canLogin: true, memberOf: ["app_rw"] }), role("app_rw")],
      tables: [apps({ acl: [...grants("postgres", "SELECT"), ...grants("app_rw", "INSERT")] })],
    },
    target: {
      roles: [role("postgres", { superuser: true, canLogin: true }), role("writer", { canLogin: true }), role("app_rw")],
      tables: [apps({ acl: [...grants("postgres", "SELECT"), ...grants("app_rw", "INSERT")] })],
    },
    expect: [["role-membership-changed", "breaking", "writer"]],
    swapped: [["role-membership-changed", "info", "writer"]],
  },
  {
    name: "column-level UPDATE missing is breaking; a table-level grant covers the column",
    source: { roles, tables: [apps({ acl: grants("postgres", "SELECT") }, [column("name", "text", { acl: grants("writer", "UPDATE") })])] },
    target: { roles, tables: [apps({ acl: grants("postgres", "SELECT") }, [column("name", "text")])] },
    expect: [["privilege-missing", "breaking", "public.apps.name"]],
  },
  {
    name: "schema USAGE missing is breaking",
    source: { roles, schemas: [{ name: "app", owner: "postgres", acl: [grant("writer", "USAGE")], comment: null }] },
    target: { roles, schemas: [{ name: "app", owner: "postgres", acl: [], comment: null }] },
    expect: [["privilege-missing", "breaking", "app"]],
  },
  {
    name: "database CONNECT missing is breaking",
    source: { roles, database: { name: "test", owner: "postgres", encoding: "UTF8", collate: "C", ctype: "C", connectionLimit: -1, acl: [grant("writer", "CONNECT")] } },
    target: { roles, database: { name: "prod", owner: "postgres", encoding: "UTF8", collate: "C", ctype: "C", connectionLimit: -1, acl: [] } },
    expect: [["privilege-missing", "breaking", "database"]],
  },
  {
    name: "EXECUTE missing is breaking",
    source: { roles, routines: [routine("f", "x", { acl: [grant("writer", "EXECUTE")] })] },
    target: { roles, routines: [routine("f", "x", { acl: [] })] },
    expect: [["privilege-missing", "breaking", "public.f()"]],
  },
  {
    name: "MAINTAIN is ignored when a side predates PostgreSQL 17",
    source: { roles, server: { version: "PostgreSQL 15", versionNum: 150010, embedded: false }, tables: [apps()] },
    target: { roles, tables: [apps({ acl: [...WRITER_GRANTS, grant("postgres", "MAINTAIN")] })] },
    expect: [],
  },
  {
    name: "MAINTAIN is compared when both sides have it",
    source: { roles, tables: [apps()] },
    target: { roles, tables: [apps({ acl: [...WRITER_GRANTS, grant("writer", "MAINTAIN")] })] },
    expect: [["privilege-extra", "info", "public.apps"]],
  },
  {
    name: "role missing in TARGET that holds grants is breaking",
    source: content(),
    target: { roles: [role("postgres", { superuser: true, canLogin: true })], tables: [apps({ acl: WRITER_GRANTS.filter((g) => g.grantee !== "writer") })] },
    expect: [
      ["privilege-missing", "breaking", "public.apps"],
      ["role-missing", "breaking", "writer"],
    ],
  },
  {
    name: "a role that can no longer log in is breaking",
    source: content(),
    target: content(() => ({ roles: [roles[0]!, role("writer")], tables: [apps()] })),
    expect: [["role-attribute-changed", "breaking", "writer"]],
    swapped: [["role-attribute-changed", "info", "writer"]],
  },
  {
    name: "RLS enabled in TARGET with no permissive policy for the writer is breaking",
    source: content(),
    target: content(() => ({ roles, tables: [apps({ rowSecurity: true })] })),
    expect: [
      ["row-security-blocks-writes", "breaking", "public.apps"],
      ["row-security-changed", "risky", "public.apps"],
    ],
    swapped: [["row-security-changed", "info", "public.apps"]],
  },
  {
    name: "RLS enabled in TARGET with a permissive policy for the writer is only risky",
    source: content(),
    target: content(() => ({ roles, tables: [apps({ rowSecurity: true, policies: [policy("p", { roles: ["writer"], using: "true", withCheck: "true" })] })] })),
    expect: [
      ["policy-added", "info", "public.apps.p"],
      ["row-security-changed", "risky", "public.apps"],
    ],
  },
  {
    name: "a login role writing through its group is blocked when TARGET's policy names neither",
    source: {
      roles: [role("postgres", { superuser: true, canLogin: true }), role("writer", { canLogin: true, memberOf: ["app_rw"] }), role("app_rw")],
      tables: [apps({ acl: grants("app_rw", "SELECT", "INSERT"), rowSecurity: true, policies: [policy("p", { roles: ["writer"], withCheck: "true" })] })],
    },
    target: {
      roles: [role("postgres", { superuser: true, canLogin: true }), role("writer", { canLogin: true, memberOf: ["app_rw"] }), role("app_rw")],
      tables: [apps({ acl: grants("app_rw", "SELECT", "INSERT"), rowSecurity: true, policies: [policy("p", { roles: ["reporting"], withCheck: "true" })] })],
    },
    expect: [
      ["row-security-blocks-writes", "breaking", "public.apps"],
      ["policy-changed", "risky", "public.apps.p"],
    ],
  },
  {
    name: "the table owner is exempt from RLS unless forced",
    source: { roles, tables: [apps({ owner: "writer" })] },
    target: { roles, tables: [apps({ owner: "writer", rowSecurity: true, forceRowSecurity: true })] },
    expect: [
      ["row-security-blocks-writes", "breaking", "public.apps"],
      ["row-security-changed", "risky", "public.apps"],
    ],
  },
  {
    name: "a policy's expression changed is risky with a diff",
    source: { roles, tables: [apps({ rowSecurity: true, policies: [policy("p", { roles: ["writer"], withCheck: "(id > 0)" })] })] },
    target: { roles, tables: [apps({ rowSecurity: true, policies: [policy("p", { roles: ["writer"], withCheck: "(id > 10)" })] })] },
    expect: [["policy-changed", "risky", "public.apps.p"]],
  },
  {
    name: "a restrictive policy only in TARGET is risky",
    source: { roles, tables: [apps({ rowSecurity: true, policies: [policy("p", { roles: ["writer"] })] })] },
    target: { roles, tables: [apps({ rowSecurity: true, policies: [policy("p", { roles: ["writer"] }), policy("r", { permissive: false, roles: ["writer"], using: "(id > 0)" })] })] },
    expect: [["policy-added", "risky", "public.apps.r"]],
    swapped: [["policy-missing", "info", "public.apps.r"]],
  },
  {
    name: "default privileges missing in TARGET are risky",
    source: { roles, defaultPrivileges: [{ role: "postgres", schema: "public", objectType: "tables", acl: grants("writer", "INSERT") }] },
    target: { roles },
    expect: [["default-privileges-changed", "risky", "default privileges for tables created by postgres in schema public"]],
    swapped: [["default-privileges-changed", "info", "default privileges for tables created by postgres in schema public"]],
  },
  // ---- settings ----
  {
    name: "default_transaction_read_only on in TARGET is breaking",
    source: { roles, settings: [{ name: "default_transaction_read_only", value: "off", unit: null }] },
    target: { roles, settings: [{ name: "default_transaction_read_only", value: "on", unit: null }] },
    expect: [["setting-read-only", "breaking", "default_transaction_read_only (server)"]],
    swapped: [["setting-changed", "info", "default_transaction_read_only (server)"]],
  },
  {
    name: "ALTER ROLE writer SET default_transaction_read_only = on in TARGET is breaking",
    source: { roles },
    target: { roles, roleSettings: [{ role: "writer", allDatabases: false, name: "default_transaction_read_only", value: "on" }] },
    expect: [["setting-read-only", "breaking", "default_transaction_read_only (role writer in database)"]],
  },
  {
    name: "a lower non-zero statement_timeout is risky; a higher one info",
    source: { roles, settings: [{ name: "statement_timeout", value: "60000", unit: "ms" }] },
    target: { roles, settings: [{ name: "statement_timeout", value: "5000", unit: "ms" }] },
    expect: [["setting-timeout-lowered", "risky", "statement_timeout (server)"]],
    swapped: [["setting-changed", "info", "statement_timeout (server)"]],
  },
  {
    name: "a timeout in TARGET where SOURCE has none is risky; same value in other units is equal",
    source: { roles, settings: [{ name: "lock_timeout", value: "0", unit: "ms" }], roleSettings: [{ role: "writer", allDatabases: true, name: "statement_timeout", value: "5s" }] },
    target: { roles, settings: [{ name: "lock_timeout", value: "1000", unit: "ms" }], roleSettings: [{ role: "writer", allDatabases: true, name: "statement_timeout", value: "5000" }] },
    expect: [["setting-timeout-lowered", "risky", "lock_timeout (server)"]],
  },
  {
    name: "search_path and session_replication_role differences are risky",
    source: { roles, settings: [{ name: "search_path", value: '"$user", public', unit: null }, { name: "session_replication_role", value: "origin", unit: null }] },
    target: { roles, settings: [{ name: "search_path", value: "app, public", unit: null }, { name: "session_replication_role", value: "replica", unit: null }] },
    expect: [
      ["setting-search-path-changed", "risky", "search_path (server)"],
      ["setting-write-semantics-changed", "risky", "session_replication_role (server)"],
    ],
  },
  {
    name: "a database-level setting is reported once, at the database level, though sessions see it too",
    source: { roles, settings: [{ name: "statement_timeout", value: "0", unit: "ms" }] },
    target: {
      roles,
      settings: [{ name: "statement_timeout", value: "3000", unit: "ms" }],
      roleSettings: [{ role: null, allDatabases: false, name: "statement_timeout", value: "3s" }],
    },
    expect: [["setting-timeout-lowered", "risky", "statement_timeout (database)"]],
  },
  {
    name: "synchronous_commit is info",
    source: { roles, settings: [{ name: "synchronous_commit", value: "on", unit: null }] },
    target: { roles, settings: [{ name: "synchronous_commit", value: "off", unit: null }] },
    expect: [["setting-changed", "info", "synchronous_commit (server)"]],
  },
  {
    name: "settings only one server version has are not drift",
    source: { roles, server: { version: "PostgreSQL 16", versionNum: 160004, embedded: false } },
    target: { roles, settings: [{ name: "transaction_timeout", value: "0", unit: "ms" }] },
    expect: [],
  },
  {
    name: "an embedded side: server settings not compared (one info), role settings still are",
    source: { roles, server: { version: "PostgreSQL 18", versionNum: 180000, embedded: true }, settings: [{ name: "statement_timeout", value: "0", unit: "ms" }] },
    target: {
      roles,
      settings: [{ name: "statement_timeout", value: "1000", unit: "ms" }],
      roleSettings: [{ role: null, allDatabases: false, name: "default_transaction_read_only", value: "on" }],
    },
    expect: [
      ["setting-read-only", "breaking", "default_transaction_read_only (database)"],
      ["settings-not-compared", "info", "server settings"],
    ],
  },
  // ---- schemas, extensions, database, unmodelled, cosmetics ----
  {
    name: "an empty schema missing in TARGET is info (no write can reach it)",
    source: { roles, schemas: [{ name: "public", owner: "pg_database_owner", acl: [], comment: null }, { name: "app", owner: "postgres", acl: [], comment: null }] },
    target: { roles, schemas: [{ name: "public", owner: "pg_database_owner", acl: [], comment: null }] },
    expect: [["schema-missing", "info", "app"]],
    swapped: [["schema-extra", "info", "app"]],
  },
  {
    name: "extension missing breaking, version skew risky",
    source: { roles, extensions: [{ name: "pgcrypto", schema: "public", version: "1.3" }, { name: "citext", schema: "public", version: "1.6" }] },
    target: { roles, extensions: [{ name: "citext", schema: "public", version: "1.5" }] },
    expect: [
      ["extension-missing", "breaking", "pgcrypto"],
      ["extension-changed", "risky", "citext"],
    ],
    swapped: [
      ["extension-changed", "risky", "citext"],
      ["extension-extra", "info", "pgcrypto"],
    ],
  },
  {
    name: "database name differs: no finding; encoding differs: risky",
    source: { roles, database: { name: "test", owner: "postgres", encoding: "UTF8", collate: "C", ctype: "C", connectionLimit: -1, acl: [] } },
    target: { roles, database: { name: "prod", owner: "postgres", encoding: "LATIN1", collate: "C", ctype: "C", connectionLimit: -1, acl: [] } },
    expect: [["database-changed", "risky", "database"]],
  },
  {
    name: "an embedded side's locale is its engine's own: not compared",
    source: { roles, server: { version: "PostgreSQL 18", versionNum: 180000, embedded: true }, database: { name: "postgres", owner: "postgres", encoding: "UTF8", collate: "C", ctype: "C", connectionLimit: -1, acl: [] } },
    target: { roles, database: { name: "prod", owner: "postgres", encoding: "UTF8", collate: "en_US.UTF-8", ctype: "en_US.UTF-8", connectionLimit: -1, acl: [] } },
    expect: [["settings-not-compared", "info", "server settings"]],
  },
  {
    name: "views print columns unqualified from PostgreSQL 16 on: the same view across that line is no finding",
    source: { roles, server: { version: "PostgreSQL 18", versionNum: 180001, embedded: false }, views: [view("v", " SELECT id,\n    name\n   FROM public.apps\n  WHERE name IS NOT NULL;")] },
    target: { roles, server: { version: "PostgreSQL 15", versionNum: 150020, embedded: false }, views: [view("v", " SELECT apps.id,\n    apps.name\n   FROM public.apps\n  WHERE apps.name IS NOT NULL;")] },
    expect: [],
  },
  {
    name: "a real view change across major versions is still found",
    source: { roles, server: { version: "PostgreSQL 18", versionNum: 180001, embedded: false }, views: [view("v", " SELECT id\n   FROM public.apps;")] },
    target: { roles, server: { version: "PostgreSQL 15", versionNum: 150020, embedded: false }, views: [view("v", " SELECT apps.id,\n    apps.name\n   FROM public.apps;")] },
    expect: [["view-changed", "risky", "public.v"]],
  },
  {
    name: "unmodelled objects on one side are reported risky, never silently passed",
    source: { roles, unmodelled: [{ definition: null, kind: "rule", name: "public.apps.r1" }] },
    target: { roles, unmodelled: [{ definition: null, kind: "rule", name: "public.apps.r1" }, { definition: null, kind: "publication", name: "pub" }] },
    expect: [["unmodelled-object", "risky", "pub"]],
    swapped: [["unmodelled-object", "risky", "pub"]],
  },
  {
    name: "owner and comment differences are info",
    source: content(),
    target: content(() => ({ roles, tables: [apps({ owner: "writer", comment: "apps" })] })),
    expect: [
      ["comment-changed", "info", "public.apps"],
      ["owner-changed", "info", "public.apps"],
    ],
  },
];

function triples(source: Partial<SnapshotContent>, target: Partial<SnapshotContent>): Expected[] {
  return judge(snapshot(source), snapshot(target)).map((f) => [f.rule, f.severity, f.object] as const);
}

const sorted = (list: readonly Expected[]) => [...list].sort((a, b) => a.join("|").localeCompare(b.join("|")));

describe("rules judge each difference by its effect on writes", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", (_, c) => {
    expect(sorted(triples(c.source, c.target))).toEqual(sorted(c.expect));
    if (c.swapped) expect(sorted(triples(c.target, c.source))).toEqual(sorted(c.swapped));
  });
});
