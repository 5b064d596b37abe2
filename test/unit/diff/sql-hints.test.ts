import { describe, expect, it } from "vitest";
import { collationSql, columnDefinition, createPolicy, createRole, grant, settingValue } from "../../../src/dialects/postgresql/judge/sql-hints.js";
import { unifiedDiff } from "../../../src/diff/text-diff.js";
import { column, policy, role, table } from "./snapshot-factory.js";

describe("SQL hints", () => {
  it("quote collations the way COLLATE needs them", () => {
    expect(collationSql("pg_catalog.C")).toBe('pg_catalog."C"');
    expect(collationSql("public.de_ci")).toBe("public.de_ci");
    expect(collationSql('pg_catalog."default"')).toBe('pg_catalog."default"');
  });

  it("spell a column the way ADD COLUMN takes it", () => {
    expect(columnDefinition(column("Name", "text", { notNull: true, default: "'x'::text", collation: "pg_catalog.C" }))).toBe(
      `"Name" text COLLATE pg_catalog."C" DEFAULT 'x'::text NOT NULL`,
    );
    expect(columnDefinition(column("id", "bigint", { notNull: true, identity: "always" }))).toBe("id bigint GENERATED ALWAYS AS IDENTITY NOT NULL");
  });

  it("spell grants, policies, roles and settings as PostgreSQL takes them", () => {
    expect(grant(["INSERT", "UPDATE"], "TABLE public.apps", "writer")).toBe("GRANT INSERT, UPDATE ON TABLE public.apps TO writer;");
    expect(grant(["UPDATE"], "TABLE public.apps", "Writer", "(name)")).toBe('GRANT UPDATE (name) ON TABLE public.apps TO "Writer";');
    expect(createPolicy(table("apps"), policy("p", { command: "insert", roles: ["writer"], using: null, withCheck: "(id > 0)" }))).toBe(
      "CREATE POLICY p ON public.apps AS PERMISSIVE FOR INSERT TO writer WITH CHECK ((id > 0));",
    );
    expect(createRole(role("writer", { canLogin: true, memberOf: ["app_rw"] }))).toBe(
      "CREATE ROLE writer NOSUPERUSER LOGIN INHERIT NOCREATEROLE NOCREATEDB NOREPLICATION NOBYPASSRLS IN ROLE app_rw;",
    );
    expect(settingValue("search_path", '"$user", public')).toBe('"$user", public');
    expect(settingValue("statement_timeout", "5s")).toBe("'5s'");
  });

  it("shows a changed definition as a unified diff, SOURCE first", () => {
    expect(unifiedDiff("public.v", "SELECT 1\nFROM a", "SELECT 2\nFROM a")).toBe(
      ["--- SOURCE public.v", "+++ TARGET public.v", "@@ -1,2 +1,2 @@", "-SELECT 1", "+SELECT 2", " FROM a"].join("\n"),
    );
  });
});
