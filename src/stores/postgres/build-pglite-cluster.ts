import { randomBytes } from "node:crypto";
import { readdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { constants, gzip as gzipCallback } from "node:zlib";
import { createPglite, shippedClusterFile } from "./pglite-session.js";

const gzip = promisify(gzipCallback);

/**
 * Runs initdb once, at build time, and keeps the cluster it made beside the engine code (gzipped, about
 * 4.5 MB), so the first `driftgate check` on a machine starts from it instead of paying initdb: seconds
 * and some 300 MB of memory for a second engine and initdb's own WebAssembly instance. The file is named
 * by the engine build (shippedClusterFile); clusters for other builds in the folder are removed. Written
 * atomically. Returns the file written.
 */
export async function buildPgliteCluster(file?: string): Promise<string> {
  const target = file ?? (await shippedClusterFile());
  const db = await createPglite([], { prebuilt: false });
  let archive: Uint8Array;
  try {
    const dump = await db.dumpDataDir("none");
    archive = await gzip(new Uint8Array(await dump.arrayBuffer()), { level: constants.Z_BEST_COMPRESSION });
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
    const others = (await readdir(dirname(target))).filter((n) => n !== name && /^pglite-cluster-[0-9a-f]+\.tar\.gz$/.test(n));
    await Promise.all(others.map((n) => rm(join(dirname(target), n), { force: true })));
  }
  return target;
}

// `node dist/stores/postgres/build-pglite-cluster.js`, the last step of `npm run build`. A build that
// cannot make the cluster still works (every first run pays initdb), so this warns instead of failing.
// Both lines go to stderr: `npm pack --json` runs this through `prepare`, and its stdout must stay JSON.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildPgliteCluster().then(
    (written) => process.stderr.write(`embedded cluster: ${written}\n`),
    (error: unknown) => process.stderr.write(`warning: no embedded cluster built (first runs will run initdb): ${(error as Error).message}\n`),
  );
}
