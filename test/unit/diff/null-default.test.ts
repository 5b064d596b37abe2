import { describe, expect, it } from "vitest";
import { judge } from "../../../src/dialects/index.js";
import { isNullConstant } from "../../../src/dialects/postgresql/model/column-default.js";
import type { Column, Domain, SnapshotContent } from "../../../src/dialects/postgresql/model/snapshot.js";
import { columnShape } from "../../../src/dialects/postgresql/fit/column-schema.js";
import { column, snapshot, table } from "./snapshot-factory.js";

/** Findings as "rule severity object", judging a one-table SOURCE against a one-table TARGET. */
function findings(source: readonly Column[], target: readonly Column[], extra: Partial<SnapshotContent> = {}): string[] {
  const side = (columns: readonly Column[]) => snapshot({ tables: [table("apps", [column("id", "integer", { notNull: true }), ...columns])], ...extra });
  return judge(side(source), side(target)).map((f) => `${f.rule} ${f.severity} ${f.object}`);
}

const domain = (over: Partial<Domain> = {}): Domain => ({
  schema: "public",
  name: "state",
  baseType: "text",
  notNull: false,
  default: "'new'::text",
  collation: null,
  checks: [],
  owner: "postgres",
  ...over,
});

describe("a NULL default is no default", () => {
  it.each([
    "NULL",
    "null",
    "NULL::character varying",
    "NULL::character varying(255)",
    "(NULL)::text",
    "(NULL::text)::character varying",
    "NULL::timestamp with time zone",
    "NULL::numeric(10,2)",
    'NULL::public."Weird Type"',
    "NULL::integer[]",
    "CAST(NULL AS bigint)",
    " ( NULL ) ",
  ])("%s is a NULL constant", (text) => {
    expect(isNullConstant(text)).toBe(true);
  });

  it.each(["'NULL'::text", "nextval('s'::regclass)", "NULL::text || 'x'::text", "COALESCE(NULL, 1)", "0", "(NULL) + 1", "'x'::text"])("%s is not", (text) => {
    expect(isNullConstant(text)).toBe(false);
  });

  it("NOT NULL added in TARGET on a column whose default is NULL::character varying is breaking, not risky", () => {
    expect(findings([column("code", "character varying")], [column("code", "character varying", { notNull: true, default: "NULL::character varying" })])).toEqual([
      "column-not-null-added breaking public.apps.code",
    ]);
  });

  it("a NOT NULL column with DEFAULT NULL only in TARGET is required, not info", () => {
    expect(findings([], [column("code", "text", { notNull: true, default: "NULL::text" })])).toEqual(["column-extra-required breaking public.apps.code"]);
  });

  it("a NULL default appearing, disappearing or changing its cast is no difference", () => {
    expect(findings([column("code", "character varying")], [column("code", "character varying", { default: "NULL::character varying" })])).toEqual([]);
    expect(findings([column("code", "character varying", { default: "NULL::character varying" })], [column("code", "character varying")])).toEqual([]);
    expect(findings([column("code", "character varying", { default: "NULL::text" })], [column("code", "character varying", { default: "NULL::character varying" })])).toEqual([]);
  });

  it("a real default replaced by a NULL one is a removed default", () => {
    expect(findings([column("state", "text", { notNull: true, default: "'new'::text" })], [column("state", "text", { notNull: true, default: "NULL::text" })])).toEqual([
      "column-default-removed breaking public.apps.state",
    ]);
  });

  it("identity or generation dropped onto a NULL default is judged as having no default", () => {
    expect(findings([column("n", "integer", { notNull: true, identity: "by default" })], [column("n", "integer", { notNull: true, default: "NULL::integer" })])).toEqual([
      "column-identity-changed breaking public.apps.n",
    ]);
  });

  it("on a domain column a NULL default overrides the domain's default: appearing on a NOT NULL column it is breaking", () => {
    const dom = { typeKind: "domain", typeRef: "public.state" } as const;
    expect(
      findings([column("state", "public.state", { ...dom, notNull: true })], [column("state", "public.state", { ...dom, notNull: true, default: "NULL::text" })], {
        domains: [domain()],
      }),
    ).toEqual(["column-default-changed breaking public.apps.state"]);
    // Without a domain default, omitted writes store NULL on both sides: nothing changes.
    expect(
      findings([column("state", "public.state", dom)], [column("state", "public.state", { ...dom, default: "NULL::text" })], { domains: [domain({ default: null })] }),
    ).toEqual(["column-default-changed info public.apps.state"]);
  });

  it("a domain's NULL default is no default", () => {
    const side = (d: Domain) => snapshot({ domains: [d] });
    expect(judge(side(domain({ default: null })), side(domain({ default: "NULL::text" })))).toEqual([]);
  });

  it("fit: a NOT NULL column with a NULL default must be supplied; a NULL column default overrides the domain's", () => {
    const content = snapshot({ domains: [domain()] }).content;
    expect(columnShape(content, column("code", "text", { notNull: true, default: "NULL::text" })).required).toBe(true);
    expect(columnShape(content, column("code", "text", { notNull: true, default: "'x'::text" })).required).toBe(false);
    const dom = { typeKind: "domain", typeRef: "public.state", notNull: true } as const;
    expect(columnShape(content, column("state", "public.state", dom)).required).toBe(false);
    expect(columnShape(content, column("state", "public.state", { ...dom, default: "NULL::text" })).required).toBe(true);
  });
});
