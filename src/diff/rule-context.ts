import type {
  Column,
  CompositeType,
  Domain,
  EnumType,
  Extension,
  Role,
  Routine,
  SchemaEntity,
  Sequence,
  SnapshotContent,
  Table,
  View,
} from "../model/snapshot.js";
import { aclObjects, type AclObject } from "./acl-objects.js";
import { matchByKey, type Pair } from "./match-by-key.js";
import { memberName, relationName, routineName } from "./object-names.js";
import { privilegeResolver, type PrivilegeResolver } from "./privilege-resolver.js";
import { quoteIdent } from "../model/identifiers.js";

/** PostgreSQL 17 introduced the MAINTAIN privilege; older servers cannot have it, so it is not drift. */
const MAINTAIN_SINCE = 170000;

/** What every rule receives: both sides (ignores already applied) and the pairings rules share. */
export interface RuleContext {
  readonly source: SnapshotContent;
  readonly target: SnapshotContent;
  readonly privileges: { readonly source: PrivilegeResolver; readonly target: PrivilegeResolver };
  /** false when either server predates MAINTAIN: the privilege is then ignored on both sides. */
  readonly comparesMaintain: boolean;
  /** false when either snapshot is embedded: PGlite's own server settings describe no real environment. */
  readonly comparesServerSettings: boolean;
  readonly sameServerVersion: boolean;
  /** Same major version (15, 16, ...): catalog functions print definitions alike only then. */
  readonly sameMajorVersion: boolean;
  isIgnoredRole(role: string): boolean;
  schemas(): readonly Pair<SchemaEntity>[];
  tables(): readonly Pair<Table>[];
  views(): readonly Pair<View>[];
  enums(): readonly Pair<EnumType>[];
  domains(): readonly Pair<Domain>[];
  compositeTypes(): readonly Pair<CompositeType>[];
  sequences(): readonly Pair<Sequence>[];
  routines(): readonly Pair<Routine>[];
  extensions(): readonly Pair<Extension>[];
  roles(): readonly Pair<Role>[];
  aclObjects(): readonly Pair<AclObject>[];
  /** Columns of tables present on both sides (partitions excluded: they mirror their parent), each with its table pair. */
  columns(): readonly ColumnPair[];
}

export interface ColumnPair extends Pair<Column> {
  readonly table: { readonly source: Table; readonly target: Table };
  readonly object: string;
}

export interface ContextOptions {
  readonly ignoredRoles: ReadonlySet<string>;
}

export function createRuleContext(source: SnapshotContent, target: SnapshotContent, options: ContextOptions): RuleContext {
  const memo = new Map<string, unknown>();
  function once<T>(name: string, make: () => T): () => T {
    return () => {
      if (!memo.has(name)) memo.set(name, make());
      return memo.get(name) as T;
    };
  }
  const byName = (e: { schema: string; name: string }) => relationName(e);
  const tables = once("tables", () => matchByKey(source.tables, target.tables, byName));
  return {
    source,
    target,
    privileges: { source: privilegeResolver(source), target: privilegeResolver(target) },
    comparesMaintain: source.server.versionNum >= MAINTAIN_SINCE && target.server.versionNum >= MAINTAIN_SINCE,
    comparesServerSettings: !source.server.embedded && !target.server.embedded,
    sameServerVersion: source.server.versionNum === target.server.versionNum,
    sameMajorVersion: Math.floor(source.server.versionNum / 10000) === Math.floor(target.server.versionNum / 10000),
    isIgnoredRole: (role) => options.ignoredRoles.has(role),
    schemas: once("schemas", () => matchByKey(source.schemas, target.schemas, (s) => quoteIdent(s.name))),
    tables,
    views: once("views", () => matchByKey(source.views, target.views, byName)),
    enums: once("enums", () => matchByKey(source.enums, target.enums, byName)),
    domains: once("domains", () => matchByKey(source.domains, target.domains, byName)),
    compositeTypes: once("compositeTypes", () => matchByKey(source.compositeTypes, target.compositeTypes, byName)),
    sequences: once("sequences", () => matchByKey(source.sequences, target.sequences, byName)),
    routines: once("routines", () => matchByKey(source.routines, target.routines, routineName)),
    extensions: once("extensions", () => matchByKey(source.extensions, target.extensions, (e) => e.name)),
    roles: once("roles", () => matchByKey(source.roles, target.roles, (r) => r.name)),
    aclObjects: once("aclObjects", () =>
      matchByKey(aclObjects(source, target.database.name), aclObjects(target, target.database.name), (o) => o.key),
    ),
    columns: once("columns", () => {
      const out: ColumnPair[] = [];
      for (const t of tables()) {
        if (!t.source || !t.target) continue;
        // PostgreSQL forces a partition's columns to match its parent's: the parent's findings say it all.
        if (t.source.partitionOf && t.source.partitionOf === t.target.partitionOf) continue;
        const table = { source: t.source, target: t.target };
        for (const c of matchByKey(t.source.columns, t.target.columns, (col) => col.name)) {
          out.push({ ...c, table, object: memberName(t.source, c.key) });
        }
      }
      return out;
    }),
  };
}
