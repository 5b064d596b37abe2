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
import {
  aclObjects,
  databaseAclObject,
  relationAclObjects,
  routineAclObject,
  schemaAclObject,
  sequenceAclObject,
  type AclObject,
} from "./acl-objects.js";
import { comparePairs, matchByKey, type Pair } from "../../../diff/match-by-key.js";
import { memberName, relationName, routineName } from "./object-names.js";
import { privilegeResolver, type PrivilegeResolver } from "./privilege-resolver.js";
import { sameValue } from "../../../diff/same-value.js";
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
  /** Both snapshots read one running server with one configuration load: their server settings are the same. */
  readonly sameServerInstance: boolean;
  /**
   * The roles the application writes as (environment files' "writers"); empty when none are named.
   * Setting rules then judge what each of them gets at login, level by level.
   */
  readonly writers: readonly string[];
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
  /**
   * aclObjects() without the pairs whose ACLs are equal, in the same order. Equal ACLs give every grantee
   * the same direct grants (and grant options) on both sides, so neither privilege rule can report such a
   * pair, whatever the roles and memberships.
   */
  changedAclObjects(): readonly Pair<AclObject>[];
  /**
   * Columns of tables present on both sides, each with its table pair. On a partition (of the same parent
   * on both sides), TARGET's column is shown as if the parent had not changed: the parent's changes are
   * judged on the parent, once.
   */
  columns(): readonly ColumnPair[];
  /**
   * columns() without the pairs whose two sides are deep-equal, in the same order. For rules that judge a
   * column from its two sides alone (its table only names it): on two captures of one store that leaves
   * a handful of the tens of thousands of pairs.
   */
  changedColumns(): readonly ColumnPair[];
  /** Whether two entities are deep-equal; remembered, so a table several pairings ask about is walked once. */
  same(source: object, target: object): boolean;
  /**
   * The pairs whose sides differ (one side absent, or not deep-equal), in the same order. Only for rules
   * that judge a pair from its two sides alone: an equal pair gives them nothing to report.
   */
  changed<P extends Pair<object>>(pairs: readonly P[]): P[];
}

export interface ColumnPair extends Pair<Column> {
  readonly table: { readonly source: Table; readonly target: Table };
  readonly object: string;
}

export interface ContextOptions {
  readonly ignoredRoles: ReadonlySet<string>;
  readonly writers?: readonly string[];
  readonly sameServerInstance?: boolean;
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
  const views = once("views", () => matchByKey(source.views, target.views, byName));
  const schemas = once("schemas", () => matchByKey(source.schemas, target.schemas, (s) => quoteIdent(s.name)));
  const sequences = once("sequences", () => matchByKey(source.sequences, target.sequences, byName));
  const routines = once("routines", () => matchByKey(source.routines, target.routines, routineName));
  const allAclObjects = once("aclObjects", () =>
    matchByKey(aclObjects(source, target.database.name), aclObjects(target, target.database.name), (o) => o.key),
  );

  const sameMemo = new Map<object, { readonly other: object; readonly same: boolean }>();
  function same(a: object, b: object): boolean {
    const known = sameMemo.get(a);
    if (known?.other === b) return known.same;
    const result = sameValue(a, b);
    sameMemo.set(a, { other: b, same: result });
    return result;
  }

  const tablesByKey = once("tablesByKey", () => new Map(tables().map((t) => [t.key, t])));

  function columnPairs(changedOnly: boolean): ColumnPair[] {
    const out: ColumnPair[] = [];
    for (const t of tables()) {
      if (!t.source || !t.target) continue;
      // Equal tables have equal column lists, whose columns pair with their equal counterparts.
      if (changedOnly && same(t.source, t.target)) continue;
      const table = { source: t.source, target: t.target };
      const parent = t.source.partitionOf && t.source.partitionOf === t.target.partitionOf ? tablesByKey().get(t.source.partitionOf) : undefined;
      for (const c of matchByKey(t.source.columns, t.target.columns, columnName)) {
        const pair = parent ? ownChange(c, parent) : c;
        if (!pair || (changedOnly && pair.source && pair.target && sameValue(pair.source, pair.target))) continue;
        out.push({ ...pair, table, object: memberName(t.source, c.key) });
      }
    }
    return out;
  }

  /**
   * A partition's column as if its parent had not changed: PostgreSQL gives a partition its parent's
   * columns (type, collation, NOT NULL where the parent has it), so what changed with the parent is
   * judged once, on the parent. What is left (a NOT NULL or default the partition has on its own) is
   * judged here. Columns on one side only are the parent's to report (a partition cannot differ there).
   */
  function ownChange(c: Pair<Column>, parent: Pair<Table>): Pair<Column> | null {
    if (!c.source || !c.target) return null;
    const parentSource = parent.source?.columns.find((p) => p.name === c.key);
    const parentTarget = parent.target?.columns.find((p) => p.name === c.key);
    if (!parentSource || !parentTarget) return c;
    const target: Record<string, unknown> = { ...c.target };
    for (const key of Object.keys(target) as (keyof Column)[]) {
      const followsParent = sameValue(c.source[key], parentSource[key]) && sameValue(c.target[key], parentTarget[key]);
      if (followsParent && key !== "name" && key !== "position") target[key] = c.source[key];
    }
    return { ...c, target: target as unknown as Column };
  }

  /**
   * changedAclObjects() from the entity pairings rules share, without an ACL object for every column of
   * every table: an entity pair with equal ACLs (for a relation: equal, so also on every column) is passed
   * over whole. These pairings give aclObjects()' pairs only while no side names an entity twice (a table
   * and a view of one name, in a hand-written snapshot); otherwise everything is paired at once.
   */
  function changedAclObjectPairs(): Pair<AclObject>[] {
    const relations = [...tables(), ...views()].sort(comparePairs);
    if ([schemas(), relations, sequences(), routines()].some(repeatsKey)) return allAclObjects().filter(aclsDiffer);
    const out: Pair<AclObject>[] = [];
    function add<T>(pairs: readonly Pair<T>[], equal: (source: T, target: T) => boolean, objectsOf: (entity: T) => AclObject[]): void {
      for (const p of pairs) {
        if (p.source && p.target && equal(p.source, p.target)) continue;
        const objects = matchByKey(p.source ? objectsOf(p.source) : [], p.target ? objectsOf(p.target) : [], aclKey);
        for (const pair of objects) if (aclsDiffer(pair)) out.push(pair);
      }
    }
    const database = target.database.name;
    add([{ key: "database", source, target }], (s, t) => sameValue(s.database.acl, t.database.acl), (c) => [databaseAclObject(c, database)]);
    add(schemas(), (s, t) => sameValue(s.acl, t.acl), (s) => [schemaAclObject(s)]);
    add(relations, (s, t) => same(s, t), relationAclObjects);
    add(sequences(), (s, t) => sameValue(s.acl, t.acl), (s) => [sequenceAclObject(s)]);
    add(routines(), (s, t) => sameValue(s.acl, t.acl), (r) => [routineAclObject(r)]);
    // Keys of different entities never tie, so this puts the pairs in aclObjects()' order.
    return out.sort(comparePairs);
  }

  return {
    source,
    target,
    privileges: { source: privilegeResolver(source), target: privilegeResolver(target) },
    comparesMaintain: source.server.versionNum >= MAINTAIN_SINCE && target.server.versionNum >= MAINTAIN_SINCE,
    comparesServerSettings: !source.server.embedded && !target.server.embedded,
    sameServerVersion: source.server.versionNum === target.server.versionNum,
    sameServerInstance: options.sameServerInstance === true,
    writers: (options.writers ?? []).filter((w) => !options.ignoredRoles.has(w)),
    sameMajorVersion: Math.floor(source.server.versionNum / 10000) === Math.floor(target.server.versionNum / 10000),
    isIgnoredRole: (role) => options.ignoredRoles.has(role),
    schemas,
    tables,
    views,
    enums: once("enums", () => matchByKey(source.enums, target.enums, byName)),
    domains: once("domains", () => matchByKey(source.domains, target.domains, byName)),
    compositeTypes: once("compositeTypes", () => matchByKey(source.compositeTypes, target.compositeTypes, byName)),
    sequences,
    routines,
    extensions: once("extensions", () => matchByKey(source.extensions, target.extensions, (e) => e.name)),
    roles: once("roles", () => rolePairs(source, target)),
    aclObjects: allAclObjects,
    changedAclObjects: once("changedAclObjects", changedAclObjectPairs),
    columns: once("columns", () => columnPairs(false)),
    changedColumns: once("changedColumns", () => columnPairs(true)),
    same,
    changed: (pairs) => pairs.filter((p) => !p.source || !p.target || !same(p.source, p.target)),
  };
}

/**
 * Roles either database refers to, each paired with its namesake anywhere on the other side's cluster:
 * a role that exists there but is not referenced is not missing (its attributes and memberships are
 * still compared). Roles neither database refers to belong to other stores on the same clusters.
 */
function rolePairs(source: SnapshotContent, target: SnapshotContent): Pair<Role>[] {
  const referenced = new Set([...source.roles, ...target.roles].map((r) => r.name));
  const all = (c: SnapshotContent) => [...c.roles, ...(c.otherRoles ?? []).filter((r) => referenced.has(r.name))];
  return matchByKey(all(source), all(target), (r) => r.name);
}

const columnName = (c: Column) => c.name;
const aclKey = (o: AclObject) => o.key;

/** Whether a pairing (sorted by key) holds a key twice: a side names one entity twice. */
function repeatsKey(pairs: readonly Pair<unknown>[]): boolean {
  return pairs.some((p, i) => i > 0 && p.key === pairs[i - 1]!.key);
}

/** Equal ACLs give neither privilege rule anything to report: see RuleContext.changedAclObjects. */
function aclsDiffer(pair: Pair<AclObject>): boolean {
  return !pair.source || !pair.target || !sameValue(pair.source.acl, pair.target.acl);
}
