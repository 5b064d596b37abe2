import { describe, expect, it } from "vitest";
import { judge } from "../../../src/dialects/index.js";
import type { Finding } from "../../../src/model/finding.js";
import type { Sequence, SnapshotContent, Table, View } from "../../../src/dialects/postgresql/model/snapshot.js";
import { column, constraint, grant, grants, index, policy, role, routine, sequence, snapshot, table, trigger, view } from "./snapshot-factory.js";

/**
 * judge() passes over pairs whose two sides are equal. These catalogs are large enough for that to matter
 * (2 000 tables, two captures built separately as two reads of a store would be) and carry a handful of
 * scattered differences, some of which only role memberships reveal on tables equal on both sides. The
 * findings must be exactly those the differences call for.
 */

const TABLES = 2000;
const VIEWS = 100;
const pad = (n: number) => String(n).padStart(4, "0");

interface Catalog {
  tables: Table[];
  views: View[];
  sequences: Sequence[];
  content: Partial<SnapshotContent>;
}

/** A fresh catalog (new objects on every call) holding the given tables and views. */
function catalog(tableNumbers: readonly number[], viewNumbers: readonly number[]): Catalog {
  const tables = tableNumbers.map(relation);
  const views = viewNumbers.map((n) => view(`v${pad(n)}`, ` SELECT t${pad(n)}.id,\n    t${pad(n)}.name\n   FROM public.t${pad(n)};`, { acl: [...grants("postgres", "SELECT"), ...grants("reader", "SELECT")] }));
  const sequences = tableNumbers.map((n) =>
    sequence(`t${pad(n)}_id_seq`, { ownedBy: `public.t${pad(n)}.id`, acl: [...grants("postgres", "SELECT", "UPDATE", "USAGE"), ...grants("writer", "USAGE")] }),
  );

  return {
    tables,
    views,
    sequences,
    content: {
      roles: [
        role("app", { canLogin: true, memberOf: ["grp"] }),
        role("grp"),
        role("postgres", { superuser: true, canLogin: true, bypassRls: true }),
        role("reader", { canLogin: true }),
        role("writer", { canLogin: true }),
      ],
      enums: [{ schema: "public", name: "st", labels: ["new", "done"], owner: "postgres" }],
      domains: [{ schema: "public", name: "dom", baseType: "text", notNull: false, default: null, collation: null, checks: [], owner: "postgres" }],
      routines: [routine("touch", "BEGIN\n  RETURN NEW;\nEND")],
      tables,
      views,
      sequences,
    },
  };
}

function relation(n: number): Table {
  const name = `t${pad(n)}`;
  const on = `public.${name}`;
  // Every 10th table has a trigger, every 25th row security; t1990 lets app insert through a policy for grp.
  const rls = n % 25 === 0 || n === 1990;
  return table(
    name,
    [
      column("id", "bigint", { notNull: true, default: `nextval('public.${name}_id_seq'::regclass)` }),
      column("name", "character varying(64)", { notNull: true }),
      column("state", "public.st", { typeKind: "enum", typeRef: "public.st", notNull: true, default: "'new'::public.st" }),
      column("code", "public.dom", { typeKind: "domain", typeRef: "public.dom" }),
      column("amount", "numeric(10,2)"),
      column("note", "text"),
    ],
    {
      acl: [
        ...grants("postgres", "SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"),
        ...grants("writer", "SELECT", "INSERT", "UPDATE", "DELETE"),
        ...grants("reader", "SELECT"),
        ...(n === 1990 ? grants("app", "INSERT") : []),
      ],
      constraints: [
        constraint(`${name}_pkey`, "primary key", "PRIMARY KEY (id)", { columns: ["id"] }),
        constraint(`${name}_amount_check`, "check", "CHECK (amount >= 0::numeric)", { columns: ["amount"] }),
      ],
      indexes: [
        index(`${name}_pkey`, on, "id", { unique: true, primary: true, constraint: `${name}_pkey` }),
        index(`${name}_name_idx`, on, "name"),
      ],
      triggers: n % 10 === 0 ? [trigger(`${name}_touch`, "public.touch")] : [],
      rowSecurity: rls,
      policies: n === 1990
        ? [policy("members", { command: "insert", roles: ["grp"], using: null, withCheck: "true" })]
        : rls
          ? [policy("writers", { roles: ["writer"], using: "true", withCheck: "(amount >= 0::numeric)" })]
          : [],
    },
  );
}

const ALL_TABLES = Array.from({ length: TABLES }, (_, i) => i);
const ALL_VIEWS = Array.from({ length: VIEWS }, (_, i) => i);

type Edit<T> = (item: T) => T;
const at = <T extends { name: string }>(list: T[], name: string, edit: Edit<T>) => {
  const i = list.findIndex((x) => x.name === name);
  if (i < 0) throw new Error(`no ${name} in this catalog`);
  list[i] = edit(list[i]!);
};
const columnEdit = (name: string, edit: Edit<Table["columns"][number]>): Edit<Table> => (t) => ({ ...t, columns: t.columns.map((c) => (c.name === name ? edit(c) : c)) });

/** The planted differences, made to TARGET only where its catalog holds the object. */
function plant(c: Catalog): Partial<SnapshotContent> {
  const has = (name: string) => c.tables.some((t) => t.name === name);
  const edit = (name: string, e: Edit<Table>) => has(name) && at(c.tables, name, e);
  edit("t0137", columnEdit("name", (col) => ({ ...col, type: "character varying(32)" })));
  edit("t0420", (t) => ({ ...t, columns: t.columns.filter((col) => col.name !== "note") }));
  edit("t0999", (t) => ({ ...t, columns: [...t.columns, column("tenant", "bigint", { notNull: true, position: 7 })] }));
  edit("t1500", columnEdit("name", (col) => ({ ...col, comment: "shown to users" })));
  edit("t0777", (t) => ({ ...t, constraints: t.constraints.filter((k) => k.type !== "check") }));
  edit("t1200", (t) => ({ ...t, indexes: t.indexes.map((i) => (i.name === "t1200_name_idx" ? { ...i, name: "t1200_name_index", definition: i.definition.replace("t1200_name_idx", "t1200_name_index") } : i)) }));
  edit("t0330", (t) => ({ ...t, triggers: t.triggers.map((g) => ({ ...g, enabled: "disabled" as const })) }));
  edit("t0050", (t) => ({ ...t, policies: t.policies.map((p) => ({ ...p, withCheck: "(amount > 0::numeric)" })) }));
  edit("t1750", (t) => ({ ...t, acl: t.acl.filter((g) => !(g.grantee === "writer" && g.privilege === "INSERT")) }));
  edit("t1801", columnEdit("note", (col) => ({ ...col, acl: [grant("reader", "UPDATE")] })));
  if (has("t1666")) c.tables.splice(c.tables.findIndex((t) => t.name === "t1666"), 1);
  if (c.views.some((v) => v.name === "v0042")) at(c.views, "v0042", (v) => ({ ...v, definition: `${v.definition.replace(";", "")}\n  WHERE t0042.id > 0;` }));
  if (c.sequences.some((s) => s.name === "t0500_id_seq")) at(c.sequences, "t0500_id_seq", (s) => ({ ...s, max: "2147483647" }));
  return {
    ...c.content,
    tables: c.tables,
    views: c.views,
    sequences: c.sequences,
    // Equal on both sides in t1990, yet app can no longer insert there: it left grp, the policy's role.
    roles: c.content.roles!.map((r) => (r.name === "app" ? { ...r, memberOf: [] } : r)),
    domains: c.content.domains!.map((d) => ({ ...d, baseType: "character varying(10)" })),
  };
}

/** [rule, severity, object] in judge()'s order: severity, then object. */
const EXPECTED: readonly (readonly [string, string, string])[] = [
  ["domain-base-type-changed", "breaking", "public.dom"],
  ["column-type-narrowed", "breaking", "public.t0137.name"],
  ["column-missing", "breaking", "public.t0420.note"],
  ["column-extra-required", "breaking", "public.t0999.tenant"],
  ["table-missing", "breaking", "public.t1666"],
  ["privilege-missing", "breaking", "public.t1750"],
  ["row-security-blocks-writes", "breaking", "public.t1990"],
  ["policy-changed", "risky", "public.t0050.writers"],
  ["trigger-changed", "risky", "public.t0330.t0330_touch"],
  ["sequence-changed", "risky", "public.t0500_id_seq"],
  ["view-changed", "risky", "public.v0042"],
  ["role-membership-changed", "info", "app"],
  ["constraint-missing", "info", "public.t0777.t0777_amount_check"],
  ["index-changed", "info", "public.t1200.t1200_name_idx"],
  ["comment-changed", "info", "public.t1500.name"],
  ["privilege-extra", "info", "public.t1801.note"],
];

function summary(findings: readonly Finding[]): string[][] {
  return findings.map((f) => [f.rule, f.severity, f.object]);
}

describe("judge on large catalogs", () => {
  const source = snapshot(catalog(ALL_TABLES, ALL_VIEWS).content);

  it("finds nothing between two separately built copies of a 2 000-table catalog, nor between a snapshot and itself", () => {
    expect(judge(source, snapshot(catalog(ALL_TABLES, ALL_VIEWS).content))).toEqual([]);
    expect(judge(source, source)).toEqual([]);
  });

  it("finds exactly the planted differences, including those only role membership reveals on equal tables", () => {
    const findings = judge(source, snapshot(plant(catalog(ALL_TABLES, ALL_VIEWS))));
    expect(summary(findings)).toEqual(EXPECTED);
    // Details tell apart what differs on one object; they are part of the stable id.
    const row = findings.find((f) => f.rule === "row-security-blocks-writes");
    expect(row?.message).toContain("app");
    expect(findings.find((f) => f.rule === "privilege-missing")?.message).toBe("writer lacks INSERT on table public.t1750 in TARGET.");
    expect(findings.find((f) => f.rule === "privilege-extra")?.message).toBe("reader holds UPDATE on column public.t1801.note only in TARGET.");
  });

  it("gives each finding exactly as judging only the objects involved does", () => {
    const involved = [50, 137, 330, 420, 500, 777, 999, 1200, 1500, 1666, 1750, 1801, 1990];
    const small = judge(snapshot(catalog(involved, [42]).content), snapshot(plant(catalog(involved, [42]))));
    const large = judge(source, snapshot(plant(catalog(ALL_TABLES, ALL_VIEWS))));
    expect(small).toHaveLength(EXPECTED.length);
    expect(large).toEqual(small);
  });

  it("finds the same when TARGET shares SOURCE's unchanged objects instead of holding copies", () => {
    const shared = catalog(ALL_TABLES, ALL_VIEWS);
    const sharing = plant({ ...shared, tables: [...shared.tables], views: [...shared.views], sequences: [...shared.sequences] });
    const findings = judge(snapshot(shared.content), snapshot(sharing));
    expect(summary(findings)).toEqual(EXPECTED);
  });

  it("judges grant options per privilege: one privilege listed twice (two grantors) is not a difference", () => {
    // Captures merge such grants; a hand-written snapshot may not. The privilege is grantable when any of
    // its grants is, as in PostgreSQL.
    const twice = (c: Catalog): Partial<SnapshotContent> => {
      at(c.tables, "t0007", (t) => ({ ...t, acl: [...t.acl, grant("reader", "SELECT", true)] }));
      return { ...c.content, tables: c.tables };
    };
    expect(judge(snapshot(twice(catalog(ALL_TABLES, []))), snapshot(twice(catalog(ALL_TABLES, []))))).toEqual([]);
    // Against the same table without the grantable copy, the grant option is the one difference.
    const findings = judge(snapshot(catalog(ALL_TABLES, []).content), snapshot(twice(catalog(ALL_TABLES, []))));
    expect(findings.map((f) => [f.rule, f.object, f.message])).toEqual([
      ["privilege-extra", "public.t0007", "reader holds SELECT WITH GRANT OPTION on table public.t0007 in TARGET, unlike SOURCE."],
    ]);
  });
});
