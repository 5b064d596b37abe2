import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Snapshot } from "../../src/dialects/postgresql/model/snapshot.js";
import { fitRegressions, fitSchemaToTable } from "../../src/dialects/postgresql/fit/fit-schema-to-table.js";
import { listWriteSchemas } from "../../src/schemas/write-schemas.js";
import { loadSchemaFile, type SchemaEntry } from "../../src/schemas/schema-catalog.js";
import { resolveSnapshot } from "../../src/sources/resolve-snapshot.js";
import { createScratchDatabase, serverUrl, type ScratchDatabase } from "../helpers/server-database.js";

const fixtures = fileURLToPath(new URL("../fixtures/schemas/fit/", import.meta.url));
const rulesSql = `${fixtures}rules.sql`;
const schemaFiles = readdirSync(`${fixtures}schemas`).filter((f) => f.endsWith(".schema.json")).sort();

/** Each fixture schema lists the findings it must produce: [severity, rule, object]. */
function expected(entry: SchemaEntry): string[][] {
  return ((entry.schema as Record<string, unknown>)["x-expect"] as string[][]).map((e) => [...e]).sort();
}

function runRules(name: string, snapshot: () => Snapshot) {
  describe(name, () => {
    for (const file of schemaFiles) {
      it(file.replace(".schema.json", ""), async () => {
        const entry = await loadSchemaFile(`${fixtures}schemas/${file}`);
        const report = fitSchemaToTable(entry, snapshot(), entry.target!.table, { column: entry.target!.column });
        const got = report.findings.map((f) => [f.severity, f.rule, f.object]).sort();
        expect(got).toEqual(expected(entry));
        expect(report.fits).toBe(!got.some(([severity]) => severity === "breaking"));
        for (const f of report.findings) {
          expect(f.message).not.toBe("");
          expect(f.why).not.toBe("");
          expect(f.id).toMatch(/^[0-9a-f]{12}$/);
        }
      });
    }

    it("the example write schema in schemas/ fits public.applications", async () => {
      const entry = await loadSchemaFile(fileURLToPath(new URL("../../schemas/application.schema.json", import.meta.url)));
      const report = fitSchemaToTable(entry, snapshot(), entry.target!.table);
      expect(report.findings.filter((f) => f.severity !== "info")).toEqual([]);
      expect(report.fits).toBe(true);
      expect(report.tableSchema).toMatchObject({ type: "object", additionalProperties: false, required: ["name", "owner_email"] });
    });

    it("messages name the column, its type, the values and an example", async () => {
      const entry = await loadSchemaFile(`${fixtures}schemas/length.schema.json`);
      const report = fitSchemaToTable(entry, snapshot(), "fit_length.t");
      const name = report.findings.find((f) => f.object === "fit_length.t.name")!;
      expect(name.message).toBe(
        'column name (character varying(10)) rejects strings longer than 10 characters (up to 20), which the schema allows, e.g. "aaaaaaaaaaa"',
      );
      expect(name.source).toBe("maxLength 20");
      expect(name.target).toBe("maxLength 10");
      const tags = report.findings.find((f) => f.object === "fit_length.t.tags")!;
      expect(tags.message).toMatch(/at \/tags\/\*/);
    });

    it("unknown table, view and column are bad input", async () => {
      const entry = await loadSchemaFile(`${fixtures}schemas/length.schema.json`);
      expect(() => fitSchemaToTable(entry, snapshot(), "fit_length.nope")).toThrow(/table fit_length\.nope not found in /);
      expect(() => fitSchemaToTable(entry, snapshot(), "fit_length.v")).toThrow(/fit_length\.v in .* is a view, not a table/);
      expect(() => fitSchemaToTable(entry, snapshot(), "fit_length.t", { column: "nope" })).toThrow(/column nope not found in fit_length\.t/);
      expect(() => fitSchemaToTable(entry, snapshot(), "fit_length.t", { column: "name" })).toThrow(/is character varying\(10\), not json or jsonb/);
    });
  });
}

let pgliteSnapshot: Snapshot | undefined;
beforeAll(async () => {
  pgliteSnapshot = await resolveSnapshot(rulesSql, { cwd: fixtures, env: {} });
});
runRules("fit rules on PGlite", () => pgliteSnapshot!);

/** The same snapshot with one column's type changed: what a drifted TARGET looks like to fit. */
function withColumnType(snapshot: Snapshot, table: string, column: string, type: string): Snapshot {
  const copy = structuredClone(snapshot) as unknown as { content: { tables: { schema: string; name: string; columns: { name: string; type: string }[] }[] } };
  const [schema, name] = table.split(".");
  const target = copy.content.tables.find((t) => t.schema === schema && t.name === name)!;
  target.columns.find((c) => c.name === column)!.type = type;
  return copy as unknown as Snapshot;
}

describe("fitRegressions: shapes that fit SOURCE but not TARGET (for check)", () => {
  it("reports a column narrowed in TARGET, and nothing when both stores reject the same shape", async () => {
    const { schemas } = await listWriteSchemas(fileURLToPath(new URL("../../schemas/", import.meta.url)));
    const application = schemas.find((s) => s.target.table === "public.applications")!;
    const source = fitSchemaToTable(application.entry, pgliteSnapshot!, application.target.table);
    const narrowed = withColumnType(pgliteSnapshot!, "public.applications", "name", "character varying(100)");
    const target = fitSchemaToTable(application.entry, narrowed, application.target.table);
    const regressions = fitRegressions(source, target);
    expect(regressions.map((f) => [f.severity, f.rule, f.object])).toEqual([["breaking", "fit-length", "public.applications.name"]]);
    // Narrowed in both: the shape did not fit SOURCE either, so it is not a regression of TARGET.
    const alsoNarrowed = withColumnType(pgliteSnapshot!, "public.applications", "name", "character varying(50)");
    expect(fitRegressions(target, fitSchemaToTable(application.entry, alsoNarrowed, application.target.table))).toEqual([]);
    expect(fitRegressions(source, source)).toEqual([]);
  });
});

describe.runIf(serverUrl)("fit rules on the PostgreSQL server", () => {
  let db: ScratchDatabase;
  let serverSnapshot: Snapshot | undefined;
  beforeAll(async () => {
    db = await createScratchDatabase("dg_fit");
    await db.exec(readFileSync(rulesSql, "utf8"));
    serverSnapshot = await resolveSnapshot(db.url, { cwd: fixtures, env: {} });
  });
  afterAll(async () => {
    await db?.drop();
  });
  runRules("server", () => serverSnapshot!);
});
