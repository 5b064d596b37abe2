import { describe, expect, it } from "vitest";
import { judge } from "../../../src/dialects/index.js";
import { InputError } from "../../../src/errors.js";
import type { SnapshotContent } from "../../../src/dialects/postgresql/model/snapshot.js";
import { column, constraint, grants, policy, role, routine, snapshot, table, view } from "./snapshot-factory.js";

const roles = [role("postgres", { superuser: true, canLogin: true }), role("writer", { canLogin: true }), role("ops")];

const source: Partial<SnapshotContent> = {
  roles,
  tables: [
    table("apps", [column("id", "bigint", { notNull: true }), column("name", "character varying(64)"), column("state", "text", { notNull: true, default: "'new'::text" })], {
      acl: [...grants("postgres", "SELECT", "INSERT"), ...grants("writer", "SELECT", "INSERT", "UPDATE"), ...grants("ops", "SELECT", "INSERT")],
      constraints: [constraint("apps_name_check", "check", "CHECK (char_length(name::text) > 0)")],
      policies: [policy("p", { roles: ["writer"], withCheck: "(id > 0)" })],
      rowSecurity: true,
    }),
  ],
  views: [view("v", " SELECT apps.id\n   FROM public.apps;")],
  routines: [routine("touch", "BEGIN\n  NEW.at := now();\n  RETURN NEW;\nEND")],
  schemas: [
    { name: "public", owner: "pg_database_owner", acl: [], comment: null },
    { name: "audit", owner: "postgres", acl: [], comment: null },
  ],
};

const target: Partial<SnapshotContent> = {
  roles,
  tables: [
    table("apps", [column("id", "integer", { notNull: true }), column("name", "character varying(32)"), column("state", "text", { notNull: true })], {
      acl: [...grants("postgres", "SELECT", "INSERT"), ...grants("writer", "SELECT")],
      constraints: [constraint("apps_name_check", "check", "CHECK (char_length(name::text) > 3)")],
      policies: [policy("p", { roles: ["writer"], withCheck: "(id > 10)" })],
      rowSecurity: true,
    }),
  ],
  views: [view("v", " SELECT apps.id, apps.name\n   FROM public.apps;")],
  routines: [routine("touch", "BEGIN\n  RETURN NEW;\nEND")],
  schemas: [{ name: "public", owner: "pg_database_owner", acl: [], comment: null }],
};

describe("judge", () => {
  it("gives zero findings for identical snapshots, whatever the database names", () => {
    const a = snapshot({ ...source, database: { name: "test", owner: "postgres", encoding: "UTF8", collate: "C", ctype: "C", connectionLimit: -1, acl: [] } });
    const b = snapshot({ ...source, database: { name: "prod", owner: "postgres", encoding: "UTF8", collate: "C", ctype: "C", connectionLimit: -1, acl: [] } });
    expect(judge(a, b)).toEqual([]);
  });

  it("is deterministic: same findings, ids and order on every run and whatever the input order", () => {
    const first = judge(snapshot(source), snapshot(target));
    const reordered = judge(snapshot({ ...source, roles: [...roles].reverse() }), snapshot({ ...target, roles: [...roles].reverse() }));
    expect(reordered).toEqual(first);
    expect(JSON.stringify(judge(snapshot(source), snapshot(target)))).toBe(JSON.stringify(first));
  });

  it("orders by severity, then object, then rule", () => {
    const findings = judge(snapshot(source), snapshot(target));
    const rank = { breaking: 0, risky: 1, info: 2 };
    for (let i = 1; i < findings.length; i++) {
      const a = findings[i - 1]!;
      const b = findings[i]!;
      const key = (f: typeof a) => [rank[f.severity], f.object, f.rule];
      const [ka, kb] = [key(a), key(b)];
      expect(ka[0]! < kb[0]! || (ka[0] === kb[0] && (ka[1]! < kb[1]! || (ka[1] === kb[1] && ka[2]! <= kb[2]!)))).toBe(true);
    }
  });

  it("gives every finding a unique 12-hex id derived from rule, object and detail", () => {
    const findings = judge(snapshot(source), snapshot(target));
    expect(findings.length).toBeGreaterThan(8);
    for (const f of findings) expect(f.id).toMatch(/^[0-9a-f]{12}$/);
    expect(new Set(findings.map((f) => f.id)).size).toBe(findings.length);
    // The id does not depend on the values: a different narrower length keeps the same id.
    const again = judge(snapshot(source), snapshot({ ...target, tables: [{ ...target.tables![0]!, columns: target.tables![0]!.columns.map((c) => (c.name === "name" ? { ...c, type: "character varying(16)" } : c)) }] }));
    const id = (list: typeof findings) => list.find((f) => f.rule === "column-type-narrowed" && f.object === "public.apps.name")?.id;
    expect(id(again)).toBe(id(findings));
  });

  it("states what, where, both values, why and a SQL hint", () => {
    const findings = judge(snapshot(source), snapshot(target));
    for (const f of findings) {
      expect(f.message).toMatch(/\.$/);
      expect(f.why.length).toBeGreaterThan(10);
    }
    const narrowed = findings.find((f) => f.rule === "column-type-narrowed" && f.object === "public.apps.name")!;
    expect(narrowed).toMatchObject({
      severity: "breaking",
      source: "character varying(64)",
      target: "character varying(32)",
      hint: "ALTER TABLE public.apps ALTER COLUMN name TYPE character varying(64);",
    });
    const grant = findings.find((f) => f.rule === "privilege-missing" && f.message.startsWith("writer "))!;
    expect(grant).toMatchObject({ object: "public.apps", hint: "GRANT INSERT, UPDATE ON TABLE public.apps TO writer;", severity: "breaking" });
    const removed = findings.find((f) => f.rule === "column-default-removed")!;
    expect(removed.hint).toBe("ALTER TABLE public.apps ALTER COLUMN state SET DEFAULT 'new'::text;");
  });

  it("shows changed definitions as unified diffs", () => {
    const findings = judge(snapshot(source), snapshot(target));
    const diffOf = (rule: string) => findings.find((f) => f.rule === rule)?.diff ?? "";
    expect(diffOf("constraint-changed")).toContain("-CHECK (char_length(name::text) > 0)\n+CHECK (char_length(name::text) > 3)");
    expect(diffOf("routine-body-changed")).toContain("-  NEW.at := now();");
    expect(diffOf("routine-body-changed")).toMatch(/^--- SOURCE public\.touch\(\)\n\+\+\+ TARGET public\.touch\(\)\n@@ /);
    expect(diffOf("view-changed")).toContain("+ SELECT apps.id, apps.name");
    expect(diffOf("policy-changed")).toContain("-WITH CHECK ((id > 0))\n+WITH CHECK ((id > 10))");
  });

  it("applies severity overrides and 'off'", () => {
    const findings = judge(snapshot(source), snapshot(target), { severity: { "column-type-narrowed": "info", "view-changed": "off" } });
    expect(findings.filter((f) => f.rule === "column-type-narrowed").every((f) => f.severity === "info")).toBe(true);
    expect(findings.some((f) => f.rule === "view-changed")).toBe(false);
  });

  it("refuses an unknown rule or severity in overrides instead of ignoring it", () => {
    expect(() => judge(snapshot(source), snapshot(target), { severity: { "column-typo": "off" } })).toThrow(InputError);
    expect(() => judge(snapshot(source), snapshot(target), { severity: { "view-changed": "fatal" as "off" } })).toThrow(InputError);
  });

  it("leaves ignored roles and schemas out", () => {
    const base = judge(snapshot(source), snapshot(target));
    expect(base.some((f) => f.rule === "schema-missing" && f.object === "audit")).toBe(true);
    expect(base.some((f) => f.rule === "privilege-missing" && f.message.startsWith("ops "))).toBe(true);
    const ignored = judge(snapshot(source), snapshot(target), { ignoreRoles: ["ops"], ignoreSchemas: ["audit"] });
    expect(ignored.some((f) => f.object === "audit")).toBe(false);
    expect(ignored.some((f) => f.message.includes("ops"))).toBe(false);
    expect(ignored.some((f) => f.rule === "privilege-missing" && f.message.startsWith("writer "))).toBe(true);
  });
});
