import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { brotliCompressSync, brotliDecompressSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serialiseSnapshot } from "../../src/files/snapshot-file.js";
import { buildPgliteCluster } from "../../src/dialects/postgresql/session/build-pglite-cluster.js";
import { readClusterArchive } from "../../src/dialects/postgresql/session/pglite-cluster.js";
import { createPglite, pgliteSession, shippedClusterFile } from "../../src/dialects/postgresql/session/pglite-session.js";
import { readSnapshot } from "../../src/dialects/postgresql/catalog/read-snapshot.js";

/**
 * The cluster built with the package (npm run build) and the cache's template are loaded by
 * driftgate's own reader straight into the engine's file system. A run that starts from one must see
 * exactly what a fresh initdb gives; a damaged file is skipped for initdb, never trusted.
 */
let dir: string;
let shipped: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "driftgate-cluster-"));
  shipped = await buildPgliteCluster(path.join(dir, "cluster.tar.br"));
}, 240_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const MIGRATION = "create schema app; create table app.t (id int primary key, v text not null default 'x'); create role app_writer; grant insert on app.t to app_writer;";

async function snapshotOf(start: Parameters<typeof createPglite>[1]): Promise<string> {
  const db = await createPglite([], start);
  await db.exec(MIGRATION);
  const session = pgliteSession(db, true);
  try {
    const snapshot = await readSnapshot(session, { label: "t", kind: "migrations" });
    return serialiseSnapshot(snapshot);
  } finally {
    await session.close();
  }
}

describe("a pre-built embedded cluster", () => {
  it("is a brotli-compressed tar the reader accepts, a few MB", async () => {
    const archive = await readClusterArchive(shipped);
    expect(archive).not.toBeNull();
    expect(archive!.files.some((f) => f.path === "PG_VERSION")).toBe(true);
    expect(archive!.files.some((f) => f.path.startsWith("base/"))).toBe(true);
    expect((await stat(shipped)).size).toBeLessThan(10 * 1024 * 1024);
  });

  it("gives the same snapshot as a fresh initdb, compressed or not", async () => {
    const fresh = await snapshotOf({ prebuilt: false });
    expect(await snapshotOf({ prebuilt: shipped })).toBe(fresh);
    const plain = path.join(dir, "plain.tar");
    const shippedBytes = await readFile(shipped);
    await writeFile(plain, brotliDecompressSync(shippedBytes.subarray(shippedBytes.indexOf(0x0a) + 1)));
    expect(await snapshotOf({ prebuilt: false, templateFile: plain })).toBe(fresh);
    const gzipped = path.join(dir, "gzipped.tar.gz");
    await writeFile(gzipped, gzipSync(await readFile(plain)));
    expect(await snapshotOf({ prebuilt: gzipped })).toBe(fresh);
  }, 240_000);

  it("is refused when damaged: truncated, a flipped byte, not a tar, missing", async () => {
    const bytes = await readFile(shipped);
    const cases: [string, Uint8Array][] = [
      ["truncated.tar.br", bytes.subarray(0, bytes.length >> 1)],
      ["flipped.tar.br", Uint8Array.from(bytes, (b, i) => (i === bytes.length >> 1 ? b ^ 0xff : b))],
      ["text.tar.gz", gzipSync(Buffer.from("not a tar at all, just text ".repeat(100)))],
      ["text.tar.br", brotliCompressSync(Buffer.from("not a tar at all, just text ".repeat(100)))],
      ["no-digest.tar.br", bytes.subarray(bytes.indexOf(0x0a) + 1)],
      ["wrong-digest.tar.br", Buffer.from(bytes.toString("latin1").replace(/sha256:[0-9a-f]{64}/, `sha256:${"0".repeat(64)}`), "latin1")],
      ["wrong-size.tar.br", Buffer.from(bytes.toString("latin1").replace(/size:([0-9]+)/, (_, n: string) => `size:${Number(n) - 512}`), "latin1")],
    ];
    for (const [name, content] of cases) {
      await writeFile(path.join(dir, name), content);
      expect(await readClusterArchive(path.join(dir, name))).toBeNull();
    }
    expect(await readClusterArchive(path.join(dir, "absent.tar.br"))).toBeNull();
  });

  it("falls back to initdb when the file cannot be used, and removes a bad template", async () => {
    const fresh = await snapshotOf({ prebuilt: false });
    const badTemplate = path.join(dir, "pglite-bad.tar");
    await writeFile(badTemplate, "not a cluster");
    expect(await snapshotOf({ prebuilt: path.join(dir, "absent.tar.br"), templateFile: badTemplate })).toBe(fresh);
    // The bad template was replaced by the cluster initdb made.
    expect(await readClusterArchive(badTemplate)).not.toBeNull();
  }, 240_000);

  it("is looked for under a name that carries the engine build, beside the engine code", async () => {
    const file = await shippedClusterFile();
    expect(path.basename(file)).toMatch(/^pglite-cluster-[0-9a-f]{16}\.tar\.br$/);
    expect(path.dirname(file)).toBe(path.resolve(import.meta.dirname, "../../src/dialects/postgresql/session"));
  });
});
