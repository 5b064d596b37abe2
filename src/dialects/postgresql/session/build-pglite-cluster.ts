import { randomBytes } from "node:crypto";
import { readdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { brotliCompress as brotliCallback, constants } from "node:zlib";
import { brotliClusterFile } from "./pglite-cluster.js";
import { createPglite, shippedClusterFile } from "./pglite-session.js";

const brotli = promisify(brotliCallback);

/**
 * Runs initdb once, at build time, and keeps the cluster it made beside the engine code, so the first `driftgate check` on a machine starts from it instead of paying initdb: seconds
 * and some 300 MB of memory for a second engine and initdb's own WebAssembly instance. The file is named
 * by the engine build (shippedClusterFile); clusters for other builds in the folder are removed. Written
 * atomically. Returns the file written.
 *
 * Brotli with a 16 MB window: the cluster's three databases (template0, template1, postgres) are nearly
 * the same 7.5 MB of catalog files, which gzip's 32 KB window cannot see; brotli stores them about once
 * (40 MB of tar: 1.6 MB, against gzip's 4.5 MB) and decompresses as fast.
 */
export async function buildPgliteCluster(file?: string): Promise<string> {
  const target = file ?? (await shippedClusterFile());
  const db = await createPglite([], { prebuilt: false });
  let archive: Uint8Array;
  try {
    const dump = await db.dumpDataDir("none");
    const tar = new Uint8Array(await dump.arrayBuffer());
    const compressed = await brotli(tar, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: tar.length },
    });
    archive = brotliClusterFile(tar, compressed);
  } finally {
    await db.close();
  }
  const temp = `${target}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(temp, archive);
    await rename(temp, target);
  } finally {
    await rm(temp, { force: true });
  }
  if (!file) {
    const name = basename(target);
    const others = (await readdir(dirname(target))).filter((n) => n !== name && /^pglite-cluster-[0-9a-f]+\.tar\.(?:gz|br)$/.test(n));
    await Promise.all(others.map((n) => rm(join(dirname(target), n), { force: true })));
  }
  return target;
}

// `node dist/dialects/postgresql/session/build-pglite-cluster.js`, the last step of `npm run build`. A build that
// cannot make the cluster still works (every first run pays initdb), so this warns instead of failing.
// Both lines go to stderr: `npm pack --json` runs this through `prepare`, and its stdout must stay JSON.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildPgliteCluster().then(
    (written) => process.stderr.write(`embedded cluster: ${written}\n`),
    (error: unknown) => process.stderr.write(`warning: no embedded cluster built (first runs will run initdb): ${(error as Error).message}\n`),
  );
}
