import { createHash } from "node:crypto";
import { StoreError } from "../../../errors.js";
import { compareText, fingerprintOfSorted, sortKeysDeep } from "../../../model/canonical-json.js";
import { deepFreeze } from "../../../model/deep-freeze.js";
import { qualifiedName, quoteIdent } from "../model/identifiers.js";
import {
  POSTGRESQL,
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
  type Setting,
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
} from "../model/snapshot.js";
import { describePgError } from "../session/server-session.js";
import { parseAcl } from "./parse-acl.js";
import {
  FLUSH_STATEMENT,
  QUERY_NAMES,
  SERVER_SOURCES,
  SESSION_SETTING_FIELDS,
  catalogQueries,
  decodeRows,
  importSnapshotScript,
  preludeScript,
  type QueryName,
} from "./catalog-script.js";
import { maskSettingEntry, maskSettingValue } from "../model/setting-mask.js";
import type { SqlSession } from "../session/sql-session.js";

export interface ReadSnapshotOptions {
  readonly includeSchemas?: readonly string[];
  readonly excludeSchemas?: readonly string[];
  readonly statementTimeoutMs?: number;
  readonly lockTimeoutMs?: number;
  /** Where the snapshot came from, as shown to users (already redacted). */
  readonly label: string;
  readonly kind: SnapshotOrigin["kind"];
  /**
   * A second connection to the same server. When given, the catalog queries are split between the two
   * connections, the second adopting the first's exported snapshot, so both read one consistent state
   * while the server works on two cores.
   */
  readonly parallelSession?: SqlSession | null;
}

// Which connection runs which query when two are available: balanced by measured cost on 5 000 tables
// (relations and indexes on the first, about 660 ms; columns, constraints, triggers and policies on the
// second, about 620 ms; everything else is small).
const SECOND_CONNECTION: ReadonlySet<QueryName> = new Set(["columns", "constraints", "policies", "roles", "roleSettings", "routines", "triggers", "types"]);

// Object literals below list their keys in code-point order on purpose: canonical JSON sorts keys, and
// readSnapshot hands the content over as already sorted, skipping a walk of every object. A test in
// test/integration/snapshot-objects.test.ts walks a capture of every object kind to hold this.

/**
 * Reads a complete snapshot over an open session: one round trip for the whole catalog, in a read-only
 * repeatable-read transaction, then a single pass converting raw rows into frozen model objects.
 */
export async function readSnapshot(session: SqlSession, options: ReadSnapshotOptions): Promise<Snapshot> {
  const includeSchemas = [...(options.includeSchemas ?? [])].sort(compareText);
  const excludeSchemas = [...(options.excludeSchemas ?? [])].sort(compareText);
  const scriptOptions = {
    includeSchemas,
    excludeSchemas,
    statementTimeoutMs: options.statementTimeoutMs ?? 60_000,
    lockTimeoutMs: options.lockTimeoutMs ?? 5_000,
  };
  const parallel = options.parallelSession ?? null;
  const raw = {} as Record<QueryName, RawRow[]>;
  let sessionSettings: RawRow[] = [];
  let instance: string | null = null;
  let fileSettings = false;
  try {
    const [settingRows, prelude] = await session.script(preludeScript(scriptOptions, parallel !== null));
    sessionSettings = (JSON.parse(String(settingRows?.[0]?.data ?? "[]")) as unknown[][]).map((values) =>
      Object.fromEntries(SESSION_SETTING_FIELDS.map((field, i) => [field, values[i]])),
    );
    const head = prelude?.[0] as { versionNum?: number; snapshot?: string; fileSettings?: boolean; instance?: string } | undefined;
    instance = typeof head?.instance === "string" ? head.instance : null;
    // An embedded engine runs one session of its bootstrap superuser: no role setting of its own can hide
    // a configuration value, so the configuration files need not be parsed.
    fileSettings = head?.fileSettings === true && session.engine === "server";
    const queries = catalogQueries({ ...scriptOptions, versionNum: Number(head?.versionNum ?? 0), fileSettings });
    const mine = QUERY_NAMES.filter((name) => !parallel || !SECOND_CONNECTION.has(name));
    const theirs = parallel ? QUERY_NAMES.filter((name) => SECOND_CONNECTION.has(name)) : [];
    // Each query's JSON is decoded as soon as it arrives, while the server is still working on the next.
    const run = async (on: SqlSession, names: readonly QueryName[], prefix: string, suffix: string) => {
      if (names.length === 0) return;
      const statements = names.flatMap((n) => [queries[n], FLUSH_STATEMENT]);
      await on.stream([prefix, ...statements, suffix].filter(Boolean).join("\n"), (row, statement) => {
        if (statement % 2 === 1 && "flush" in row) return;
        const name = names[statement / 2];
        if (name === undefined || raw[name]) throw new Error(`unexpected catalog result #${statement + 1}`);
        raw[name] = decodeRows(name, String(row.data ?? "[]"));
        // The driver keeps every row until the script ends; without its text, it keeps nothing big.
        row.data = null;
      });
      const missing = names.filter((name) => !raw[name]);
      if (missing.length) throw new Error(`no catalog result for ${missing.join(", ")}`);
    };
    // The first connection's transaction stays open until the second has finished: the exported snapshot
    // is only importable while its exporter lives.
    await Promise.all([
      run(session, mine, "", ""),
      parallel ? run(parallel, theirs, importSnapshotScript(scriptOptions, String(head?.snapshot)), "COMMIT;") : null,
    ]);
    await session.script("COMMIT;");
  } catch (error) {
    // The transaction is aborted; leave the sessions usable for whoever owns them.
    await session.script("ROLLBACK;").catch(() => undefined);
    await parallel?.script("ROLLBACK;").catch(() => undefined);
    const code = (error as { code?: string } | null)?.code;
    const hint =
      code === "55P03"
        ? ` after waiting ${scriptOptions.lockTimeoutMs} ms for a lock another session holds on the catalog or a table: retry when it is released, or raise --lock-timeout`
        : "";
    throw new StoreError(`snapshot of ${options.label} failed: ${describePgError(error)}${hint}`, { cause: error });
  }
  const content = convert(raw, session.engine === "pglite" && options.kind === "migrations", sessionSettings, fileSettings);
  if (includeSchemas.length) {
    const found = new Set(content.schemas.map((s) => s.name));
    const missing = includeSchemas.filter((s) => !found.has(s));
    // Asking for a schema that is not there must not look like "that schema is empty".
    if (missing.length) {
      throw new StoreError(`snapshot of ${options.label}: schema(s) not found: ${missing.join(", ")}`);
    }
  }
  // Only a real server's instance tells two snapshots they read one configuration; embedded engines are each their own.
  const origin: SnapshotOrigin = {
    excludeSchemas,
    includeSchemas,
    ...(session.engine === "server" && instance ? { instance } : {}),
    kind: options.kind,
    label: options.label,
  };
  return buildSnapshot(content, origin, { keysSorted: true });
}

/**
 * The Snapshot for `content`. `keysSorted` says every object in it already lists its keys in code-point
 * order (the converter below builds them that way, and a test holds it to that), which saves a walk of
 * the whole content. The fingerprint is computed when first read, once: writing a snapshot file hashes
 * the content while writing it, so `driftgate snapshot` never serialises the content twice.
 */
export function buildSnapshot(content: SnapshotContent, origin: SnapshotOrigin, options: { keysSorted?: boolean } = {}): Snapshot {
  const sorted = deepFreeze(options.keysSorted ? content : sortKeysDeep(content));
  // Shallow-frozen: deepFreeze would read the fingerprint getter and compute it.
  return Object.freeze({
    content: sorted,
    dialect: POSTGRESQL,
    get fingerprint() {
      return fingerprintOfSorted(sorted);
    },
    format: SNAPSHOT_FORMAT,
    origin: deepFreeze(sortKeysDeep(origin)),
    version: SNAPSHOT_FORMAT_VERSION,
  });
}

// ---- raw rows: shapes of the catalog script's JSON, private to this file ----
type RawRow = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const byKey = <T>(key: (t: T) => string) => (a: T, b: T) => compareText(key(a), key(b));
const byName = (a: { name: string }, b: { name: string }) => compareText(a.name, b.name);
// Field by field, which orders exactly as comparing `${schema}\u0000${name}` would, without building
// two strings per comparison (sorting 5 000 tables makes some 60 000 comparisons).
const bySchemaName = (a: { schema: string; name: string }, b: { schema: string; name: string }) =>
  compareText(a.schema, b.schema) || compareText(a.name, b.name);
const byGrant = (a: Grant, b: Grant) =>
  compareText(a.grantee, b.grantee) || compareText(a.privilege, b.privilege) || compareText(String(a.grantable), String(b.grantable));
const NO_GRANTS: readonly Grant[] = Object.freeze([]);

/**
 * One entry per grantee and privilege. The same privilege granted by two grantors is two aclitems, but
 * one effective privilege (grantable if either grant is): counting grantors would make two stores with
 * identical access differ.
 */
function grants(items: string[] | null | undefined): readonly Grant[] {
  // Most columns carry no ACL of their own: share one empty list instead of building one per column.
  if (!items || items.length === 0) return NO_GRANTS;
  const merged = new Map<string, Grant>();
  for (const g of parseAcl(items)) {
    const key = `${g.grantee}\u0000${g.privilege}`;
    const seen = merged.get(key);
    if (!seen || (g.grantable && !seen.grantable)) merged.set(key, g);
  }
  return [...merged.values()].sort(byGrant);
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
    acl: grants(row.acl),
    arrayDims: row.isArray ? Math.max(1, Number(row.dims)) : 0,
    collation: collationName(row.collation),
    comment: row.comment ?? null,
    default: generated ? null : (row.defaultExpr ?? null),
    generated,
    generatedExpression: generated ? (row.defaultExpr ?? null) : null,
    identity: row.identity === "a" ? "always" : row.identity === "d" ? "by default" : null,
    name: row.name,
    notNull: Boolean(row.notNull),
    position,
    type: row.type,
    typeKind: TYPE_KINDS[row.typType] ?? "other",
    typeRef: userType ? qualifiedName(row.typeSchema, row.typeName) : null,
    // attndims is 0 for arrays made by CREATE TABLE AS and friends; an array column has at least one.,
  };
}

/** pg_relation_is_updatable()'s bits (1 << CMD_UPDATE, CMD_INSERT, CMD_DELETE) as event names, sorted. */
function updatableEvents(bits: unknown): ("delete" | "insert" | "update")[] {
  const b = Number(bits ?? 0);
  return [...(b & 16 ? ["delete" as const] : []), ...(b & 8 ? ["insert" as const] : []), ...(b & 4 ? ["update" as const] : [])];
}

/** A view's columns with their updatability (keys stay in code-point order: `updatable` sorts last). */
function withUpdatable(columns: Column[], rows: RawRow[] | undefined): Column[] {
  const sorted = [...(rows ?? [])].sort((a, b) => a.num - b.num);
  return columns.map((c, i) => ({ ...c, updatable: sorted[i]?.updatable === true }));
}

function columnsOf(rows: RawRow[] | undefined): Column[] {
  return [...(rows ?? [])].sort((a, b) => a.num - b.num).map((row, i) => column(row, i + 1));
}

/** [schema, name] from the catalog, printed the way every other qualified name in a snapshot is. */
function collationName(parts: [string, string] | null | undefined): string | null {
  return parts ? qualifiedName(parts[0], parts[1]) : null;
}

/** attnum -> column name, per relation, from the columns already read. */
type ColumnNames = Map<number, Map<number, string>>;

function namesOf(numbers: number[] | null, rel: number, names: ColumnNames): string[] {
  const columns = names.get(rel);
  return (numbers ?? []).map((n) => columns?.get(n) ?? `#${n}`);
}

function constraint(row: RawRow, names: ColumnNames): Constraint {
  const type = CONSTRAINT_TYPES[row.type] ?? "check";
  return {
    columns: namesOf(row.columnNumbers, Number(row.rel), names),
    deferrable: Boolean(row.deferrable),
    definition: row.definition,
    enforced: row.enforced !== false,
    foreignKey:
      type === "foreign key"
        ? {
            columns: row.refColumns ?? namesOf(row.refColumnNumbers, Number(row.refOid), names),
            match: FK_MATCH[row.match] ?? "simple",
            onDelete: FK_ACTIONS[row.onDelete] ?? "no action",
            onUpdate: FK_ACTIONS[row.onUpdate] ?? "no action",
            table: qualifiedName(row.refSchema, row.refTable),
          }
        : null,
    inherited: Boolean(row.inherited),
    initiallyDeferred: Boolean(row.deferred),
    name: row.name,
    type,
    validated: Boolean(row.validated),
  };
}

function index(row: RawRow): Index {
  const definition: string = row.definition;
  const marker = ` INDEX ${row.quotedName} ON `;
  return {
    constraint: row.constraint ?? null,
    definition,
    inherited: Boolean(row.inherited),
    method: row.method,
    name: row.name,
    nullsNotDistinct: Boolean(row.nullsNotDistinct),
    predicate: row.predicate ?? null,
    primary: Boolean(row.primary),
    shape: definition.replace(marker, " INDEX ON "),
    unique: Boolean(row.unique),
    valid: Boolean(row.valid),
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
    definition: row.definition,
    enabled: TRIGGER_ENABLED[row.enabled] ?? "origin",
    events,
    function: qualifiedName(row.functionSchema, row.functionName),
    inherited: Boolean(row.inherited),
    isConstraint: Boolean(row.isConstraint),
    level: t & 1 ? "row" : "statement",
    name: row.name,
    timing: t & 64 ? "instead of" : t & 2 ? "before" : "after",
  };
}

function policy(row: RawRow): Policy {
  return {
    command: POLICY_COMMANDS[row.command] ?? "all",
    name: row.name,
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

/**
 * The server configuration's value of each setting. A session value that came from the configuration
 * (default, file, command line) is it; one that came from ALTER DATABASE/ROLE ... SET or a connection
 * option hides it: then the configuration files say it when the role may read them (else the built-in
 * default), and otherwise it is recorded as unknown (null), never as the session's value.
 */
function serverSettings(rows: RawRow[], files: RawRow[], canReadFiles: boolean, roleSettings: readonly RoleSetting[]): Setting[] {
  // A database-wide setting (ALTER DATABASE or ALTER ROLE ALL ... SET) overrides the configuration for
  // every session here: its value is recorded there, and the configuration's is of no use in this
  // database. Recorded as null whoever reads, so the snapshot does not depend on the reader's rights.
  const overridden = new Set(roleSettings.filter((r) => r.role === null).map((r) => r.name.toLowerCase()));
  const fromFile = new Map<string, { value: string; seqno: number }>();
  for (const f of files) {
    const key = String(f.name).toLowerCase();
    const seen = fromFile.get(key);
    if (!seen || Number(f.seqno) > seen.seqno) fromFile.set(key, { value: String(f.value ?? ""), seqno: Number(f.seqno) });
  }
  return rows
    .map((s): Setting => {
      const name = String(s.name);
      let value: string | null;
      if (overridden.has(name.toLowerCase())) value = null;
      else if (SERVER_SOURCES.has(String(s.source))) value = String(s.value ?? "");
      else if (canReadFiles) value = fromFile.get(name.toLowerCase())?.value ?? String(s.boot ?? "");
      else value = null;
      return { name, unit: s.unit ?? null, value: value === null ? null : maskSettingValue(name, value) };
    })
    .sort(byName);
}

function convert(raw: Record<QueryName, RawRow[]>, embedded: boolean, sessionSettings: RawRow[], fileSettings: boolean): SnapshotContent {
  const db = raw.database[0];
  if (!db) throw new StoreError("snapshot failed: the current database is not visible in pg_database");

  const columnsByRel = groupBy(raw.columns, "rel");
  const columnNames: ColumnNames = new Map();
  for (const [rel, rows] of columnsByRel) columnNames.set(rel, new Map(rows.map((c) => [Number(c.num), String(c.name)])));
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
      // Its columns are modelled as a table's; what the server does with writes (the wrapper) is not.
      if (r.relkind === "f") unmodelled.push({ definition: null, kind: "foreign table", name: qualifiedName(r.schema, r.name) });
      const parents: { schema: string; name: string }[] = r.parents ?? [];
      const parent = parents[0];
      tables.push({
        acl: grants(r.acl),
        columns: cols,
        comment: r.comment ?? null,
        constraints: (constraintsByRel.get(oid) ?? []).map((c) => constraint(c, columnNames)).sort(byName),
        forceRowSecurity: Boolean(r.forceRls),
        indexes: idx,
        inherits: r.isPartition ? [] : parents.map((p) => qualifiedName(p.schema, p.name)),
        kind: r.relkind === "f" ? "foreign" : r.isPartition ? "partition" : r.relkind === "p" ? "partitioned" : "ordinary",
        name: r.name,
        options: [...(r.options ?? [])].sort(compareText),
        owner: r.owner,
        partitionBound: r.partitionBound ?? null,
        partitionKey: r.partitionKey ?? null,
        partitionOf: r.isPartition && parent ? qualifiedName(parent.schema, parent.name) : null,
        persistence: r.persistence === "u" ? "unlogged" : r.persistence === "t" ? "temporary" : "permanent",
        policies: (policiesByRel.get(oid) ?? []).map(policy).sort(byName),
        rowSecurity: Boolean(r.rls),
        schema: r.schema,
        triggers: trg,
      });
    } else if (r.relkind === "v" || r.relkind === "m") {
      const plain = r.relkind === "v";
      views.push({
        acl: grants(r.acl),
        columns: plain ? withUpdatable(cols, columnsByRel.get(oid)) : cols,
        comment: r.comment ?? null,
        definition: r.viewdef ?? "",
        indexes: idx,
        kind: r.relkind === "m" ? "materialized" : "view",
        name: r.name,
        options: [...(r.options ?? [])].sort(compareText),
        owner: r.owner,
        schema: r.schema,
        triggers: trg,
        ...(plain ? { updatable: updatableEvents(r.updatable) } : {}),
      });
    } else if (r.relkind === "S" && r.sequence) {
      const s = r.sequence;
      sequences.push({
        acl: grants(r.acl),
        cache: s.cache,
        cycle: Boolean(s.cycle),
        increment: s.increment,
        max: s.max,
        min: s.min,
        name: r.name,
        ownedBy: s.ownedBy ? `${qualifiedName(s.ownedBy.schema, s.ownedBy.table)}.${quoteIdent(s.ownedBy.column)}` : null,
        owner: r.owner,
        schema: r.schema,
        start: s.start,
        type: s.type,
      });
    } else if (r.relkind === "c") {
      compositeTypes.push({
        attributes: cols.map((c) => ({ collation: c.collation, name: c.name, type: c.type })),
        name: r.name,
        owner: r.owner,
        schema: r.schema,
      });
    }
  }

  const enums = [];
  const domains = [];
  for (const t of raw.types) {
    if (t.typtype === "e") enums.push({ labels: t.labels ?? [], name: t.name, owner: t.owner, schema: t.schema });
    else if (t.typtype === "d")
      domains.push({
        baseType: t.baseType,
        checks: [...(t.checks ?? [])]
          .map((c: RawRow) => ({ definition: c.definition, name: c.name, validated: Boolean(c.validated) }))
          .sort(byName),
        collation: collationName(t.collation),
        default: t.default ?? null,
        name: t.name,
        notNull: Boolean(t.notNull),
        owner: t.owner,
        schema: t.schema,
      });
    else unmodelled.push({ definition: t.definition ?? null, kind: t.typtype === "r" ? "range type" : "base type", name: qualifiedName(t.schema, t.name) });
  }

  for (const u of raw.unmodelled) {
    // Operators and casts are named by their signature, which is not an identifier to quote.
    const signature = u.kind === "operator" || u.kind === "cast";
    const parts = [u.schema, u.parent].filter((p): p is string => typeof p === "string").map(quoteIdent);
    unmodelled.push({ definition: u.definition ?? null, kind: u.kind, name: [...parts, signature ? u.name : quoteIdent(u.name)].join(".") });
  }

  const routines = raw.routines
    .map((p) => ({
      acl: grants(p.acl),
      arguments: p.arguments ?? "",
      body: p.body ?? "",
      bodyHash: `sha256:${createHash("sha256").update(p.body ?? "").digest("hex")}`,
      config: (p.config ?? []).map(maskSettingEntry).sort(compareText),
      kind: ROUTINE_KINDS[p.kind] ?? "function",
      language: p.language,
      name: p.name,
      owner: p.owner,
      result: p.result ?? null,
      schema: p.schema,
      securityDefiner: Boolean(p.securityDefiner),
      strict: Boolean(p.strict),
      volatility: VOLATILITY[p.volatility] ?? "volatile",
    }))
    .sort(byKey((p) => `${p.schema}\u0000${p.name}\u0000${p.arguments}`));

  const schemas = raw.schemas
    .map((s) => ({ acl: grants(s.acl), comment: s.comment ?? null, name: s.name, owner: s.owner }))
    .sort(byName);

  const defaultPrivileges = raw.defaultPrivileges
    .map((d) => ({ acl: grants(d.acl), objectType: DEFAULT_ACL_OBJECTS[d.objectType] ?? "tables", role: d.role, schema: d.schema ?? null }))
    .sort(byKey((d) => `${d.role}\u0000${d.schema ?? ""}\u0000${d.objectType}`));

  const roleSettings: RoleSetting[] = raw.roleSettings
    .flatMap((s) =>
      (s.config ?? []).map((entry: string): RoleSetting => {
        const { name, value } = splitSetting(entry);
        return { allDatabases: Boolean(s.allDatabases), name, role: s.role ?? null, value: maskSettingValue(name, value) };
      }),
    )
    .sort(byKey((s: RoleSetting) => `${s.role ?? ""}\u0000${s.allDatabases}\u0000${s.name}`));

  const partial = {
    database: {
      acl: grants(db.acl),
      collate: db.collate,
      connectionLimit: Number(db.connectionLimit),
      ctype: db.ctype,
      encoding: db.encoding,
      name: db.name,
      owner: db.owner,
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
    compositeTypes: compositeTypes.sort(bySchemaName),
    database: partial.database,
    defaultPrivileges,
    domains: domains.sort(bySchemaName),
    enums: enums.sort(bySchemaName),
    extensions: raw.extensions
      .map((e) => ({ functions: [...(e.functions ?? [])].sort(compareText), name: e.name, schema: e.schema, version: e.version }))
      .sort(byName),
    otherRoles: selectRoles(raw.roles, partial, false),
    // Every role's: the roles the application writes as (environment "writers") need not appear in
    // the catalog to get their settings at login. Judging leaves out roles neither side refers to.
    roleSettings,
    roles: selectRoles(raw.roles, partial, true),
    routines,
    schemas,
    sequences: partial.sequences,
    server: { embedded, version: db.version, versionNum: Number(db.versionNum) },
    settings: serverSettings(sessionSettings, raw.fileSettings, fileSettings, roleSettings),
    tables: partial.tables,
    unmodelled: unmodelled.sort(byKey((u) => `${u.kind}\u0000${u.name}`)),
    views: partial.views,
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

/** The roles this database refers to (`referenced`), or every other role of the cluster. */
function selectRoles(rawRoles: RawRow[], inputs: RoleInputs, referenced: boolean): Role[] {
  const keep = relevantRoles(rawRoles, inputs);
  return rawRoles
    .filter((r) => keep.has(r.name) === referenced)
    .map((r) => ({
      bypassRls: Boolean(r.bypassRls),
      canLogin: Boolean(r.canLogin),
      connectionLimit: Number(r.connectionLimit),
      createDb: Boolean(r.createDb),
      createRole: Boolean(r.createRole),
      inherit: Boolean(r.inherit),
      memberOf: [...(r.memberOf ?? [])].sort(compareText),
      name: r.name,
      replication: Boolean(r.replication),
      superuser: Boolean(r.superuser),
    }))
    .sort(byName);
}
