/**
 * Properties on generated cases (fast-check): what must hold for every input, not only the ones a test
 * author imagined. Kept to a few seconds in all; a failure prints the seed and the shrunk case.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { judge } from "../../src/dialects/index.js";
import { sortKeysDeep } from "../../src/model/canonical-json.js";
import type { Snapshot } from "../../src/dialects/postgresql/model/snapshot.js";
import { compareSchemas } from "../../src/schemas/compare-schemas.js";
import { createDocumentValidator, validateDocumentStream } from "../../src/schemas/document-validator.js";
import { schemaEntryOf, type SchemaCatalog } from "../../src/schemas/schema-catalog.js";
import { redactSecrets, redactUrl, registerUrlSecrets } from "../../src/model/redact.js";
import { serialiseSnapshot } from "../../src/files/snapshot-file.js";
import { readSnapshotFile } from "../../src/dialects/index.js";
import { column, grants, role, snapshot, table } from "./diff/snapshot-factory.js";
import { expectNoPiece, urlShapes } from "../helpers/password-shapes.js";

const dir = mkdtempSync(join(tmpdir(), "dg-properties-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RUNS = 150;

// Small pools, so two generated snapshots share names often enough to differ in interesting ways.
const name = fc.constantFrom("a", "b", "c", "id", "Weird Name", "order");
const type = fc.constantFrom("text", "integer", "bigint", "character varying(64)", "jsonb", "timestamp with time zone", "text[]");
const defaultValue = fc.constantFrom(null, "NULL::text", "0", "'x'::text", "now()");
const genColumn = fc.record({ name, type, notNull: fc.boolean(), default: defaultValue }).map((c) => column(c.name, c.type, { notNull: c.notNull, default: c.default }));
const genTable = fc
  .record({
    name,
    schema: fc.constantFrom("public", "app"),
    columns: fc.uniqueArray(genColumn, { selector: (c) => c.name, minLength: 1, maxLength: 4 }),
    writer: fc.subarray(["SELECT", "INSERT", "UPDATE", "DELETE"]),
  })
  .map((t) => table(`${t.schema}.${t.name}`, t.columns, { acl: [...grants("postgres", "SELECT", "INSERT", "UPDATE", "DELETE"), ...grants("writer", ...t.writer)] }));
const genSnapshot: fc.Arbitrary<Snapshot> = fc
  .record({
    tables: fc.uniqueArray(genTable, { selector: (t) => `${t.schema}.${t.name}`, maxLength: 4 }),
    writerLogin: fc.boolean(),
  })
  .map(({ tables, writerLogin }) =>
    snapshot({
      roles: [role("postgres", { superuser: true, canLogin: true }), role("writer", { canLogin: writerLogin })],
      schemas: [
        { name: "public", owner: "pg_database_owner", acl: grants("PUBLIC", "USAGE"), comment: null },
        { name: "app", owner: "postgres", acl: grants("writer", "USAGE"), comment: null },
      ],
      tables,
    }),
  );

describe("judge", () => {
  it("judge(s, s) finds nothing", () => {
    fc.assert(
      fc.property(genSnapshot, (s) => {
        expect(judge(s, s)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  // Wording differs by direction ("granted" / "not held"), so the mirror is held per object: every object
  // that differs one way differs the other way, and one that exists on one side only swaps sides.
  it("swapping SOURCE and TARGET mirrors each finding: the same objects, absent sides exchanged", () => {
    fc.assert(
      fc.property(genSnapshot, genSnapshot, (a, b) => {
        const forward = judge(a, b);
        const backward = judge(b, a);
        const objects = (findings: typeof forward) => [...new Set(findings.map((f) => f.object))].sort();
        expect(objects(backward)).toEqual(objects(forward));
        for (const f of forward) {
          if ((f.source === undefined) === (f.target === undefined)) continue;
          const mirrored = backward.some((g) => g.object === f.object && (g.source === undefined) === (f.target === undefined) && (g.target === undefined) === (f.source === undefined));
          expect(mirrored, `${f.rule} ${f.object}: ${f.source} -> ${f.target}`).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe("snapshot files", () => {
  it("save then load is the identity, and saving again gives the same bytes", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(genSnapshot, async (generated) => {
        // Every Snapshot in memory has sorted keys (buildSnapshot and readSnapshotFile see to it).
        const s = sortKeysDeep(generated);
        const bytes = serialiseSnapshot(s);
        const file = join(dir, `s${(n += 1)}.json`);
        writeFileSync(file, bytes);
        const loaded = await readSnapshotFile(file);
        expect(serialiseSnapshot(loaded)).toBe(bytes);
        expect(loaded.content).toEqual(JSON.parse(bytes).content);
      }),
      { numRuns: RUNS },
    );
  });
});

// A small JSON Schema grammar: the keywords compat reasons about, nested a little.
const leafSchema = fc.oneof(
  fc.record({ type: fc.constantFrom("string", "integer", "number", "boolean", "null") }),
  fc.record({ type: fc.constant("string"), maxLength: fc.nat(20), minLength: fc.nat(3) }),
  fc.record({ type: fc.constant("integer"), minimum: fc.integer({ min: -5, max: 5 }), maximum: fc.integer({ min: 5, max: 50 }) }),
  fc.record({ enum: fc.uniqueArray(fc.oneof(fc.string({ maxLength: 3 }), fc.integer()), { minLength: 1, maxLength: 3 }) }),
);
const genJsonSchema = fc.letrec<{ node: Record<string, unknown> }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small" },
    leafSchema,
    fc.record({
      type: fc.constant("object"),
      properties: fc.dictionary(fc.constantFrom("a", "b", "c"), tie("node"), { maxKeys: 3 }),
      required: fc.subarray(["a", "b"]),
      additionalProperties: fc.boolean(),
    }),
    fc.record({ type: fc.constant("array"), items: tie("node"), maxItems: fc.nat(4) }),
    fc.record({ anyOf: fc.array(tie("node"), { minLength: 1, maxLength: 2 }) }),
  ),
})).node;

describe("compat", () => {
  it("compat(x, x) is compatible", async () => {
    const catalog: SchemaCatalog = { dir: null, entries: [], problems: [] };
    await fc.assert(
      fc.asyncProperty(genJsonSchema, async (body) => {
        const schema = { $schema: "http://json-schema.org/draft-07/schema#", ...body };
        const entry = schemaEntryOf(schema, { file: null, where: "generated", name: "generated" });
        const report = await compareSchemas(entry, entry, catalog);
        expect(report.verdict).not.toBe("breaking");
      }),
      // Each case compiles two ajv validators and runs the subset check (~0.25 s): few, varied cases.
      { numRuns: 15 },
    );
  });
});

describe("the NDJSON reader", () => {
  it("never throws on arbitrary bytes: every line is a document or a reported syntax error", async () => {
    const validator = await createDocumentValidator({ $schema: "http://json-schema.org/draft-07/schema#", type: "object" }, { schemasDir: null });
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.integer({ min: 1, max: 64 }), async (bytes, chunk) => {
        const chunks: Buffer[] = [];
        for (let i = 0; i < bytes.length; i += chunk) chunks.push(Buffer.from(bytes.subarray(i, i + chunk)));
        const summary = await validateDocumentStream(validator, Readable.from(chunks));
        expect(summary.valid + summary.invalid).toBe(summary.documents);
      }),
      { numRuns: 300 },
    );
  });
});

describe("redaction", () => {
  it("never lets a generated password through any URL shape, alone or inside a message", () => {
    const printable = fc.string({ unit: fc.integer({ min: 32, max: 126 }).map((c) => String.fromCharCode(c)), minLength: 8, maxLength: 24 });
    fc.assert(
      fc.property(
        printable.filter((p) => p.trim() === p),
        (password) => {
          for (const shape of urlShapes(password)) {
            expectNoPiece(redactUrl(shape.url), password);
            registerUrlSecrets(shape.url);
            expectNoPiece(redactSecrets(`bad PostgreSQL URL: ${shape.url}: refused`), password);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
