import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { writeSchemaFindings } from "../../../src/gate/write-schema-findings.js";
import { buildSnapshot } from "../../../src/stores/postgres/read-snapshot.js";
import { listWriteSchemas } from "../../../src/schemas/write-schemas.js";
import type { Column, Snapshot, SnapshotContent, Table } from "../../../src/model/snapshot.js";

function column(name: string, type: string, notNull: boolean, position: number): Column {
  return {
    name, position, type, typeKind: "base", typeRef: null, arrayDims: 0, notNull, default: null, identity: null,
    generated: null, generatedExpression: null, collation: null, acl: [], comment: null,
  };
}

function table(name: string, columns: Column[]): Table {
  return {
    schema: "app", name, kind: "ordinary", persistence: "permanent", rowSecurity: false, forceRowSecurity: false,
    partitionKey: null, partitionOf: null, partitionBound: null, inherits: [], owner: "postgres", acl: [], options: [],
    comment: null, columns, constraints: [], indexes: [], triggers: [], policies: [],
  };
}

function snapshot(tables: Table[]): Snapshot {
  const content: SnapshotContent = {
    server: { version: "PostgreSQL 15", versionNum: 150000, embedded: false },
    database: { name: "d", owner: "postgres", encoding: "UTF8", collate: "C", ctype: "C", connectionLimit: -1, acl: [] },
    settings: [], roleSettings: [], roles: [], schemas: [], extensions: [], tables, views: [], enums: [], domains: [],
    compositeTypes: [], sequences: [], routines: [], defaultPrivileges: [], unmodelled: [],
  };
  return buildSnapshot(content, { kind: "file", label: "t", includeSchemas: [], excludeSchemas: [] });
}

describe("writeSchemaFindings (fit inside check)", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "dg-write-"));
    await writeFile(
      join(dir, "note.schema.json"),
      JSON.stringify({
        $schema: "http://json-schema.org/draft-07/schema#",
        "x-driftgate": { table: "app.notes" },
        type: "object",
        required: ["id"],
        additionalProperties: false,
        properties: { id: { type: "integer", minimum: 1, maximum: 1000 }, body: { type: "string", maxLength: 50 } },
      }),
    );
    await writeFile(
      join(dir, "elsewhere.schema.json"),
      JSON.stringify({ $schema: "http://json-schema.org/draft-07/schema#", "x-driftgate": { table: "other.things" }, type: "object" }),
    );
  });

  const loose = table("notes", [column("id", "integer", true, 1), column("body", "text", false, 2)]);

  it("reports, as breaking, a document shape that fits SOURCE's table but not TARGET's", async () => {
    const narrowed = table("notes", [column("id", "integer", true, 1), column("body", "character varying(10)", false, 2)]);
    const findings = writeSchemaFindings(await listWriteSchemas(dir), snapshot([loose]), snapshot([narrowed]));
    const fit = findings.filter((f) => f.rule !== "fit-table-absent");
    expect(fit).toHaveLength(1);
    expect(fit[0]).toMatchObject({ rule: "fit-length", severity: "breaking" });
    expect(fit[0]!.message).toMatch(/^Write schema note: /);
  });

  it("reports nothing for the other direction: TARGET accepting more is not a regression", async () => {
    const narrowed = table("notes", [column("id", "integer", true, 1), column("body", "character varying(10)", false, 2)]);
    const findings = writeSchemaFindings(await listWriteSchemas(dir), snapshot([narrowed]), snapshot([loose]));
    expect(findings.filter((f) => f.rule !== "fit-table-absent")).toEqual([]);
  });

  it("says so, as info, when neither store has the schema's table, instead of skipping it silently", async () => {
    const findings = writeSchemaFindings(await listWriteSchemas(dir), snapshot([loose]), snapshot([loose]));
    expect(findings).toEqual([expect.objectContaining({ rule: "fit-table-absent", severity: "info", object: "elsewhere -> other.things" })]);
  });
});
