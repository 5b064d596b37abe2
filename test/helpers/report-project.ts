import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveSnapshot } from "../../src/sources/resolve-snapshot.js";
import { writeSnapshotFile } from "../../src/files/snapshot-file.js";

/**
 * Real snapshots for `driftgate report` tests, built once from SQL on PGlite and then used as snapshot
 * files, so each report run takes a fraction of a second and a test changes a store by copying a file.
 */
export const BASE = `
CREATE SCHEMA catalog;
CREATE TABLE catalog.datasets (id bigint PRIMARY KEY, name text NOT NULL, owner text);
CREATE TABLE catalog.tags (dataset_id bigint REFERENCES catalog.datasets, tag text NOT NULL);
`;
// prod lacks the owner column: a breaking finding for test -> prod.
export const PROD = BASE.replace(", owner text", "");
// Someone adds a NOT NULL column in prod by hand: an out-of-band change.
export const PROD_HOTFIX = PROD.replace("tag text NOT NULL)", "tag text NOT NULL, added_by text NOT NULL DEFAULT 'x')");

export interface ReportSnapshots {
  readonly root: string;
  readonly base: string;
  readonly prod: string;
  readonly hotfix: string;
}

export async function buildReportSnapshots(prefix: string): Promise<ReportSnapshots> {
  const root = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(root, "snapshots"));
  const snapshotOf = async (name: string, sql: string): Promise<string> => {
    const sqlFile = join(root, `${name}.sql`);
    writeFileSync(sqlFile, sql);
    const file = join(root, "snapshots", `${name}.json`);
    await writeSnapshotFile(file, await resolveSnapshot(sqlFile, { cwd: root, env: process.env }));
    return file;
  };
  return { root, base: await snapshotOf("base", BASE), prod: await snapshotOf("prod", PROD), hotfix: await snapshotOf("hotfix", PROD_HOTFIX) };
}

/** A project folder: environments/ with test -> prod on files of its own, so a test can change prod's. */
export function reportProject(snaps: ReportSnapshots, name: string, extra: Record<string, object> = {}): { dir: string; prodFile: string } {
  const dir = join(snaps.root, name);
  mkdirSync(join(dir, "environments", "stores"), { recursive: true });
  copyFileSync(snaps.base, join(dir, "environments", "stores", "test.json"));
  copyFileSync(snaps.prod, join(dir, "environments", "stores", "prod.json"));
  writeFileSync(join(dir, "environments", "test.json"), JSON.stringify({ store: "stores/test.json", promotesTo: "prod" }));
  writeFileSync(join(dir, "environments", "prod.json"), JSON.stringify({ store: "stores/prod.json" }));
  for (const [env, body] of Object.entries(extra)) writeFileSync(join(dir, "environments", `${env}.json`), JSON.stringify(body));
  return { dir, prodFile: join(dir, "environments", "stores", "prod.json") };
}
