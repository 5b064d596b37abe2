import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fingerprintOfSorted } from "../../../model/canonical-json.js";
import { SNAPSHOT_FORMAT_VERSION, type SnapshotContent } from "../model/snapshot.js";
import { pgliteEngineVersion } from "../session/pglite-session.js";
import type { PreparedMigrations } from "./sql-migrations.js";

/** Bumped when the cache entry's own shape changes. */
const CACHE_FORMAT = 1;
/** Entries kept; older ones (by last use) are removed after a write. */
const KEEP_ENTRIES = 20;

/** The file a freshly initialised embedded cluster is kept in, one per engine build. */
export async function templateFileIn(dir: string): Promise<string> {
  return join(dir, `pglite-${shortHash(await pgliteEngineVersion())}.tar`);
}

/**
 * The key of a snapshot built from these migrations: every byte of every script applied (with where it
 * came from and how it runs), the layout and order, the schemas selected, the embedded engine's build,
 * the snapshot format and the code that reads a catalog into a snapshot. Anything else that changes is
 * a different key, never a stale hit.
 */
export async function migrationsCacheKey(prepared: PreparedMigrations, selection: { include: readonly string[]; exclude: readonly string[] }): Promise<string> {
  const hash = createHash("sha256");
  const add = (value: unknown) => hash.update(`${JSON.stringify(value)}\n`);
  add({ cache: CACHE_FORMAT, snapshot: SNAPSHOT_FORMAT_VERSION, engine: await pgliteEngineVersion(), reader: await readerCodeHash() });
  add({ layout: prepared.plan.layout, include: selection.include, exclude: selection.exclude });
  for (const { script } of prepared.scripts) {
    add({ label: script.label, firstLine: script.firstLine, transaction: script.transaction, bytes: createHash("sha256").update(script.sql).digest("hex") });
  }
  return hash.digest("hex");
}

interface CacheEntry {
  readonly cache: number;
  readonly key: string;
  readonly fingerprint: string;
  readonly content: SnapshotContent;
}

/** The cached content for `key`, or null: a missing, unreadable, foreign or corrupt entry is a miss. */
export async function readCachedSnapshot(dir: string, key: string): Promise<SnapshotContent | null> {
  const file = entryFile(dir, key);
  let entry: CacheEntry;
  try {
    entry = JSON.parse(await readFile(file, "utf8")) as CacheEntry;
  } catch {
    return null;
  }
  if (entry?.cache !== CACHE_FORMAT || entry.key !== key || typeof entry.content !== "object" || entry.content === null) return null;
  // The entry was written canonically (keys sorted); a byte changed on disk shows as a fingerprint mismatch.
  if (fingerprintOfSorted(entry.content) !== entry.fingerprint) return null;
  // Last use, for pruning: an entry used every day outlives ones not used since.
  const now = new Date();
  await utimes(file, now, now).catch(() => undefined);
  return entry.content;
}

/**
 * Stores content under `key`: written to a temporary file and renamed into place, so a reader (another
 * run at the same moment) sees no entry or a whole one; two runs writing the same key write the same
 * bytes. Best effort: a cache that cannot be written costs speed, never the answer.
 */
export async function writeCachedSnapshot(dir: string, key: string, content: SnapshotContent): Promise<void> {
  try {
    await mkdir(join(dir, "snapshots"), { recursive: true });
    const file = entryFile(dir, key);
    const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    const entry: CacheEntry = { cache: CACHE_FORMAT, fingerprint: fingerprintOfSorted(content), key, content };
    try {
      await writeFile(temp, JSON.stringify(entry));
      await rename(temp, file);
    } finally {
      await rm(temp, { force: true });
    }
    await prune(join(dir, "snapshots"));
  } catch {
    /* read-only or full cache directory */
  }
}

function entryFile(dir: string, key: string): string {
  return join(dir, "snapshots", `${key}.json`);
}

async function prune(folder: string): Promise<void> {
  const names = (await readdir(folder)).filter((n) => n.endsWith(".json"));
  if (names.length <= KEEP_ENTRIES) return;
  const dated = await Promise.all(names.map(async (n) => ({ n, t: (await stat(join(folder, n)).catch(() => null))?.mtimeMs ?? 0 })));
  dated.sort((a, b) => b.t - a.t);
  await Promise.all(dated.slice(KEEP_ENTRIES).map(({ n }) => rm(join(folder, n), { force: true })));
}

let readerHash: Promise<string> | null = null;

/**
 * A hash of the modules that turn a catalog into a snapshot (the dialect's catalog reader, sessions and model, and the shared model): a driftgate
 * that reads catalogs differently must not reuse snapshots an older one made, even at the same version.
 */
function readerCodeHash(): Promise<string> {
  readerHash ??= (async () => {
    const hash = createHash("sha256");
    for (const folder of ["../catalog/", "../session/", "../model/", "../../../model/"]) {
      const dir = fileURLToPath(new URL(folder, import.meta.url));
      const names = (await readdir(dir)).filter((n) => /\.(?:js|ts)$/.test(n) && !n.endsWith(".d.ts")).sort();
      for (const name of names) hash.update(name).update(await readFile(join(dir, name)));
    }
    return hash.digest("hex");
  })();
  return readerHash;
}

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}
