import { describe, expect, it } from "vitest";
import { judge } from "../../../src/dialects/index.js";
import type { SchemaEntity, SnapshotContent } from "../../../src/dialects/postgresql/model/snapshot.js";
import { column, constraint, snapshot, table, view } from "./snapshot-factory.js";

const schema = (name: string): SchemaEntity => ({ name, owner: "postgres", acl: [], comment: null });
const publicSchema = schema("public");

function run(source: Partial<SnapshotContent>, target: Partial<SnapshotContent>): string[] {
  return judge(snapshot(source), snapshot(target)).map((f) => `${f.rule} ${f.severity} ${f.object}`);
}

describe("no breaking finding where no write can fail", () => {
  it("a missing schema that holds nothing is info; one that holds a table is breaking", () => {
    expect(run({ schemas: [publicSchema, schema("archive")] }, { schemas: [publicSchema] })).toEqual(["schema-missing info archive"]);
    expect(run({ schemas: [publicSchema, schema("reports")], tables: [table("reports.daily", [column("day", "date")])] }, { schemas: [publicSchema] })).toEqual([
      "schema-missing breaking reports",
    ]);
  });

  describe("a missing view where TARGET has a table of that name", () => {
    const cols = [column("id", "integer"), column("name", "text")];
    const source = { views: [view("active_apps", " SELECT apps.id, apps.name FROM apps;", { columns: cols })] };

    it("is info when the table has the view's columns and nothing else to reject", () => {
      const findings = judge(snapshot(source), snapshot({ tables: [table("active_apps", cols)] }));
      const missing = findings.find((f) => f.rule === "view-missing");
      expect(missing).toMatchObject({ severity: "info", message: "View public.active_apps does not exist in TARGET, which has a table of that name instead." });
      expect(missing!.why).toContain("writes through the view succeed there");
      expect(findings.find((f) => f.rule === "table-extra")?.why).toContain("SOURCE has a view of this name");
    });

    it("is breaking when the table lacks a column the view has, or requires one the view does not", () => {
      expect(run(source, { tables: [table("active_apps", [column("id", "integer")])] })).toContain("view-missing breaking public.active_apps");
      expect(run(source, { tables: [table("active_apps", [column("id", "bigint"), column("name", "text")])] })).toContain("view-missing breaking public.active_apps");
      expect(run(source, { tables: [table("active_apps", [...cols, column("owner", "text", { notNull: true })])] })).toContain("view-missing breaking public.active_apps");
    });

    it("is risky when the table has constraints of its own", () => {
      const withKey = table("active_apps", cols, { constraints: [constraint("active_apps_name_check", "check", "CHECK (length(name) < 10)", { columns: ["name"] })] });
      expect(run(source, { tables: [withKey] })).toContain("view-missing risky public.active_apps");
    });
  });
});
