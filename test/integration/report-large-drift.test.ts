import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sortKeysDeep } from "../../src/model/canonical-json.js";
import type { Snapshot } from "../../src/dialects/postgresql/model/snapshot.js";
import { writeSnapshotFile } from "../../src/files/snapshot-file.js";
import { column, snapshot, table } from "../unit/diff/snapshot-factory.js";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";

/**
 * 3 000 tables that each lack a column in prod: thousands of findings that no grouping folds (a schema
 * missing as a whole would be one finding). report.md must stay under 1 MiB (it goes into a CI job
 * summary and a chat message) and still say what matters, linking to the page.
 */
// Snapshots in memory have sorted keys (as buildSnapshot and readSnapshotFile leave them); the factory's do not.
const sorted = (s: Snapshot): Snapshot => ({ ...s, content: sortKeysDeep(s.content) });
const root = mkdtempSync(join(tmpdir(), "report-large-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("report.md for a 3 000-table drift", () => {
  it("stays under 1 MiB and links to the full page", async () => {
    const tables = (withNote: boolean) =>
      Array.from({ length: 3000 }, (_, i) =>
        table(`tenant.t${String(i).padStart(4, "0")}`, [
          column("id", "bigint", { notNull: true }),
          column("payload", "jsonb"),
          ...(withNote ? [column("note", "text")] : []),
        ]),
      );
    const schemas = [
      { name: "public", owner: "pg_database_owner", acl: [], comment: null },
      { name: "tenant", owner: "postgres", acl: [], comment: null },
    ];
    mkdirSync(join(root, "environments", "stores"), { recursive: true });
    await writeSnapshotFile(join(root, "environments", "stores", "test-store.json"), sorted(snapshot({ schemas, tables: tables(true) })));
    await writeSnapshotFile(join(root, "environments", "stores", "prod-store.json"), sorted(snapshot({ schemas, tables: tables(false) })));
    writeFileSync(join(root, "environments", "test.json"), JSON.stringify({ store: "stores/test-store.json", promotesTo: "prod" }));
    writeFileSync(join(root, "environments", "prod.json"), JSON.stringify({ store: "stores/prod-store.json" }));
    const run = await runCliInProcess(["report", "--no-history", "--page-url", "https://drift.example.internal/report.html"], { cwd: root });
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(readFileSync(join(root, "drift-report", "report.json"), "utf8")) as { summary: { breaking: number } };
    expect(report.summary.breaking).toBeGreaterThanOrEqual(3000);
    const md = join(root, "drift-report", "report.md");
    expect(statSync(md).size).toBeLessThan(1024 * 1024);
    const text = readFileSync(md, "utf8");
    expect(text).toContain("(https://drift.example.internal/report.html)");
    expect(text).toMatch(/\| test → prod \| \d{4,}/);
    expect(text).toMatch(/… and \d+ more in the full report/);
  });
});
