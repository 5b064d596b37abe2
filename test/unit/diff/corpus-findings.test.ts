import { describe, expect, it } from "vitest";
import { judge } from "../../../src/dialects/index.js";
import { column, constraint, grants, role, snapshot, table } from "./snapshot-factory.js";

// Cases the real-world corpus runner (bench/corpus/run-corpus.mjs) found, each proven there with a write
// tried in both databases.
const roles = [role("postgres", { superuser: true, canLogin: true })];
const acl = grants("postgres", "SELECT", "INSERT", "UPDATE", "DELETE");

describe("findings the corpus runner proved", () => {
  // stripe/pg-schema-diff "Set NOT NULL (invalid CC already exists)": SOURCE has CHECK (foobar IS NOT NULL)
  // NOT VALID, TARGET the NOT NULL. The CHECK rejects NULL in every new write, so nothing fails in TARGET.
  for (const definition of ["CHECK (foobar IS NOT NULL) NOT VALID", "CHECK (foobar IS NOT NULL)"]) {
    it(`NOT NULL added where SOURCE has ${definition} is info`, () => {
      const check = constraint("foobar_present", "check", definition, { columns: ["foobar"], validated: !definition.includes("NOT VALID") });
      const source = snapshot({ roles, tables: [table("foobar", [column("id", "integer", { notNull: true }), column("foobar", "character varying(255)")], { acl, constraints: [check] })] });
      const target = snapshot({ roles, tables: [table("foobar", [column("id", "integer", { notNull: true }), column("foobar", "character varying(255)", { notNull: true })], { acl, constraints: [check] })] });
      const findings = judge(source, target).filter((f) => f.rule === "column-not-null-added");
      expect(findings.map((f) => [f.severity, f.object])).toEqual([["info", "public.foobar.foobar"]]);
    });
  }

  it("a CHECK on another column, or a looser one, leaves NOT NULL added breaking", () => {
    for (const definition of ["CHECK (other IS NOT NULL)", "CHECK (foobar IS NOT NULL OR other IS NOT NULL)"]) {
      const check = constraint("some_check", "check", definition, { columns: ["foobar", "other"] });
      const columns = (notNull: boolean) => [column("id", "integer", { notNull: true }), column("foobar", "text", { notNull }), column("other", "text")];
      const source = snapshot({ roles, tables: [table("foobar", columns(false), { acl, constraints: [check] })] });
      const target = snapshot({ roles, tables: [table("foobar", columns(true), { acl, constraints: [check] })] });
      const findings = judge(source, target).filter((f) => f.rule === "column-not-null-added");
      expect(findings.map((f) => f.severity)).toEqual(["breaking"]);
    }
  });
});

describe("a stored generated column only in TARGET", () => {
  // stripe/pg-schema-diff "Add multiple generated columns": TARGET adds price_with_tax numeric(10,2)
  // GENERATED ALWAYS AS (price * 1.1) STORED; a price of 99999999.99, accepted in SOURCE, overflows it.
  const base = [column("id", "integer", { notNull: true }), column("price", "numeric(10,2)")];
  const source = snapshot({ roles, tables: [table("products", base, { acl })] });
  const withColumn = (over: Parameters<typeof column>[2]) =>
    snapshot({ roles, tables: [table("products", [...base, column("price_with_tax", "numeric(10,2)", over)], { acl })] });

  it("is risky: its expression runs on every write and may fail for some values", () => {
    const target = withColumn({ generated: "stored", generatedExpression: "(price * 1.1)" });
    const findings = judge(source, target).filter((f) => f.rule === "column-extra");
    expect(findings.map((f) => [f.severity, f.object])).toEqual([["risky", "public.products.price_with_tax"]]);
  });

  it("an ordinary nullable column only in TARGET stays info", () => {
    const findings = judge(source, withColumn({})).filter((f) => f.rule === "column-extra");
    expect(findings.map((f) => f.severity)).toEqual(["info"]);
  });
});
