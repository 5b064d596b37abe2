import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveSnapshot } from "../../src/sources/resolve-snapshot.js";
import { serialiseSnapshot } from "../../src/files/snapshot-file.js";
import { cacheDirectory } from "../../src/files/cache-directory.js";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";

const repo = path.resolve(import.meta.dirname, "../..");
const example = path.join(repo, "examples/metadata-store/migrations");

let dir: string;
let cache: string;
let migrations: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "driftgate-cache-"));
  cache = path.join(dir, "cache");
  migrations = path.join(dir, "migrations");
  await cp(example, migrations, { recursive: true });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const snapshot = (args: string[] = [], env: NodeJS.ProcessEnv = { DRIFTGATE_CACHE_DIR: cache }) =>
  runCliInProcess(["snapshot", "migrations", ...args], { cwd: dir, env });
const entries = async () => (await readdir(path.join(cache, "snapshots")).catch(() => [])).filter((n) => n.endsWith(".json")).sort();

describe("the cache of snapshots built from migration folders", () => {
  it("gives the bundled example exactly the snapshot an uncached run gives, cold and warm", async () => {
    const uncached = serialiseSnapshot(await resolveSnapshot(example, { cwd: repo, env: {} }));
    const env = { DRIFTGATE_CACHE_DIR: path.join(dir, "example-cache") };
    // A cluster kept for another engine build is removed when this build's is written.
    const { mkdir } = await import("node:fs/promises");
    await mkdir(env.DRIFTGATE_CACHE_DIR, { recursive: true });
    await writeFile(path.join(env.DRIFTGATE_CACHE_DIR, "pglite-0123456789abcdef.tar"), "old engine");
    const cold = serialiseSnapshot(await resolveSnapshot(example, { cwd: repo, env }));
    // The second cold start boots from the kept initdb cluster, the third run reads the cached snapshot.
    await rm(path.join(env.DRIFTGATE_CACHE_DIR, "snapshots"), { recursive: true });
    const fromTemplate = serialiseSnapshot(await resolveSnapshot(example, { cwd: repo, env }));
    const warm = serialiseSnapshot(await resolveSnapshot(example, { cwd: repo, env }));
    expect(cold).toBe(uncached);
    expect(fromTemplate).toBe(uncached);
    expect(warm).toBe(uncached);
    expect((await readdir(env.DRIFTGATE_CACHE_DIR)).filter((n) => n.endsWith(".tar"))).toHaveLength(1);
  });

  it("is used on the second run: what the entry holds is what comes back", async () => {
    const first = await snapshot();
    expect(first.code).toBe(0);
    const [entry] = await entries();
    expect(entry).toBeDefined();
    // Doctor the entry (keeping its fingerprint consistent): a hit must return exactly what is stored.
    const file = path.join(cache, "snapshots", entry!);
    const stored = JSON.parse(await readFile(file, "utf8"));
    const doctored = JSON.parse(JSON.stringify(stored.content).replaceAll('"lineage_edges"', '"lineage_edgez"'));
    const { fingerprintOfSorted } = await import("../../src/model/canonical-json.js");
    await writeFile(file, JSON.stringify({ ...stored, content: doctored, fingerprint: fingerprintOfSorted(doctored) }));
    const second = await snapshot();
    expect(second.stdout).toContain("lineage_edgez");
    await writeFile(file, JSON.stringify(stored));
    expect((await snapshot()).stdout).toBe(first.stdout);
  });

  it("rebuilds when a single byte of any migration changes, and when the entry is corrupt", async () => {
    const before = await snapshot();
    const count = (await entries()).length;
    const file = path.join(migrations, "001_datasets.sql");
    const original = await readFile(file, "utf8");
    // One byte, in a comment: nothing the snapshot shows changes, yet it is a different key.
    await writeFile(file, original.replace("The catalog's", "The catalog`s"));
    const comment = await snapshot();
    expect(comment.stdout).toBe(before.stdout);
    expect((await entries()).length).toBe(count + 1);
    // One byte that matters: varchar(1) -> the column's type in the snapshot.
    await writeFile(file, original.replace("owner_team  text NOT NULL", "owner_team  char NOT NULL"));
    const changed = await snapshot();
    expect(changed.stdout).not.toBe(before.stdout);
    expect(changed.stdout).toContain('"character(1)"');
    // A truncated entry is a miss, rebuilt, never an error and never stale.
    const newest = (await entries()).map((n) => path.join(cache, "snapshots", n));
    for (const entry of newest) await writeFile(entry, "{\"cache\":1,\"key\":");
    expect((await snapshot()).stdout).toBe(changed.stdout);
    await writeFile(file, original);
    expect((await snapshot()).stdout).toBe(before.stdout);
  });

  it("--no-cache neither reads nor writes it", async () => {
    const fresh = path.join(dir, "unused-cache");
    const run = await snapshot(["--no-cache"], { DRIFTGATE_CACHE_DIR: fresh });
    expect(run.code).toBe(0);
    expect(await readdir(fresh).catch(() => "absent")).toBe("absent");
  });

  it("is safe under concurrent runs: one whole entry, no temporary files left, same answers", async () => {
    const shared = path.join(dir, "concurrent-cache");
    const env = { DRIFTGATE_CACHE_DIR: shared };
    const runs = await Promise.all([snapshot([], env), snapshot([], env)]);
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    expect(new Set(runs.map((r) => r.stdout)).size).toBe(1);
    const all = [...(await readdir(shared)), ...(await readdir(path.join(shared, "snapshots")))];
    expect(all.filter((n) => n.endsWith(".tmp"))).toEqual([]);
    expect((await readdir(path.join(shared, "snapshots"))).filter((n) => n.endsWith(".json"))).toHaveLength(1);
  });
});

describe("cacheDirectory", () => {
  it("takes DRIFTGATE_CACHE_DIR, then XDG_CACHE_HOME, then HOME, and nothing else", () => {
    expect(cacheDirectory({ DRIFTGATE_CACHE_DIR: "/x", XDG_CACHE_HOME: "/y", HOME: "/h" })).toBe("/x");
    expect(cacheDirectory({ XDG_CACHE_HOME: "/y", HOME: "/h" })).toBe(path.join("/y", "driftgate"));
    expect(cacheDirectory({ XDG_CACHE_HOME: "relative", HOME: "/h" })).toBe(path.join("/h", ".cache", "driftgate"));
    // An environment without any of them (as tests hand in) has no cache: never the user's by accident.
    expect(cacheDirectory({})).toBeNull();
  });

  it("points at a private folder for this test run, not the user's cache", () => {
    expect(process.env.DRIFTGATE_CACHE_DIR).toContain("driftgate-test-cache-");
  });
});
