import { createHash } from "node:crypto";
import { StoreError } from "../../../errors.js";
import { compareText } from "../../../model/canonical-json.js";
import { qualifiedName, quoteIdent } from "../model/identifiers.js";
import { maskSettingEntry, maskSettingValue } from "../model/setting-mask.js";
import type {
  Column,
  CompositeType,
  Constraint,
  ConstraintType,
  DefaultPrivilege,
  DefaultPrivilegeObject,
  Domain,
  EnumType,
  Extension,
  ForeignKeyAction,
  Grant,
  Index,
  Policy,
  PolicyCommand,
  RoleSetting,
  Routine,
  RoutineKind,
  SchemaEntity,
  Sequence,
  Setting,
  SnapshotContent,
  Table,
  Trigger,
  TriggerEnabled,
  TriggerEvent,
  Unmodelled,
  View,
  Volatility,
} from "../model/snapshot.js";
import { QUERY_NAMES, SERVER_SOURCES, rowFactory, type QueryName, type RawRow, type SessionSettingRow } from "./catalog-script.js";
import { parseAcl } from "./parse-acl.js";
import { selectRoles } from "./select-roles.js";

// Object literals below list their keys in code-point order on purpose: canonical JSON sorts keys, and
// readSnapshot hands the content over as already sorted, skipping a walk of every object. A test in
// test/integration/snapshot-objects.test.ts walks a capture of every object kind to hold this.

/** What content() needs besides the catalog rows. */
export interface ContentInputs {
  /** The snapshot was read from an embedded engine (PGlite applying migrations). */
  readonly embedded: boolean;
  /** The prelude's session values of the write settings. */
  readonly sessionSettings: readonly SessionSettingRow[];
  /** Whether the snapshot role could read the configuration files (the fileSettings query has rows). */
  readonly canReadFiles: boolean;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Turns the catalog queries' rows into snapshot content as they arrive: each chunk of a result is decoded
 * and converted into model objects at once, and only those are kept (grouped by relation until the
 * tables are put together), never the raw rows of the whole catalog beside the model built from them.
 * Results may arrive in any order and from two connections, except that constraints need the columns'
 * names: constraint rows that come first wait until the columns are complete.
 */
export class CatalogConverter {
  private readonly finished = new Set<QueryName>();
  private database: RawRow<"database"> | null = null;
  private readonly fileSettings: RawRow<"fileSettings">[] = [];
  private readonly rawRoles: RawRow<"roles">[] = [];
  private readonly relations: RawRow<"relations">[] = [];
  private pendingConstraints: RawRow<"constraints">[] = [];
  // Per relation (oid text). A column's position is its attnum until content() renumbers them.
  private readonly columns = new Map<string, Mutable<Column>[]>();
  private readonly constraints = new Map<string, Constraint[]>();
  private readonly indexes = new Map<string, Index[]>();
  private readonly triggers = new Map<string, Trigger[]>();
  private readonly policies = new Map<string, Policy[]>();
  private readonly enums: EnumType[] = [];
  private readonly domains: Domain[] = [];
  private readonly unmodelled: Unmodelled[] = [];
  private readonly routines: Routine[] = [];
  private readonly schemas: SchemaEntity[] = [];
  private readonly defaultPrivileges: DefaultPrivilege[] = [];
  private readonly roleSettings: RoleSetting[] = [];
  private readonly extensions: Extension[] = [];

  private readonly handlers: { readonly [Q in QueryName]: (row: RawRow<Q>) => void } = {
    database: (row) => {
      this.database ??= row;
    },
    fileSettings: (row) => this.fileSettings.push(row),
    roleSettings: (row) => {
      for (const entry of row.config ?? []) this.roleSettings.push(roleSetting(row, entry));
    },
    roles: (row) => this.rawRoles.push(row),
    schemas: (row) => this.schemas.push({ acl: grants(row.acl), comment: row.comment ?? null, name: row.name, owner: row.owner }),
    extensions: (row) =>
      this.extensions.push({ functions: [...(row.functions ?? [])].sort(compareText), name: row.name, schema: row.schema, version: row.version }),
    relations: (row) => this.relations.push(row),
    columns: (row) => push(this.columns, row.rel, column(row)),
    constraints: (row) => {
      if (this.finished.has("columns")) push(this.constraints, row.rel, this.constraint(row));
      else this.pendingConstraints.push(row);
    },
    indexes: (row) => push(this.indexes, row.rel, index(row)),
    types: (row) => this.type(row),
    routines: (row) => this.routines.push(routine(row)),
    triggers: (row) => push(this.triggers, row.rel, trigger(row)),
    policies: (row) => push(this.policies, row.rel, policy(row)),
    defaultPrivileges: (row) =>
      this.defaultPrivileges.push({ acl: grants(row.acl), objectType: DEFAULT_ACL_OBJECTS[row.objectType] ?? "tables", role: row.role, schema: row.schema ?? null }),
    unmodelled: (row) => this.unmodelled.push(unmodelledObject(row)),
  };

  /** One chunk of query `name`'s result: its JSON text, an array of positional rows. */
  addChunk<Q extends QueryName>(name: Q, json: string): void {
    if (this.finished.has(name)) throw new Error(`catalog result ${name} continued after its end`);
    const make = rowFactory(name);
    const handle = this.handlers[name] as (row: RawRow<Q>) => void;
    const values = JSON.parse(json) as unknown[][];
    for (let i = 0; i < values.length; i++) handle(make(values[i]!));
  }

  /** Query `name` has returned all its rows (or none: an empty result sends no chunk). */
  finish(name: QueryName): void {
    if (this.finished.has(name)) throw new Error(`catalog result ${name} ended twice`);
    this.finished.add(name);
    if (name === "columns") {
      for (const row of this.pendingConstraints) push(this.constraints, row.rel, this.constraint(row));
      this.pendingConstraints = [];
    }
  }

  /** The queries that have not ended yet, of `names`. */
  unfinished(names: readonly QueryName[]): QueryName[] {
    return names.filter((name) => !this.finished.has(name));
  }

  /** The snapshot content, once every query has finished. Keys of every object in code-point order. */
  content(inputs: ContentInputs): SnapshotContent {
    const missing = this.unfinished(QUERY_NAMES);
    if (missing.length) throw new Error(`no catalog result for ${missing.join(", ")}`);
    const db = this.database;
    if (!db) throw new StoreError("snapshot failed: the current database is not visible in pg_database");

    const tables: Table[] = [];
    const views: View[] = [];
    const sequences: Sequence[] = [];
    const compositeTypes: CompositeType[] = [];
    const unmodelled = this.unmodelled;
    for (const r of this.relations) {
      const cols = this.columnsOf(r.oid);
      const idx = (this.indexes.get(r.oid) ?? []).sort(byName);
      const trg = (this.triggers.get(r.oid) ?? []).sort(byName);
      if (r.relkind === "r" || r.relkind === "p" || r.relkind === "f") {
        // Its columns are modelled as a table's; what the server does with writes (the wrapper) is not.
        if (r.relkind === "f") unmodelled.push({ definition: null, kind: "foreign table", name: qualifiedName(r.schema, r.name) });
        const parents = r.parents ?? [];
        const parent = parents[0];
        tables.push({
          acl: grants(r.acl),
          columns: cols,
          comment: r.comment ?? null,
          constraints: (this.constraints.get(r.oid) ?? []).sort(byName),
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
          policies: (this.policies.get(r.oid) ?? []).sort(byName),
          rowSecurity: Boolean(r.rls),
          schema: r.schema,
          triggers: trg,
        });
      } else if (r.relkind === "v" || r.relkind === "m") {
        // A plain view's columns carry their updatability already (column() adds it when the row has it).
        views.push({
          acl: grants(r.acl),
          columns: cols,
          comment: r.comment ?? null,
          definition: r.viewdef ?? "",
          indexes: idx,
          kind: r.relkind === "m" ? "materialized" : "view",
          name: r.name,
          options: [...(r.options ?? [])].sort(compareText),
          owner: r.owner,
          schema: r.schema,
          triggers: trg,
          ...(r.relkind === "v" ? { updatable: updatableEvents(r.updatable) } : {}),
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

    const routines = this.routines.sort(byRoutine);
    const schemas = this.schemas.sort(byName);
    const defaultPrivileges = this.defaultPrivileges.sort(byDefaultPrivilege);
    const roleSettings = this.roleSettings.sort(byRoleSetting);
    const database = {
      acl: grants(db.acl),
      collate: db.collate,
      connectionLimit: Number(db.connectionLimit),
      ctype: db.ctype,
      encoding: db.encoding,
      name: db.name,
      owner: db.owner,
    };
    tables.sort(bySchemaName);
    views.sort(bySchemaName);
    sequences.sort(bySchemaName);
    const { roles, otherRoles } = selectRoles(this.rawRoles, { database, schemas, tables, views, sequences, routines, defaultPrivileges, roleSettings });

    return {
      compositeTypes: compositeTypes.sort(bySchemaName),
      database,
      defaultPrivileges,
      domains: this.domains.sort(bySchemaName),
      enums: this.enums.sort(bySchemaName),
      extensions: this.extensions.sort(byName),
      otherRoles,
      // Every role's: the roles the application writes as (environment "writers") need not appear in
      // the catalog to get their settings at login. Judging leaves out roles neither side refers to.
      roleSettings,
      roles,
      routines,
      schemas,
      sequences,
      server: { embedded: inputs.embedded, version: db.version, versionNum: Number(db.versionNum) },
      settings: serverSettings(inputs.sessionSettings, this.fileSettings, inputs.canReadFiles, roleSettings),
      tables,
      unmodelled: unmodelled.sort(byUnmodelled),
      views,
    };
  }

  /** A relation's columns in attnum order, numbered from 1 (dropped columns leave gaps in attnum). */
  private columnsOf(rel: string): Column[] {
    const list = this.columns.get(rel);
    if (!list) return [];
    list.sort((a, b) => a.position - b.position);
    for (let i = 0; i < list.length; i++) list[i]!.position = i + 1;
    return list;
  }

  /** Column names by attnum, from the columns already read (content() has not renumbered them yet). */
  private namesOf(numbers: readonly number[] | null, rel: string): string[] {
    if (!numbers) return [];
    const columns = this.columns.get(rel);
    return numbers.map((n) => columns?.find((c) => c.position === n)?.name ?? `#${n}`);
  }

  private constraint(row: RawRow<"constraints">): Constraint {
    const type = CONSTRAINT_TYPES[row.type] ?? "check";
    return {
      columns: this.namesOf(row.columnNumbers, row.rel),
      deferrable: Boolean(row.deferrable),
      definition: row.definition,
      enforced: row.enforced !== false,
      foreignKey:
        type === "foreign key"
          ? {
              columns: row.refColumns ?? this.namesOf(row.refColumnNumbers, row.refOid),
              match: FK_MATCH[row.match] ?? "simple",
              onDelete: FK_ACTIONS[row.onDelete] ?? "no action",
              onUpdate: FK_ACTIONS[row.onUpdate] ?? "no action",
              table: qualifiedName(row.refSchema ?? "", row.refTable ?? ""),
            }
          : null,
      inherited: Boolean(row.inherited),
      initiallyDeferred: Boolean(row.deferred),
      name: row.name,
      type,
      validated: Boolean(row.validated),
    };
  }

  private type(t: RawRow<"types">): void {
    if (t.typtype === "e") this.enums.push({ labels: t.labels ?? [], name: t.name, owner: t.owner, schema: t.schema });
    else if (t.typtype === "d")
      this.domains.push({
        baseType: t.baseType ?? "",
        checks: [...(t.checks ?? [])].map((c) => ({ definition: c.definition, name: c.name, validated: Boolean(c.validated) })).sort(byName),
        collation: collationName(t.collation),
        default: t.default ?? null,
        name: t.name,
        notNull: Boolean(t.notNull),
        owner: t.owner,
        schema: t.schema,
      });
    else this.unmodelled.push({ definition: t.definition ?? null, kind: t.typtype === "r" ? "range type" : "base type", name: qualifiedName(t.schema, t.name) });
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

// Field by field, which orders exactly as comparing `${schema}\u0000${name}` would, without building
// two strings per comparison (sorting 20 000 tables makes some 300 000 comparisons).
const byName = (a: { name: string }, b: { name: string }) => compareText(a.name, b.name);
const bySchemaName = (a: { schema: string; name: string }, b: { schema: string; name: string }) =>
  compareText(a.schema, b.schema) || compareText(a.name, b.name);
const byRoutine = (a: Routine, b: Routine) => compareText(a.schema, b.schema) || compareText(a.name, b.name) || compareText(a.arguments, b.arguments);
const byDefaultPrivilege = (a: DefaultPrivilege, b: DefaultPrivilege) =>
  compareText(a.role, b.role) || compareText(a.schema ?? "", b.schema ?? "") || compareText(a.objectType, b.objectType);
const byRoleSetting = (a: RoleSetting, b: RoleSetting) =>
  compareText(a.role ?? "", b.role ?? "") || compareText(String(a.allDatabases), String(b.allDatabases)) || compareText(a.name, b.name);
const byUnmodelled = (a: Unmodelled, b: Unmodelled) => compareText(a.kind, b.kind) || compareText(a.name, b.name);
const byGrant = (a: Grant, b: Grant) =>
  compareText(a.grantee, b.grantee) || compareText(a.privilege, b.privilege) || compareText(String(a.grantable), String(b.grantable));
const NO_GRANTS: readonly Grant[] = Object.freeze([]);

/**
 * One entry per grantee and privilege. The same privilege granted by two grantors is two aclitems, but
 * one effective privilege (grantable if either grant is): counting grantors would make two stores with
 * identical access differ.
 */
function grants(items: readonly string[] | null | undefined): readonly Grant[] {
  // Most columns carry no ACL of their own: share one empty list instead of building one per column.
  if (!items || items.length === 0) return NO_GRANTS;
  const merged = new Map<string, Grant>();
  for (const g of parseAcl([...items])) {
    const key = `${g.grantee}\u0000${g.privilege}`;
    const seen = merged.get(key);
    if (!seen || (g.grantable && !seen.grantable)) merged.set(key, g);
  }
  return [...merged.values()].sort(byGrant);
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

/** A column, numbered by its attnum for now (CatalogConverter.columnsOf renumbers). */
function column(row: RawRow<"columns">): Mutable<Column> {
  const userType = row.typeSchema !== "pg_catalog" && row.typeSchema !== "information_schema";
  const generated: Column["generated"] = row.generated === "s" ? "stored" : row.generated === "v" ? "virtual" : null;
  const base: Mutable<Column> = {
    acl: grants(row.acl),
    // attndims is 0 for arrays made by CREATE TABLE AS and friends; an array column has at least one.
    arrayDims: row.isArray ? Math.max(1, Number(row.dims)) : 0,
    collation: collationName(row.collation),
    comment: row.comment ?? null,
    default: generated ? null : (row.defaultExpr ?? null),
    generated,
    generatedExpression: generated ? (row.defaultExpr ?? null) : null,
    identity: row.identity === "a" ? "always" : row.identity === "d" ? "by default" : null,
    name: row.name,
    notNull: Boolean(row.notNull),
    position: Number(row.num),
    type: row.type,
    typeKind: TYPE_KINDS[row.typType] ?? "other",
    typeRef: userType ? qualifiedName(row.typeSchema, row.typeName) : null,
  };
  // Only a plain view's columns have an updatability (`updatable` sorts last of the keys).
  return row.updatable === null || row.updatable === undefined ? base : { ...base, updatable: row.updatable === true };
}

/** pg_relation_is_updatable()'s bits (1 << CMD_UPDATE, CMD_INSERT, CMD_DELETE) as event names, sorted. */
function updatableEvents(bits: number | null): ("delete" | "insert" | "update")[] {
  const b = Number(bits ?? 0);
  return [...(b & 16 ? ["delete" as const] : []), ...(b & 8 ? ["insert" as const] : []), ...(b & 4 ? ["update" as const] : [])];
}

/** [schema, name] from the catalog, printed the way every other qualified name in a snapshot is. */
function collationName(parts: readonly [string, string] | null | undefined): string | null {
  return parts ? qualifiedName(parts[0], parts[1]) : null;
}

function index(row: RawRow<"indexes">): Index {
  const definition = row.definition;
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
function trigger(row: RawRow<"triggers">): Trigger {
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

function policy(row: RawRow<"policies">): Policy {
  return {
    command: POLICY_COMMANDS[row.command] ?? "all",
    name: row.name,
    permissive: Boolean(row.permissive),
    roles: [...(row.roles ?? [])].sort(compareText),
    using: row.using ?? null,
    withCheck: row.withCheck ?? null,
  };
}

function routine(p: RawRow<"routines">): Routine {
  return {
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
  };
}

function unmodelledObject(u: RawRow<"unmodelled">): Unmodelled {
  // Operators and casts are named by their signature, which is not an identifier to quote.
  const signature = u.kind === "operator" || u.kind === "cast";
  const parts = [u.schema, u.parent].filter((p): p is string => typeof p === "string").map(quoteIdent);
  return { definition: u.definition ?? null, kind: u.kind, name: [...parts, signature ? u.name : quoteIdent(u.name)].join(".") };
}

function roleSetting(s: RawRow<"roleSettings">, entry: string): RoleSetting {
  const { name, value } = splitSetting(entry);
  return { allDatabases: Boolean(s.allDatabases), name, role: s.role ?? null, value: maskSettingValue(name, value) };
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
function serverSettings(
  rows: readonly SessionSettingRow[],
  files: readonly RawRow<"fileSettings">[],
  canReadFiles: boolean,
  roleSettings: readonly RoleSetting[],
): Setting[] {
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
