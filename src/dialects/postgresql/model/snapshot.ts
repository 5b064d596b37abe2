/**
 * The snapshot model: plain, readonly data describing everything in a PostgreSQL metadata store that
 * decides whether a write succeeds. No I/O lives here; stores produce it, diff and reporters read it.
 *
 * Conventions that every reader can rely on:
 * - every array of entities is sorted by its key (schema, then name, by code point) so two captures of
 *   the same store serialise to the same bytes;
 * - privileges are always explicit: a NULL ACL in the catalog (meaning "the built-in default") is expanded
 *   with acldefault(), so "never granted" and "granted exactly the defaults" compare equal;
 * - anything the tool does not model is listed in `unmodelled`, never silently dropped.
 */

import type { SnapshotEnvelope } from "../../../model/snapshot-envelope.js";

export { SNAPSHOT_FORMAT, SNAPSHOT_FORMAT_VERSION } from "../../../model/snapshot-envelope.js";

/** The dialect name PostgreSQL snapshots carry in format 3. */
export const POSTGRESQL = "postgresql";

export type TableKind = "ordinary" | "partitioned" | "partition" | "foreign";
export type Persistence = "permanent" | "unlogged" | "temporary";
export type ViewKind = "view" | "materialized";
export type Privilege =
  | "SELECT"
  | "INSERT"
  | "UPDATE"
  | "DELETE"
  | "TRUNCATE"
  | "REFERENCES"
  | "TRIGGER"
  | "MAINTAIN"
  | "USAGE"
  | "CREATE"
  | "CONNECT"
  | "TEMPORARY"
  | "EXECUTE"
  | "SET"
  | "ALTER SYSTEM";

/** One grantee's privileges on one object. `grantee` is a role name or "PUBLIC". */
export interface Grant {
  readonly grantee: string;
  readonly privilege: Privilege | string;
  readonly grantable: boolean;
}

export interface ServerInfo {
  /** Full version string, e.g. "PostgreSQL 15.20 ...". Version-specific: never a drift by itself. */
  readonly version: string;
  readonly versionNum: number;
  /** true when the snapshot came from an embedded PGlite built from SQL: its server settings are PGlite's own. */
  readonly embedded: boolean;
}

export interface DatabaseInfo {
  /** Recorded for the reader; diff ignores it (test and prod databases are rarely named alike). */
  readonly name: string;
  readonly owner: string;
  readonly encoding: string;
  readonly collate: string;
  readonly ctype: string;
  readonly connectionLimit: number;
  readonly acl: readonly Grant[];
}

/**
 * A setting at the server configuration level (postgresql.conf, ALTER SYSTEM, command line or built-in
 * default), before any database or role setting: those are `roleSettings`, each with its level.
 */
export interface Setting {
  readonly name: string;
  /**
   * The configuration's value. null when the snapshot role could not read it: its own ALTER ROLE ... SET
   * (or a connection option) hides it from its sessions and it may not read the configuration files.
   * Files recorded before null was possible hold the value a new session of the snapshot role started
   * with, which is the configuration's unless that role had settings of its own.
   */
  readonly value: string | null;
  readonly unit: string | null;
}

/** ALTER DATABASE/ROLE ... SET: pg_db_role_setting rows that apply to this database. */
export interface RoleSetting {
  /** null = every role (ALTER DATABASE ... SET). */
  readonly role: string | null;
  /** true when it applies to every database (ALTER ROLE ... SET without IN DATABASE). */
  readonly allDatabases: boolean;
  readonly name: string;
  readonly value: string;
}

export interface Role {
  readonly name: string;
  readonly superuser: boolean;
  readonly inherit: boolean;
  readonly createRole: boolean;
  readonly createDb: boolean;
  readonly canLogin: boolean;
  readonly replication: boolean;
  readonly bypassRls: boolean;
  readonly connectionLimit: number;
  /** Roles this role is a member of, sorted. */
  readonly memberOf: readonly string[];
}

export interface SchemaEntity {
  readonly name: string;
  readonly owner: string;
  readonly acl: readonly Grant[];
  readonly comment: string | null;
}

export interface Extension {
  readonly name: string;
  readonly schema: string;
  readonly version: string;
  /**
   * Names of the functions the extension provides that PostgreSQL itself does not (no built-in of that
   * name), sorted: a routine body that calls one of them fails where the extension is missing. Absent in
   * files recorded before it was captured.
   */
  readonly functions?: readonly string[];
}

export type IdentityKind = "always" | "by default";
export type GeneratedKind = "stored" | "virtual";

export interface Column {
  readonly name: string;
  /** 1-based position among live columns: what a positional INSERT without a column list relies on. */
  readonly position: number;
  /** format_type() output: exact type with typmod and array brackets, e.g. "character varying(64)[]". */
  readonly type: string;
  /** How the type is defined, so readers can tell an enum or domain column from a base type one. */
  readonly typeKind: "base" | "enum" | "domain" | "composite" | "range" | "pseudo" | "multirange" | "other";
  /** Qualified name of a user-defined type (enum, domain, composite), null for built-ins. */
  readonly typeRef: string | null;
  readonly arrayDims: number;
  readonly notNull: boolean;
  readonly default: string | null;
  readonly identity: IdentityKind | null;
  readonly generated: GeneratedKind | null;
  /** The generation expression when `generated` is set. */
  readonly generatedExpression: string | null;
  /** Only when it differs from the type's default collation. */
  readonly collation: string | null;
  /** Column-level grants (GRANT INSERT (col) ...); table-level grants live on the table. */
  readonly acl: readonly Grant[];
  readonly comment: string | null;
  /**
   * Views only: whether INSERT and UPDATE through the view may name this column
   * (pg_column_is_updatable, INSTEAD OF triggers and rules counted). Absent on tables and in older files.
   */
  readonly updatable?: boolean;
}

export type ConstraintType = "primary key" | "unique" | "foreign key" | "check" | "exclusion";
export type ForeignKeyAction = "no action" | "restrict" | "cascade" | "set null" | "set default";

export interface Constraint {
  readonly name: string;
  readonly type: ConstraintType;
  /** pg_get_constraintdef(oid, true): the normalised definition PostgreSQL prints. */
  readonly definition: string;
  readonly columns: readonly string[];
  readonly validated: boolean;
  /** false for PostgreSQL 18's NOT ENFORCED constraints, which do not reject writes. */
  readonly enforced: boolean;
  readonly deferrable: boolean;
  readonly initiallyDeferred: boolean;
  /**
   * The partition's copy of its parent's constraint (cloned with its parent's, or a CHECK inherited and not declared on the partition itself): it is judged on the parent, once, and a
   * partition's own constraints are judged on the partition. Always false outside partitions.
   */
  readonly inherited: boolean;
  readonly foreignKey: {
    readonly table: string;
    readonly columns: readonly string[];
    readonly onUpdate: ForeignKeyAction;
    readonly onDelete: ForeignKeyAction;
    readonly match: "simple" | "full" | "partial";
  } | null;
}

export interface Index {
  readonly name: string;
  /** pg_get_indexdef(): includes the index name; readers that compare shape use `shape`. */
  readonly definition: string;
  /** The definition with the index's own name removed, so renamed but identical indexes compare equal. */
  readonly shape: string;
  readonly unique: boolean;
  readonly primary: boolean;
  readonly method: string;
  readonly predicate: string | null;
  readonly nullsNotDistinct: boolean;
  readonly valid: boolean;
  /** Name of the constraint this index implements, if any. */
  readonly constraint: string | null;
  /**
   * The partition's copy of its parent's index (attached to the parent's partitioned index): it is judged on the parent, once, and a
   * partition's own indexes are judged on the partition. Always false outside partitions.
   */
  readonly inherited: boolean;
}

export type TriggerTiming = "before" | "after" | "instead of";
export type TriggerEvent = "insert" | "update" | "delete" | "truncate";
export type TriggerEnabled = "origin" | "disabled" | "replica" | "always";

export interface Trigger {
  readonly name: string;
  readonly timing: TriggerTiming;
  readonly events: readonly TriggerEvent[];
  readonly level: "row" | "statement";
  /** Qualified name of the trigger function. */
  readonly function: string;
  readonly enabled: TriggerEnabled;
  readonly definition: string;
  /** A constraint trigger (CREATE CONSTRAINT TRIGGER). */
  readonly isConstraint: boolean;
  /**
   * The partition's copy of its parent's row trigger (cloned from the parent's): it is judged on the parent, once, and a
   * partition's own triggers are judged on the partition. Always false outside partitions.
   */
  readonly inherited: boolean;
}

export type PolicyCommand = "all" | "select" | "insert" | "update" | "delete";

export interface Policy {
  readonly name: string;
  readonly command: PolicyCommand;
  readonly permissive: boolean;
  /** Role names, "PUBLIC" for the public pseudo-role. */
  readonly roles: readonly string[];
  readonly using: string | null;
  readonly withCheck: string | null;
}

export interface Table {
  readonly schema: string;
  readonly name: string;
  readonly kind: TableKind;
  readonly persistence: Persistence;
  readonly rowSecurity: boolean;
  readonly forceRowSecurity: boolean;
  /** For partitioned tables: pg_get_partkeydef(), e.g. "RANGE (created_at)". */
  readonly partitionKey: string | null;
  /** For partitions: the parent table, qualified. */
  readonly partitionOf: string | null;
  /** For partitions: pg_get_expr(relpartbound), e.g. "FOR VALUES FROM (...) TO (...)". */
  readonly partitionBound: string | null;
  /** Non-partition inheritance parents, qualified. */
  readonly inherits: readonly string[];
  readonly owner: string;
  readonly acl: readonly Grant[];
  readonly options: readonly string[];
  readonly comment: string | null;
  readonly columns: readonly Column[];
  readonly constraints: readonly Constraint[];
  readonly indexes: readonly Index[];
  readonly triggers: readonly Trigger[];
  readonly policies: readonly Policy[];
}

export interface View {
  readonly schema: string;
  readonly name: string;
  readonly kind: ViewKind;
  /** pg_get_viewdef(oid, true). */
  readonly definition: string;
  readonly owner: string;
  readonly acl: readonly Grant[];
  /** reloptions such as check_option=cascaded or security_barrier=true. */
  readonly options: readonly string[];
  readonly columns: readonly Column[];
  readonly indexes: readonly Index[];
  readonly triggers: readonly Trigger[];
  readonly comment: string | null;
  /**
   * Plain views only: the writes the view accepts (pg_relation_is_updatable: automatically updatable,
   * or through INSTEAD OF triggers or DO INSTEAD rules), sorted. Absent on materialized views and in older files.
   */
  readonly updatable?: readonly ("delete" | "insert" | "update")[];
}

export interface EnumType {
  readonly schema: string;
  readonly name: string;
  /** Labels in their sort order. */
  readonly labels: readonly string[];
  readonly owner: string;
}

export interface DomainCheck {
  readonly name: string;
  readonly definition: string;
  readonly validated: boolean;
}

export interface Domain {
  readonly schema: string;
  readonly name: string;
  readonly baseType: string;
  readonly notNull: boolean;
  readonly default: string | null;
  readonly collation: string | null;
  readonly checks: readonly DomainCheck[];
  readonly owner: string;
}

export interface CompositeType {
  readonly schema: string;
  readonly name: string;
  readonly attributes: readonly { readonly name: string; readonly type: string; readonly collation: string | null }[];
  readonly owner: string;
}

export interface Sequence {
  readonly schema: string;
  readonly name: string;
  readonly type: string;
  readonly start: string;
  readonly increment: string;
  readonly min: string;
  readonly max: string;
  readonly cache: string;
  readonly cycle: boolean;
  /** "schema.table.column" when the sequence is owned by a column (serial/identity). */
  readonly ownedBy: string | null;
  readonly owner: string;
  readonly acl: readonly Grant[];
}

export type RoutineKind = "function" | "procedure" | "aggregate" | "window";
export type Volatility = "immutable" | "stable" | "volatile";

export interface Routine {
  readonly schema: string;
  readonly name: string;
  /** pg_get_function_identity_arguments(): what distinguishes overloads. */
  readonly arguments: string;
  readonly result: string | null;
  readonly kind: RoutineKind;
  readonly language: string;
  readonly volatility: Volatility;
  readonly securityDefiner: boolean;
  readonly strict: boolean;
  /** proconfig: SET clauses attached to the function, e.g. "search_path=public". */
  readonly config: readonly string[];
  /** The body as stored (prosrc), kept so a changed body can be shown as a diff. */
  readonly body: string;
  /** sha256 of the body, for quick equality and for readers that drop bodies. */
  readonly bodyHash: string;
  readonly owner: string;
  readonly acl: readonly Grant[];
}

export type DefaultPrivilegeObject = "tables" | "sequences" | "functions" | "types" | "schemas";

export interface DefaultPrivilege {
  /** The role whose future objects receive these grants. */
  readonly role: string;
  /** null = in every schema. */
  readonly schema: string | null;
  readonly objectType: DefaultPrivilegeObject;
  readonly acl: readonly Grant[];
}

/** Something in the store that driftgate does not model; listed so its presence is never hidden. */
export interface Unmodelled {
  readonly kind: string;
  /** Qualified where the object lives in a schema. */
  readonly name: string;
  /**
   * What PostgreSQL says the object does (pg_get_ruledef for a rule, the function behind an operator or a
   * cast, a publication's tables and actions, ...), so a changed definition is seen even though its
   * meaning is not judged. null where nothing meaningful can be printed (a foreign table's columns are
   * modelled as a table's).
   */
  readonly definition: string | null;
}

/** Everything compared; its canonical JSON is what the fingerprint covers. */
export interface SnapshotContent {
  readonly server: ServerInfo;
  readonly database: DatabaseInfo;
  readonly settings: readonly Setting[];
  readonly roleSettings: readonly RoleSetting[];
  /** The roles this database refers to (owners, grantees, policy and setting roles, and their memberships). */
  readonly roles: readonly Role[];
  /**
   * Every other role of the cluster, so a role that is only unused here is not mistaken for a missing
   * one. Absent in files recorded before it was captured.
   */
  readonly otherRoles?: readonly Role[];
  readonly schemas: readonly SchemaEntity[];
  readonly extensions: readonly Extension[];
  readonly tables: readonly Table[];
  readonly views: readonly View[];
  readonly enums: readonly EnumType[];
  readonly domains: readonly Domain[];
  readonly compositeTypes: readonly CompositeType[];
  readonly sequences: readonly Sequence[];
  readonly routines: readonly Routine[];
  readonly defaultPrivileges: readonly DefaultPrivilege[];
  readonly unmodelled: readonly Unmodelled[];
}

/** Where a snapshot came from, in format-2 words; format 3 says "server" and "migrations" (see SnapshotOriginKind). */
export type { SnapshotOrigin, SnapshotOriginKind } from "../../../model/snapshot-envelope.js";

/** A PostgreSQL store's snapshot: the engine's envelope around PostgreSQL's content. */
export interface Snapshot extends SnapshotEnvelope<"postgresql", SnapshotContent> {}
