import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { writeSchemaFindings } from "../../../src/gate/write-schema-findings.js";
import { listWriteSchemas } from "../../../src/schemas/write-schemas.js";
import { column, snapshot, table } from "../diff/snapshot-factory.js";

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

  const loose = table("app.notes", [column("id", "integer", { notNull: true }), column("body", "text")]);

  it("reports, as breaking, a document shape that fits SOURCE's table but not TARGET's", async () => {
    const narrowed = table("app.notes", [column("id", "integer", { notNull: true }), column("body", "character varying(10)")]);
    const findings = writeSchemaFindings(await listWriteSchemas(dir), snapshot({ tables: [loose] }), snapshot({ tables: [narrowed] }));
    const fit = findings.filter((f) => f.rule !== "fit-table-absent");
    expect(fit).toHaveLength(1);
    expect(fit[0]).toMatchObject({ rule: "fit-length", severity: "breaking" });
    expect(fit[0]!.message).toMatch(/^Write schema note: /);
  });

  it("reports nothing for the other direction: TARGET accepting more is not a regression", async () => {
    const narrowed = table("app.notes", [column("id", "integer", { notNull: true }), column("body", "character varying(10)")]);
    const findings = writeSchemaFindings(await listWriteSchemas(dir), snapshot({ tables: [narrowed] }), snapshot({ tables: [loose] }));
    expect(findings.filter((f) => f.rule !== "fit-table-absent")).toEqual([]);
  });

  it("says so, as info, when neither store has the schema's table, instead of skipping it silently", async () => {
    const findings = writeSchemaFindings(await listWriteSchemas(dir), snapshot({ tables: [loose] }), snapshot({ tables: [loose] }));
    expect(findings).toEqual([expect.objectContaining({ rule: "fit-table-absent", severity: "info", object: "elsewhere -> other.things" })]);
  });
});
