import { describe, expect, it } from "vitest";
import { changedConstraintPairs, changedIndexPairs, changedPolicyPairs, changedTriggerPairs, constraintShape } from "../../../src/dialects/postgresql/judge/member-pairs.js";
import { isBoth, matchByKeys, type Pair } from "../../../src/diff/match-by-key.js";
import { memberName } from "../../../src/dialects/postgresql/judge/object-names.js";
import { createRuleContext, type RuleContext } from "../../../src/dialects/postgresql/judge/rule-context.js";
import { sameValue } from "../../../src/diff/same-value.js";
import type { SnapshotContent, Table, View } from "../../../src/dialects/postgresql/model/snapshot.js";
import { column, constraint, grant, grants, index, policy, role, snapshot, table, trigger, view } from "./snapshot-factory.js";

/**
 * The "changed" pairings are the full pairings minus the pairs whose sides are equal, in the same order,
 * however they are built. Each case below is checked against the full pairing filtered here.
 */

describe("sameValue", () => {
  it("compares plain data deeply, whatever the key order", () => {
    expect(sameValue({ a: 1, b: [{ c: "x", d: null }] }, { b: [{ d: null, c: "x" }], a: 1 })).toBe(true);
    expect(sameValue([1, "1"], [1, "1"])).toBe(true);
  });

  it("tells apart anything that differs, erring on the side of unequal", () => {
    expect(sameValue({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameValue({ a: { b: "x" } }, { a: { b: "y" } })).toBe(false);
    expect(sameValue({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameValue({ a: undefined }, {})).toBe(false);
    expect(sameValue({ a: undefined }, { b: undefined })).toBe(false);
    expect(sameValue({ a: Number.NaN }, { a: Number.NaN })).toBe(false);
    expect(sameValue([], {})).toBe(false);
    expect(sameValue({ a: null }, { a: {} })).toBe(false);
    expect(sameValue({ a: 0 }, { a: "0" })).toBe(false);
  });
});

const WRITE = grants("writer", "SELECT", "INSERT", "UPDATE");

function apps(name = "apps", over: Partial<Table> = {}): Table {
  return table(name, [column("id", "bigint", { notNull: true }), column("name", "text", { acl: [grant("reader", "UPDATE")] }), column("note", "text")], {
    acl: [...grants("postgres", "SELECT", "INSERT"), ...WRITE],
    constraints: [constraint(`${name}_pkey`, "primary key", "PRIMARY KEY (id)"), constraint(`${name}_check`, "check", "CHECK (id > 0)")],
    indexes: [index(`${name}_pkey`, `public.${name}`, "id", { unique: true, constraint: `${name}_pkey` }), index(`${name}_name_idx`, `public.${name}`, "name")],
    triggers: [trigger(`${name}_touch`, "public.touch")],
    policies: [policy("writers", { roles: ["writer"] })],
    rowSecurity: true,
    ...over,
  });
}

/** A partition as PostgreSQL makes it: its constraints, indexes and triggers are copies of its parent's. */
function copiesOfParent(t: Table): Table {
  return {
    ...t,
    constraints: t.constraints.map((c) => ({ ...c, inherited: true })),
    indexes: t.indexes.map((i) => ({ ...i, inherited: true })),
    triggers: t.triggers.map((g) => ({ ...g, inherited: true })),
  };
}

/** A fresh catalog on every call: equal to every other one, sharing no object with it. */
function base(): SnapshotContent {
  return snapshot({
    roles: [role("postgres", { superuser: true }), role("reader"), role("writer")],
    tables: [
      apps("a1"),
      apps("a2"),
      apps("a3"),
      apps("ev", { kind: "partitioned", partitionKey: "RANGE (id)" }),
      copiesOfParent(apps("ev_1", { kind: "partition", partitionOf: "public.ev", partitionBound: "FOR VALUES FROM (0) TO (10)" })),
    ],
    views: [view("v1", " SELECT 1;", { columns: [column("id", "integer", { acl: [grant("reader", "SELECT")] })], triggers: [trigger("v1_instead", "public.touch", { timing: "instead of" })] })],
    sequences: [{ schema: "public", name: "s1", type: "bigint", start: "1", increment: "1", min: "1", max: "9", cache: "1", cycle: false, ownedBy: null, owner: "postgres", acl: grants("writer", "USAGE") }],
  }).content;
}

type Edit = (c: SnapshotContent) => SnapshotContent;
const onTable = (name: string, edit: (t: Table) => Table): Edit => (c) => ({ ...c, tables: c.tables.map((t) => (t.name === name ? edit(t) : t)) });

const CASES: readonly (readonly [string, Edit, Edit?])[] = [
  ["equal", (c) => c],
  ["a column type, a column grant, a dropped CHECK", (c) =>
    onTable("a2", (t) => ({
      ...t,
      columns: t.columns.map((col) => (col.name === "note" ? { ...col, type: "varchar(8)", acl: [grant("writer", "INSERT")] } : col)),
      constraints: t.constraints.slice(0, 1),
    }))(c)],
  ["renamed members, a CHECK twice, an extra policy", onTable("a1", (t) => ({
    ...t,
    constraints: [...t.constraints.map((k) => ({ ...k, name: `${k.name}_x` })), constraint("dup", "check", "CHECK (id > 0) NOT VALID", { validated: false })],
    indexes: t.indexes.map((i) => ({ ...i, name: `${i.name}_x` })),
    triggers: t.triggers.map((g) => ({ ...g, enabled: "disabled" as const })),
    policies: [...t.policies, policy("more", { permissive: false })],
  }))],
  ["a partition changed like its parent", (c) => onTable("ev", (t) => ({ ...t, constraints: [] }))(onTable("ev_1", (t) => ({ ...t, constraints: [] }))(c))],
  ["a partition with a CHECK, an index and a trigger of its own", onTable("ev_1", (t) => ({
    ...t,
    constraints: [...t.constraints, constraint("ev_1_own", "check", "CHECK (name <> '')")],
    indexes: [...t.indexes, index("ev_1_own_idx", "public.ev_1", "name")],
    triggers: [...t.triggers, trigger("ev_1_own_touch", "public.touch")],
  }))],
  ["a table only in SOURCE, another only in TARGET", (c) => ({ ...c, tables: [...c.tables.filter((t) => t.name !== "a3"), apps("b9")] })],
  ["a table that became a view of the same name", (c) => ({ ...c, tables: c.tables.filter((t) => t.name !== "a1"), views: [...c.views, view("a1", " SELECT 1;", { columns: [column("id")] })] })],
  ["a table and a view of one name in TARGET", (c) => ({ ...c, views: [...c.views, view("a2", " SELECT 1;", { columns: [column("id")], acl: grants("reader", "SELECT") })] })],
  // Each copy holds some of the columns: pairing column by column across both copies differs from table by table.
  ["a table twice in SOURCE", (c) => c, (c) => ({
    ...c,
    tables: c.tables.flatMap((t) => (t.name === "a2" ? [{ ...t, columns: t.columns.slice(0, 2) }, { ...t, columns: t.columns.slice(2), acl: grants("reader", "SELECT") }] : [t])),
  })],
  ["a column name twice on one side", onTable("a3", (t) => ({ ...t, columns: [...t.columns, column("note", "integer", { acl: [grant("writer", "UPDATE")] })] }))],
  ["one privilege granted twice with both grant options, on both sides", onTable("a2", (t) => ({ ...t, acl: [...t.acl, grant("writer", "SELECT", true)] })), onTable("a2", (t) => ({ ...t, acl: [...t.acl, grant("writer", "SELECT", true)] }))],
  ["grants only through another role's membership", (c) => ({ ...c, roles: c.roles.map((r) => (r.name === "reader" ? { ...r, memberOf: ["writer"] } : r)) })],
];

/**
 * The pre-skipping definition of the member pairings: every member of every relation paired, except the
 * copies a partition holds of its parent's members when both sides have the same parent.
 */
function allMembers<T extends { name: string }>(relations: readonly Pair<Table | View>[], list: (r: Table | View) => readonly T[], keyFns: readonly ((item: T) => string)[]) {
  return relations.filter(isBoth).flatMap((r) => {
    const parent = (x: Table | View) => ("partitionOf" in x ? x.partitionOf : null);
    const samePartition = parent(r.source) !== null && parent(r.source) === parent(r.target);
    const own = (x: Table | View) => list(x).filter((m) => !(samePartition && "inherited" in m && m.inherited));
    const tablePair = { source: r.source, target: r.target };
    return matchByKeys(own(r.source), own(r.target), keyFns).map((p) => ({ ...p, table: tablePair, object: memberName(r.source, (p.source ?? p.target)!.name) }));
  });
}

const unequal = (p: Pair<object>) => !p.source || !p.target || !sameValue(p.source, p.target);

function expectChangedPairings(context: RuleContext): void {
  expect(context.changedColumns()).toEqual(context.columns().filter(unequal));
  expect(context.changedAclObjects()).toEqual(
    context.aclObjects().filter((p) => !p.source || !p.target || !sameValue(p.source.acl, p.target.acl)),
  );
  const tables = context.tables();
  const relations = [...context.tables(), ...context.views()];
  expect(changedConstraintPairs(context)).toEqual(allMembers(tables, (t) => ("constraints" in t ? t.constraints : []), [constraintShape, (k) => k.name]).filter(unequal));
  expect(changedIndexPairs(context)).toEqual(allMembers(relations, (t) => t.indexes.filter((i) => i.constraint === null), [(i) => i.shape, (i) => i.name]).filter(unequal));
  expect(changedTriggerPairs(context)).toEqual(allMembers(relations, (t) => t.triggers, [(g) => g.name]).filter(unequal));
  expect(changedPolicyPairs(context)).toEqual(allMembers(tables, (t) => ("policies" in t ? t.policies : []), [(p) => p.name]).filter(unequal));
  expect(context.changed(relations)).toEqual(relations.filter(unequal));
}

describe("changed pairings", () => {
  for (const [name, editTarget, editSource] of CASES) {
    it(`are the full pairings without equal pairs: ${name}`, () => {
      // TARGET either holds copies of everything, or shares SOURCE's objects where it does not differ.
      const shared = base();
      const source = (editSource ?? ((c) => c))(shared);
      for (const target of [editTarget(base()), editTarget(shared)]) {
        expectChangedPairings(createRuleContext(source, target, { ignoredRoles: new Set() }));
        expectChangedPairings(createRuleContext(target, source, { ignoredRoles: new Set() }));
      }
    });
  }

  it("leave out what equal catalogs hold, and keep what differs", () => {
    const equal = createRuleContext(base(), base(), { ignoredRoles: new Set() });
    expect(equal.columns().length).toBeGreaterThan(10);
    expect(equal.changedColumns()).toEqual([]);
    expect(equal.changedAclObjects()).toEqual([]);
    expect(changedConstraintPairs(equal)).toEqual([]);
    const edited = createRuleContext(base(), CASES[1]![1](base()), { ignoredRoles: new Set() });
    expect(edited.changedColumns().map((p) => p.object)).toEqual(["public.a2.note"]);
    expect(edited.changedAclObjects().map((p) => p.key)).toEqual(["column:public.a2.note"]);
    expect(changedConstraintPairs(edited).map((p) => [p.object, !!p.source, !!p.target])).toEqual([["public.a2.a2_check", true, false]]);
  });
});
