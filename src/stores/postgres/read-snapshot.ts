import { createHash } from "node:crypto";
import { StoreError } from "../../errors.js";
import { canonicalJson, compareText, fingerprintOf } from "../../model/canonical-json.js";
import { qualifiedName, quoteIdent } from "../../model/identifiers.js";
import {
  SNAPSHOT_FORMAT,
  SNAPSHOT_FORMAT_VERSION,
  type Column,
  type Constraint,
  type ConstraintType,
  type DefaultPrivilegeObject,
  type ForeignKeyAction,
  type Grant,
  type Index,
  type Policy,
  type PolicyCommand,
  type Role,
  type RoleSetting,
  type RoutineKind,
  type Snapshot,
  type SnapshotContent,
  type SnapshotOrigin,
  type Table,
  type Trigger,
  type TriggerEnabled,
  type TriggerEvent,
  type Unmodelled,
  type View,
  type Volatility,
} from "../../model/snapshot.js";
import { describePgError } from "./server-session.js";
import { QUERY_NAMES, catalogScript, type QueryName } from "./catalog-script.js";
import type { SqlSession } from "./sql-session.js";

export interface ReadSnapshotOptions {
  readonly includeSchemas?: readonly string[];
  readonly excludeSchemas?: readonly string[];
  readonly statementTimeoutMs?: number;
  readonly lockTimeoutMs?: number;
  /** Where the snapshot came from, as shown to users (already redacted). */
  readonly label: string;
  readonly kind: SnapshotOrigin["kind"];
}

/**
 * Reads a complete snapshot over an open session: one round trip for the whole catalog, in a read-only
 * repeatable-read transaction, then a single pass converting raw rows into frozen model objects.
 */
export async function readSnapshot(session: SqlSession, options: ReadSnapshotOptions): Promise<Snapshot> {
  const includeSchemas = [...(options.includeSchemas ?? [])].sort(compareText);
  const excludeSchemas = [...(options.excludeSchemas ?? [])].sort(compareText);
  const script = catalogScript({
    includeSchemas,
    excludeSchemas,
    statementTimeoutMs: options.statementTimeoutMs ?? 60_000,
    lockTimeoutMs: options.lockTimeoutMs ?? 5_000,
  });
  let results: Record<string, unknown>[][];
  try {
    results = await session.script(script);
  } catch (error) {
    // The transaction is aborted; leave the session usable for whoever owns it.
    await session.script("ROLLBACK;").catch(() => undefined);
    throw new StoreError(`snapshot of ${options.label} failed: ${describePgError(error)}`, { cause: error });
  }
  if (results.length !== QUERY_NAMES.length) {
    throw new StoreError(`snapshot of ${options.label} failed: expected ${QUERY_NAMES.length} catalog results, got ${results.length}`);
  }
  const raw = {} as Record<QueryName, RawRow[]>;
  QUERY_NAMES.forEach((name, i) => {
    const data = results[i]?.[0]?.data;
    raw[name] = typeof data === "string" ? (JSON.parse(data) as RawRow[]) : [];
  });
  const content = convert(raw, session.engine === "pglite" && options.kind === "sql");
  if (includeSchemas.length) {
    const found = new Set(content.schemas.map((s) => s.name));
    const missing = includeSchemas.filter((s) => !found.has(s));
    // Asking for a schema that is not there must not look like "that schema is empty".
    if (missing.length) {
      throw new StoreError(`snapshot of ${options.label}: schema(s) not found: ${missing.join(", ")}`);
    }
  }
  return buildSnapshot(content, { kind: options.kind, label: options.label, includeSchemas, excludeSchemas });
}

export function buildSnapshot(content: SnapshotContent, origin: SnapshotOrigin): Snapshot {
  // Round-tripping through canonical JSON freezes the exact bytes the fingerprint covers.
  const frozen = deepFreeze(JSON.parse(canonicalJson(content)) as SnapshotContent);
  return deepFreeze({
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_FORMAT_VERSION,
    fingerprint: fingerprintOf(frozen),
    origin,
    content: frozen,
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

// ---- raw rows: shapes of the catalog script's JSON, private to this file ----
type RawRow = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const byKey = <T>(key: (t: T) => string) => (a: T, b: T) => compareText(key(a), key(b));
const byName = byKey<{ name: string }>((x) => x.name);
const bySchemaName = byKey<{ schema: string; name: string }>((x) => `${x.schema}\u0000${x.name}`);

function grants(rows: RawRow[] | null | undefined): Grant[] {
  return (rows ?? [])
    .map((g) => ({ grantee: String(g.grantee), privilege: String(g.privilege), grantable: Boolean(g.grantable) }))
    .sort(byKey((g) => `${g.grantee}\u0000${g.privilege}\u0000${g.grantable}`));
}

function groupBy(rows: RawRow[], key: string): Map<number, RawRow[]> {
  const map = new Map<number, RawRow[]>();
  for (const row of rows) {
    const k = Number(row[key]);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

const CONSTRAINT_TYPES: Record<string, ConstraintType> = { p: "primary key", u: "unique", f: "foreign key", c: "check", x: "exclusion" };
const FK_ACTIONS: Record<string, ForeignKeyAction> = { a: "no action", r: "restrict", c: "cascade", n: "set null", d: "set default" };
const FK_MATCH: Record<string, "simple" | "full" | "partial"> = { s: "simple", f: "full", p: "partial" };
const TRIGGER_ENABLED: Record<string, TriggerEnabled> = { O: "origin", D: "disabled", R: "replica", A: "always" };
const POLICY_COMMANDS: Record<string, PolicyCommand> = { "*": "all", r: "select", a: "insert", w: "update", d: "delete" };
const ROUTINE_KINDS: Record<string, RoutineKind> = { f: "function", p: "procedure", a: "aggregate", w: "window" };
const VOLATILITY: Record<string, Volatility> = { i: "immutable", s: "stable", v: "volatile" };
const TYPE_KINDS: Record<string, Column["typeKind"]> = { b: "base", e: "enum", d: "domain", c: "composite", r: "range", p: "pseudo", m: "multirange" };
const DEFAULT_ACL_OBJECTS: Record<string, DefaultPrivilegeObject> = { r: "tables", S: "sequences", f: "functions", T: "types", n: "schemas" };

function column(row: RawRow, position: number): Column {
  const userType = row.typeSchema !== "pg_catalog" && row.typeSchema !== "information_schema";
  const generated = row.generated === "s" ? "stored" : row.generated === "v" ? "virtual" : null;
  return {
    name: row.name,
    position,
    type: row.type,
    typeKind: TYPE_KINDS[row.typType] ?? "other",
    typeRef: userType ? qualifiedName(row.typeSchema, row.typeName) : null,
    // attndims is 0 for arrays made by CREATE TABLE AS and friends; an array column has at least one.
    arrayDims: row.isArray ? Math.max(1, Number(row.dims)) : 0,
    notNull: Boolean(row.notNull),
    default: generated ? null : (row.defaultExpr ?? null),
    identity: row.identity === "a" ? "always" : row.identity === "d" ? "by default" : null,
    generated,
    generatedExpression: generated ? (row.defaultExpr ?? null) : null,
    collation: row.collation ?? null,
    acl: grants(row.acl),
    comment: row.comment ?? null,
  };
}

function columnsOf(rows: RawRow[] | undefined): Column[] {
  return [...(rows ?? [])].sort((a, b) => a.num - b.num).map((row, i) => column(row, i + 1));
}

function constraint(row: RawRow): Constraint {
  const type = CONSTRAINT_TYPES[row.type] ?? "check";
  return {
    name: row.name,
    type,
    definition: row.definition,
    columns: row.columns ?? [],
    validated: Boolean(row.validated),
    enforced: row.enforced !== false,
    deferrable: Boolean(row.deferrable),
    initiallyDeferred: Boolean(row.deferred),
    foreignKey:
      type === "foreign key"
        ? {
            table: qualifiedName(row.refSchema, row.refTable),
            columns: row.refColumns ?? [],
            onUpdate: FK_ACTIONS[row.onUpdate] ?? "no action",
            onDelete: FK_ACTIONS[row.onDelete] ?? "no action",
            match: FK_MATCH[row.match] ?? "simple",
          }
        : null,
  };
}

function index(row: RawRow): Index {
  const definition: string = row.definition;
  const marker = ` INDEX ${row.quotedName} ON `;
  return {
    name: row.name,
    definition,
    shape: definition.replace(marker, " INDEX ON "),
    unique: Boolean(row.unique),
    primary: Boolean(row.primary),
    method: row.method,
    predicate: row.predicate ?? null,
    nullsNotDistinct: Boolean(row.nullsNotDistinct),
    valid: Boolean(row.valid),
    constraint: row.constraint ?? null,
  };
}

// pg_trigger.tgtype bits, from PostgreSQL's trigger.h.
function trigger(row: RawRow): Trigger {
  const t = Number(row.type);
  const events: TriggerEvent[] = [];
  if (t & 4) events.push("insert");
  if (t & 16) events.push("update");
  if (t & 8) events.push("delete");
  if (t & 32) events.push("truncate");
  return {
    name: row.name,
    timing: t & 64 ? "instead of" : t & 2 ? "before" : "after",
    events,
    level: t & 1 ? "row" : "statement",
    function: qualifiedName(row.functionSchema, row.functionName),
    enabled: TRIGGER_ENABLED[row.enabled] ?? "origin",
    definition: row.definition,
    isConstraint: Boolean(row.isConstraint),
  };
}

function policy(row: RawRow): Policy {
  return {
    name: row.name,
    command: POLICY_COMMANDS[row.command] ?? "all",
    permissive: Boolean(row.permissive),
    roles: [...(row.roles ?? [])].sort(compareText),
    using: row.using ?? null,
    withCheck: row.withCheck ?? null,
  };
}

function splitSetting(entry: string): { name: string; value: string } {
  const eq = entry.indexOf("=");
  return eq < 0 ? { name: entry, value: "" } : { name: entry.slice(0, eq), value: entry.slice(eq + 1) };
}

function convert(raw: Record<QueryName, RawRow[]>, embedded: boolean): SnapshotContent {
  const db = raw.database[0];
  if (!db) throw new StoreError("snapshot failed: the current database is not visible in pg_database");

  const columnsByRel = groupBy(raw.columns, "rel");
  const constraintsByRel = groupBy(raw.constraints, "rel");
  const indexesByRel = groupBy(raw.indexes, "rel");
  const triggersByRel = groupBy(raw.triggers, "rel");
  const policiesByRel = groupBy(raw.policies, "rel");

  const tables: Table[] = [];
  const views: View[] = [];
  const sequences: SnapshotContent["sequences"][number][] = [];
  const compositeTypes: SnapshotContent["compositeTypes"][number][] = [];
  const unmodelled: Unmodelled[] = [];

  for (const r of raw.relations) {
    const oid = Number(r.oid);
    const cols = columnsOf(columnsByRel.get(oid));
    const idx = (indexesByRel.get(oid) ?? []).map(index).sort(byName);
    const trg = (triggersByRel.get(oid) ?? []).map(trigger).sort(byName);
    if (r.relkind === "r" || r.relkind === "p" || r.relkind === "f") {
      if (r.relkind === "f") unmodelled.push({ kind: "foreign table", name: qualifiedName(r.schema, r.name) });
      const parents: { schema: string; name: string }[] = r.parents ?? [];
      const parent = parents[0];
      tables.push({
        schema: r.schema,
        name: r.name,
        kind: r.relkind === "f" ? "foreign" : r.isPartition ? "partition" : r.relkind === "p" ? "partitioned" : "ordinary",
        persistence: r.persistence === "u" ? "unlogged" : r.persistence === "t" ? "temporary" : "permanent",
        rowSecurity: Boolean(r.rls),
        forceRowSecurity: Boolean(r.forceRls),
        partitionKey: r.partitionKey ?? null,
        partitionOf: r.isPartition && parent ? qualifiedName(parent.schema, parent.name) : null,
        partitionBound: r.partitionBound ?? null,
        inherits: r.isPartition ? [] : parents.map((p) => qualifiedName(p.schema, p.name)),
        owner: r.owner,
        acl: grants(r.acl),
        options: [...(r.options ?? [])].sort(compareText),
        comment: r.comment ?? null,
        columns: cols,
        constraints: (constraintsByRel.get(oid) ?? []).map(constraint).sort(byName),
        indexes: idx,
        triggers: trg,
        policies: (policiesByRel.get(oid) ?? []).map(policy).sort(byName),
      });
    } else if (r.relkind === "v" || r.relkind === "m") {
      views.push({
        schema: r.schema,
        name: r.name,
        kind: r.relkind === "m" ? "materialized" : "view",
        definition: r.viewdef ?? "",
        owner: r.owner,
        acl: grants(r.acl),
        options: [...(r.options ?? [])].sort(compareText),
        columns: cols,
        indexes: idx,
        triggers: trg,
        comment: r.comment ?? null,
      });
    } else if (r.relkind === "S" && r.sequence) {
      const s = r.sequence;
      sequences.push({
        schema: r.schema,
        name: r.name,
        type: s.type,
        start: s.start,
        increment: s.increment,
        min: s.min,
        max: s.max,
        cache: s.cache,
        cycle: Boolean(s.cycle),
        ownedBy: s.ownedBy ? `${qualifiedName(s.ownedBy.schema, s.ownedBy.table)}.${quoteIdent(s.ownedBy.column)}` : null,
        owner: r.owner,
        acl: grants(r.acl),
      });
    } else if (r.relkind === "c") {
      compositeTypes.push({
        schema: r.schema,
        name: r.name,
        attributes: cols.map((c) => ({ name: c.name, type: c.type, collation: c.collation })),
        owner: r.owner,
      });
    }
  }

  const enums = [];
  const domains = [];
  for (const t of raw.types) {
    if (t.typtype === "e") enums.push({ schema: t.schema, name: t.name, labels: t.labels ?? [], owner: t.owner });
    else if (t.typtype === "d")
      domains.push({
        schema: t.schema,
        name: t.name,
        baseType: t.baseType,
        notNull: Boolean(t.notNull),
        default: t.default ?? null,
        collation: t.collation ?? null,
        checks: [...(t.checks ?? [])]
          .map((c: RawRow) => ({ name: c.name, definition: c.definition, validated: Boolean(c.validated) }))
          .sort(byName),
        owner: t.owner,
      });
    else unmodelled.push({ kind: t.typtype === "r" ? "range type" : "base type", name: qualifiedName(t.schema, t.name) });
  }

  for (const u of raw.unmodelled) {
    unmodelled.push({ kind: u.kind, name: u.schema ? `${quoteIdent(u.schema)}.${u.name}` : u.name });
  }

  const routines = raw.routines
    .map((p) => ({
      schema: p.schema,
      name: p.name,
      arguments: p.arguments ?? "",
      result: p.result ?? null,
      kind: ROUTINE_KINDS[p.kind] ?? "function",
      language: p.language,
      volatility: VOLATILITY[p.volatility] ?? "volatile",
      securityDefiner: Boolean(p.securityDefiner),
      strict: Boolean(p.strict),
      config: [...(p.config ?? [])].sort(compareText),
      body: p.body ?? "",
      bodyHash: `sha256:${createHash("sha256").update(p.body ?? "").digest("hex")}`,
      owner: p.owner,
      acl: grants(p.acl),
    }))
    .sort(byKey((p) => `${p.schema}\u0000${p.name}\u0000${p.arguments}`));

  const schemas = raw.schemas
    .map((s) => ({ name: s.name, owner: s.owner, acl: grants(s.acl), comment: s.comment ?? null }))
    .sort(byName);

  const defaultPrivileges = raw.defaultPrivileges
    .map((d) => ({ role: d.role, schema: d.schema ?? null, objectType: DEFAULT_ACL_OBJECTS[d.objectType] ?? "tables", acl: grants(d.acl) }))
    .sort(byKey((d) => `${d.role}\u0000${d.schema ?? ""}\u0000${d.objectType}`));

  const roleSettings: RoleSetting[] = raw.roleSettings
    .flatMap((s) =>
      (s.config ?? []).map((entry: string) => ({ role: s.role ?? null, allDatabases: Boolean(s.allDatabases), ...splitSetting(entry) })),
    )
    .sort(byKey((s: RoleSetting) => `${s.role ?? ""}\u0000${s.allDatabases}\u0000${s.name}`));

  const partial = {
    database: {
      name: db.name,
      owner: db.owner,
      encoding: db.encoding,
      collate: db.collate,
      ctype: db.ctype,
      connectionLimit: Number(db.connectionLimit),
      acl: grants(db.acl),
    },
    schemas,
    tables: tables.sort(bySchemaName),
    views: views.sort(bySchemaName),
    sequences: sequences.sort(bySchemaName),
    routines,
    defaultPrivileges,
    roleSettings,
  };

  return {
    server: { version: db.version, versionNum: Number(db.versionNum), embedded },
    database: partial.database,
    settings: raw.settings
      .map((s) => ({ name: s.name, value: s.value ?? "", unit: s.unit ?? null }))
      .sort(byName),
    roleSettings: roleSettings.filter((s) => s.role === null || relevantRoles(raw.roles, partial).has(s.role)),
    roles: selectRoles(raw.roles, partial),
    schemas,
    extensions: raw.extensions.map((e) => ({ name: e.name, schema: e.schema, version: e.version })).sort(byName),
    tables: partial.tables,
    views: partial.views,
    enums: enums.sort(bySchemaName),
    domains: domains.sort(bySchemaName),
    compositeTypes: compositeTypes.sort(bySchemaName),
    sequences: partial.sequences,
    routines,
    defaultPrivileges,
    unmodelled: unmodelled.sort(byKey((u) => `${u.kind}\u0000${u.name}`)),
  };
}

interface RoleInputs {
  readonly database: { owner: string; acl: readonly Grant[] };
  readonly schemas: readonly { owner: string; acl: readonly Grant[] }[];
  readonly tables: readonly Table[];
  readonly views: readonly View[];
  readonly sequences: readonly { owner: string; acl: readonly Grant[] }[];
  readonly routines: readonly { owner: string; acl: readonly Grant[] }[];
  readonly defaultPrivileges: readonly { role: string; acl: readonly Grant[] }[];
  readonly roleSettings: readonly RoleSetting[];
}

const roleCache = new WeakMap<object, Set<string>>();

/**
 * Roles are cluster-wide, but a snapshot describes one store: it keeps the roles this database refers to
 * (owners, grantees, policy roles, role settings) plus every role connected to those through membership,
 * in both directions, so the login role an application uses (a member of the role holding the grants) is
 * kept while roles of unrelated databases on the same cluster are not.
 */
function relevantRoles(rawRoles: RawRow[], inputs: RoleInputs): Set<string> {
  const cached = roleCache.get(inputs);
  if (cached) return cached;
  const seeds = new Set<string>();
  const addAcl = (acl: readonly Grant[]) => acl.forEach((g) => g.grantee !== "PUBLIC" && seeds.add(g.grantee));
  seeds.add(inputs.database.owner);
  addAcl(inputs.database.acl);
  for (const o of [...inputs.schemas, ...inputs.sequences, ...inputs.routines]) {
    seeds.add(o.owner);
    addAcl(o.acl);
  }
  for (const t of [...inputs.tables, ...inputs.views]) {
    seeds.add(t.owner);
    addAcl(t.acl);
    t.columns.forEach((c) => addAcl(c.acl));
  }
  for (const t of inputs.tables) t.policies.forEach((p) => p.roles.forEach((r) => r !== "PUBLIC" && seeds.add(r)));
  for (const d of inputs.defaultPrivileges) {
    seeds.add(d.role);
    addAcl(d.acl);
  }
  for (const s of inputs.roleSettings) if (s.role && !s.allDatabases) seeds.add(s.role);

  const memberOf = new Map<string, string[]>(rawRoles.map((r) => [r.name, r.memberOf ?? []]));
  const members = new Map<string, string[]>();
  for (const [role, groups] of memberOf) for (const g of groups) members.set(g, [...(members.get(g) ?? []), role]);
  const result = new Set<string>();
  const queue = [...seeds].filter((r) => memberOf.has(r));
  while (queue.length) {
    const role = queue.pop()!;
    if (result.has(role)) continue;
    result.add(role);
    for (const next of [...(memberOf.get(role) ?? []), ...(members.get(role) ?? [])]) if (!result.has(next)) queue.push(next);
  }
  roleCache.set(inputs, result);
  return result;
}

function selectRoles(rawRoles: RawRow[], inputs: RoleInputs): Role[] {
  const keep = relevantRoles(rawRoles, inputs);
  return rawRoles
    .filter((r) => keep.has(r.name))
    .map((r) => ({
      name: r.name,
      superuser: Boolean(r.superuser),
      inherit: Boolean(r.inherit),
      createRole: Boolean(r.createRole),
      createDb: Boolean(r.createDb),
      canLogin: Boolean(r.canLogin),
      replication: Boolean(r.replication),
      bypassRls: Boolean(r.bypassRls),
      connectionLimit: Number(r.connectionLimit),
      memberOf: [...(r.memberOf ?? [])].sort(compareText),
    }))
    .sort(byName);
}
