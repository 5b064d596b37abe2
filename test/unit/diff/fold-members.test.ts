import { describe, expect, it } from "vitest";
import { judge } from "../../../src/dialects/index.js";
import { buildCheckReport } from "../../../src/gate/build-check-report.js";
import type { Finding } from "../../../src/model/finding.js";
import type { SchemaEntity, SnapshotContent, Table } from "../../../src/dialects/postgresql/model/snapshot.js";
import { ANNOTATIONS_PER_LEVEL, githubReporter } from "../../../src/report/github-reporter.js";
import { htmlReporter } from "../../../src/report/html-reporter.js";
import { jsonReporter } from "../../../src/report/json-reporter.js";
import { markdownReporter } from "../../../src/report/markdown-reporter.js";
import { textReporter } from "../../../src/report/text-reporter.js";
import { pair } from "../report/sample-findings.js";
import { column, constraint, index, routine, sequence, snapshot, table, view } from "./snapshot-factory.js";

const schema = (name: string): SchemaEntity => ({ name, owner: "postgres", acl: [], comment: null });
const pad = (n: number) => String(n).padStart(4, "0");

/** A table as `CREATE TABLE s.tNNNN (id serial PRIMARY KEY, name text)` leaves it, with its serial sequence. */
function serialTable(schemaName: string, n: number): { table: Table; sequence: ReturnType<typeof sequence> } {
  const name = `t${pad(n)}`;
  const t = table(`${schemaName}.${name}`, [column("id", "integer", { notNull: true, default: `nextval('${schemaName}.${name}_id_seq'::regclass)` }), column("name")], {
    constraints: [constraint(`${name}_pkey`, "primary key", "PRIMARY KEY (id)", { columns: ["id"] })],
    indexes: [index(`${name}_pkey`, `${schemaName}.${name}`, "id", { unique: true, primary: true, constraint: `${name}_pkey` })],
  });
  return { table: t, sequence: sequence(`${name}_id_seq`, { schema: schemaName, type: "integer", max: "2147483647", ownedBy: `${schemaName}.${name}.id` }) };
}

/** SOURCE with schema `app` of `count` serial tables, a view, a routine; TARGET without the schema. */
function missingSchema(count: number): { source: Partial<SnapshotContent>; target: Partial<SnapshotContent> } {
  const made = Array.from({ length: count }, (_, i) => serialTable("app", i + 1));
  return {
    source: {
      schemas: [schema("public"), schema("app")],
      tables: made.map((m) => m.table),
      sequences: made.map((m) => m.sequence),
      views: [view("app.recent", " SELECT t0001.id FROM app.t0001;")],
      routines: [routine("app.touch", "begin return new; end")],
    },
    target: { schemas: [schema("public")] },
  };
}

const report = (findings: readonly Finding[]) => buildCheckReport({ command: "check", failOn: "breaking", today: "2025-03-01", pairs: [pair(findings)], waivers: [] });
const lineCount = (text: string) => text.trimEnd().split("\n").length;

describe("a schema or table missing as a whole is one finding", () => {
  const { source, target } = missingSchema(3000);
  const findings = judge(snapshot(source), snapshot(target));

  it("a missing schema of 3 000 tables (and their serial sequences) is one breaking finding listing them", () => {
    expect(findings.map((f) => `${f.rule} ${f.severity} ${f.object}`)).toEqual(["schema-missing breaking app"]);
    const members = new Map(findings[0]!.members!.map((m) => [m.kind, m.names]));
    expect([...members.keys()]).toEqual(["table", "view", "sequence", "function"]);
    expect(members.get("table")).toHaveLength(3000);
    expect(members.get("sequence")).toHaveLength(3000);
    expect(members.get("table")!.slice(0, 2)).toEqual(["app.t0001", "app.t0002"]);
    expect(members.get("function")).toEqual(["app.touch()"]);
    // Its members bring no CREATE hints of their own any more: the fix says where all of them come from.
    expect(findings[0]!.hint).toContain("pg_dump --schema-only --schema=app against SOURCE");
  });

  it("reports it in a few lines: text, markdown and html name the first members and count the rest", () => {
    const r = report(findings);
    const text = textReporter(r, { color: false });
    expect(lineCount(text)).toBeLessThan(40);
    expect(text).toContain("holds   3000 tables: app.t0001, app.t0002,");
    expect(text).toContain("app.t0010 and 2990 more");
    const markdown = markdownReporter(r, { color: false });
    expect(lineCount(markdown)).toBeLessThan(40);
    expect(markdown).toContain("    - 3000 sequences: `app.t0001_id_seq`, ");
    expect(lineCount(htmlReporter(r, { color: false }))).toBeLessThan(60);
    // The JSON report is the full record: every name.
    const json = JSON.parse(jsonReporter(r, { color: false })) as { findings: { members: { kind: string; names: string[] }[] }[] };
    expect(json.findings[0]!.members.find((m) => m.kind === "table")!.names).toHaveLength(3000);
  });

  it("a missing table is one finding with its columns, constraints, indexes and serial sequence", () => {
    const { table: t, sequence: s } = serialTable("public", 1);
    const found = judge(snapshot({ tables: [t], sequences: [s] }), snapshot());
    expect(found.map((f) => `${f.rule} ${f.object}`)).toEqual(["table-missing public.t0001"]);
    expect(found[0]!.members).toEqual([
      { kind: "column", names: ["public.t0001.id", "public.t0001.name"] },
      { kind: "constraint", names: ["public.t0001.t0001_pkey"] },
      { kind: "index", names: ["public.t0001.t0001_pkey"] },
      { kind: "sequence", names: ["public.t0001_id_seq"] },
    ]);
    // A sequence whose table exists in TARGET stays a finding of its own.
    const kept = judge(snapshot({ tables: [t], sequences: [s] }), snapshot({ tables: [t] }));
    expect(kept.map((f) => `${f.rule} ${f.object}`)).toEqual(["sequence-missing public.t0001_id_seq"]);
  });

  it("never hides a member: with schema-missing off or re-rated, the members are findings of their own again", () => {
    const small = missingSchema(2);
    const off = judge(snapshot(small.source), snapshot(small.target), { severity: { "schema-missing": "off" } });
    expect(off.map((f) => `${f.rule} ${f.object}`)).toEqual(["view-missing app.recent", "table-missing app.t0001", "table-missing app.t0002", "routine-missing app.touch()"]);
    const info = judge(snapshot(small.source), snapshot(small.target), { severity: { "schema-missing": "info" } });
    expect(info.filter((f) => f.severity === "breaking").map((f) => f.object)).toEqual(["app.recent", "app.t0001", "app.t0002"]);
  });

  it("takes the worst severity of what it folds in, and a member rule turned off is not listed", () => {
    // routine-missing alone is risky (nothing uses it); folded into its missing schema, the group stays breaking.
    const onlyRoutine = judge(
      snapshot({ schemas: [schema("public"), schema("fn")], routines: [routine("fn.helper", "select 1", { result: "integer" })] }),
      snapshot({ schemas: [schema("public")] }),
    );
    expect(onlyRoutine.map((f) => `${f.rule} ${f.severity} ${f.object}`)).toEqual(["schema-missing breaking fn"]);
    const small = missingSchema(1);
    const noViews = judge(snapshot(small.source), snapshot(small.target), { severity: { "view-missing": "off" } });
    expect(noViews[0]!.members!.map((m) => m.kind)).toEqual(["table", "sequence", "function"]);
  });

  it("a waiver of the group waives it; a waiver naming a folded member matches nothing and the group still blocks", () => {
    const small = missingSchema(1);
    const found = judge(snapshot(small.source), snapshot(small.target));
    const waiver = { reason: "moved to its own database", owner: "data", expires: "2025-12-31" };
    const group = buildCheckReport({ command: "check", failOn: "breaking", today: "2025-03-01", pairs: [pair(found)], waivers: [{ rule: "schema-missing", object: "app", ...waiver }] });
    expect(group.blocked).toBe(false);
    const member = buildCheckReport({ command: "check", failOn: "breaking", today: "2025-03-01", pairs: [pair(found)], waivers: [{ rule: "table-missing", object: "app.*", ...waiver }] });
    expect(member.blocked).toBe(true);
    expect(member.waivers.unused.map((w) => w.rule)).toEqual(["table-missing"]);
  });
});

describe("GitHub annotations are capped", () => {
  it(`annotates at most ${ANNOTATIONS_PER_LEVEL} of each level, worst first, and says how many more`, () => {
    // 3 000 tables missing from a schema TARGET has: no group to fold into, 3 000 findings.
    const tables = Array.from({ length: 3000 }, (_, i) => table(`public.t${pad(i + 1)}`, [column("id", "integer")]));
    const findings = judge(snapshot({ tables }), snapshot());
    expect(findings).toHaveLength(3000);
    const out = githubReporter(report(findings), { color: false }).trimEnd().split("\n");
    const errors = out.filter((l) => l.startsWith("::error "));
    expect(errors).toHaveLength(ANNOTATIONS_PER_LEVEL);
    expect(errors[0]).toContain("public.t0001");
    const notices = out.filter((l) => l.startsWith("::notice "));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^::notice title=driftgate%3A 2990 more not annotated::2990 more annotations not shown \(2990 errors\)/);
    expect(out).toContain("driftgate: 2990 more annotations not shown (2990 errors): GitHub shows only the first 10 of each kind per step. The full report (--format text, markdown or json) lists every finding.");
    expect(out.at(-1)).toBe("deploy blocked: 3000 breaking findings (--fail-on breaking)");
    expect(out.length).toBeLessThan(20);
  });

  it("annotates a store that could not be read whatever the cap", () => {
    const tables = Array.from({ length: 20 }, (_, i) => table(`public.t${pad(i + 1)}`, [column("id", "integer")]));
    const r = buildCheckReport({
      command: "check",
      failOn: "breaking",
      today: "2025-03-01",
      pairs: [pair(judge(snapshot({ tables }), snapshot())), { ...pair([], "staging", "prod"), error: { exitCode: 3, message: "prod: cannot connect" } }],
      waivers: [],
    });
    const errors = githubReporter(r, { color: false }).split("\n").filter((l) => l.startsWith("::error "));
    expect(errors).toHaveLength(ANNOTATIONS_PER_LEVEL);
    expect(errors.at(-1)).toMatch(/not compared::prod: cannot connect/);
  });
});
