import { createHash } from "node:crypto";
import type {
  Column,
  Constraint,
  Grant,
  Index,
  Policy,
  Role,
  Routine,
  Sequence,
  Snapshot,
  SnapshotContent,
  Table,
  Trigger,
  View,
} from "../../../src/dialects/postgresql/model/snapshot.js";
import { SNAPSHOT_FORMAT, SNAPSHOT_FORMAT_VERSION } from "../../../src/dialects/postgresql/model/snapshot.js";

/**
 * Small builders for pure rule tests: every field has the value a plain `CREATE ...` would give, so a
 * test states only what its case is about.
 */
export function snapshot(content: Partial<SnapshotContent> = {}): Snapshot {
  return {
    format: SNAPSHOT_FORMAT,
    dialect: "postgresql",
    version: SNAPSHOT_FORMAT_VERSION,
    fingerprint: "sha256:test",
    origin: { kind: "server", label: "test", includeSchemas: [], excludeSchemas: [] },
    content: {
      server: { version: "PostgreSQL 17.2", versionNum: 170002, embedded: false },
      database: { name: "app", owner: "postgres", encoding: "UTF8", collate: "C", ctype: "C", connectionLimit: -1, acl: [] },
      settings: [],
      roleSettings: [],
      roles: [role("postgres", { superuser: true, canLogin: true })],
      schemas: [{ name: "public", owner: "pg_database_owner", acl: [grant("PUBLIC", "USAGE")], comment: null }],
      extensions: [],
      tables: [],
      views: [],
      enums: [],
      domains: [],
      compositeTypes: [],
      sequences: [],
      routines: [],
      defaultPrivileges: [],
      unmodelled: [],
      ...content,
    },
  };
}

export function grant(grantee: string, privilege: string, grantable = false): Grant {
  return { grantee, privilege, grantable };
}

export function grants(grantee: string, ...privileges: string[]): Grant[] {
  return privileges.map((p) => grant(grantee, p));
}

export function role(name: string, over: Partial<Role> = {}): Role {
  return {
    name,
    superuser: false,
    inherit: true,
    createRole: false,
    createDb: false,
    canLogin: false,
    replication: false,
    bypassRls: false,
    connectionLimit: -1,
    memberOf: [],
    ...over,
  };
}

export function column(name: string, type = "text", over: Partial<Column> = {}): Column {
  return {
    name,
    position: 1,
    type,
    typeKind: "base",
    typeRef: null,
    arrayDims: type.endsWith("[]") ? 1 : 0,
    notNull: false,
    default: null,
    identity: null,
    generated: null,
    generatedExpression: null,
    collation: null,
    acl: [],
    comment: null,
    ...over,
  };
}

export function table(name: string, columns: readonly Column[] = [], over: Partial<Table> = {}): Table {
  const [schema, bare] = name.includes(".") ? (name.split(".") as [string, string]) : ["public", name];
  return {
    schema,
    name: bare,
    kind: "ordinary",
    persistence: "permanent",
    rowSecurity: false,
    forceRowSecurity: false,
    partitionKey: null,
    partitionOf: null,
    partitionBound: null,
    inherits: [],
    owner: "postgres",
    acl: grants("postgres", "SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"),
    options: [],
    comment: null,
    columns: columns.map((c, i) => ({ ...c, position: c.position === 1 ? i + 1 : c.position })),
    constraints: [],
    indexes: [],
    triggers: [],
    policies: [],
    ...over,
  };
}

export function view(name: string, definition: string, over: Partial<View> = {}): View {
  const [schema, bare] = name.includes(".") ? (name.split(".") as [string, string]) : ["public", name];
  return {
    schema,
    name: bare,
    kind: "view",
    definition,
    owner: "postgres",
    acl: grants("postgres", "SELECT", "INSERT", "UPDATE", "DELETE"),
    options: [],
    columns: [],
    indexes: [],
    triggers: [],
    comment: null,
    ...over,
  };
}

export function constraint(name: string, type: Constraint["type"], definition: string, over: Partial<Constraint> = {}): Constraint {
  return {
    name,
    type,
    definition,
    columns: [],
    validated: true,
    enforced: true,
    deferrable: false,
    inherited: false,
    initiallyDeferred: false,
    foreignKey: null,
    ...over,
  };
}

export function index(name: string, on: string, columns: string, over: Partial<Index> = {}): Index {
  const unique = over.unique ?? false;
  const kind = unique ? "UNIQUE INDEX" : "INDEX";
  return {
    name,
    definition: `CREATE ${kind} ${name} ON ${on} USING btree (${columns})`,
    shape: `CREATE ${kind} ON ${on} USING btree (${columns})`,
    unique,
    primary: false,
    method: "btree",
    predicate: null,
    nullsNotDistinct: false,
    inherited: false,
    valid: true,
    constraint: null,
    ...over,
  };
}

export function trigger(name: string, fn: string, over: Partial<Trigger> = {}): Trigger {
  return {
    name,
    timing: "before",
    events: ["insert"],
    level: "row",
    function: fn,
    enabled: "origin",
    definition: `CREATE TRIGGER ${name} BEFORE INSERT ON public.apps FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
    isConstraint: false,
    inherited: false,
    ...over,
  };
}

export function policy(name: string, over: Partial<Policy> = {}): Policy {
  return { name, command: "all", permissive: true, roles: ["PUBLIC"], using: "true", withCheck: null, ...over };
}

export function routine(name: string, body: string, over: Partial<Routine> = {}): Routine {
  const [schema, bare] = name.includes(".") ? (name.split(".") as [string, string]) : ["public", name];
  return {
    schema,
    name: bare,
    arguments: "",
    result: "trigger",
    kind: "function",
    language: "plpgsql",
    volatility: "volatile",
    securityDefiner: false,
    strict: false,
    config: [],
    body,
    bodyHash: `sha256:${createHash("sha256").update(body).digest("hex")}`,
    owner: "postgres",
    acl: [grant("PUBLIC", "EXECUTE"), grant("postgres", "EXECUTE")],
    ...over,
  };
}

export function sequence(name: string, over: Partial<Sequence> = {}): Sequence {
  return {
    schema: "public",
    name,
    type: "bigint",
    start: "1",
    increment: "1",
    min: "1",
    max: "9223372036854775807",
    cache: "1",
    cycle: false,
    ownedBy: null,
    owner: "postgres",
    acl: [],
    ...over,
  };
}
