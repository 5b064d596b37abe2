import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { createBrotliDecompress, gunzip as gunzipCallback } from "node:zlib";
import type { PGlite } from "@electric-sql/pglite";

const gunzip = promisify(gunzipCallback);
const BLOCK = 512;
/**
 * A brotli stream carries no checksum, and a flipped byte inside a catalog page would decode into a
 * cluster that starts and answers wrongly; so the *.br file begins with a line giving the SHA-256 and
 * the length of the tar it holds, checked after decompressing. The length also lets the tar be
 * decompressed into one buffer of its size: collecting chunks and joining them held it twice.
 */
const BROTLI_MAGIC = "driftgate-cluster 2";

/** The bytes of a *.br cluster file holding `tar`, compressed already as `compressed`. */
export function brotliClusterFile(tar: Uint8Array, compressed: Uint8Array): Buffer {
  const digest = createHash("sha256").update(tar).digest("hex");
  return Buffer.concat([Buffer.from(`${BROTLI_MAGIC} sha256:${digest} size:${tar.length}\n`), compressed]);
}

async function fromBrotliClusterFile(bytes: Uint8Array): Promise<Uint8Array | null> {
  const newline = bytes.indexOf(0x0a);
  const header = /^driftgate-cluster 2 sha256:([0-9a-f]{64}) size:([0-9]{1,10})$/.exec(Buffer.from(bytes.subarray(0, Math.max(newline, 0))).toString("latin1"));
  if (newline < 0 || !header) return null;
  const tar = new Uint8Array(Number(header[2]));
  let filled = 0;
  const stream = createBrotliDecompress();
  await new Promise<void>((resolve, reject) => {
    stream.on("data", (chunk: Buffer) => {
      if (filled + chunk.length > tar.length) return stream.destroy(new Error("longer than its header says"));
      tar.set(chunk, filled);
      filled += chunk.length;
    });
    stream.on("error", reject);
    stream.on("end", resolve);
    stream.end(bytes.subarray(newline + 1));
  });
  if (filled !== tar.length) return null;
  return createHash("sha256").update(tar).digest("hex") === header[1] ? tar : null;
}

/** One initialised PostgreSQL data directory, read from an archive: every entry a view into one buffer. */
export interface ClusterArchive {
  readonly directories: readonly string[];
  readonly files: readonly { readonly path: string; readonly data: Uint8Array }[];
}

/**
 * Reads a cluster PGlite's dumpDataDir wrote: a tar, plain, gzipped or (named *.br) brotli-compressed
 * behind a SHA-256 (brotliClusterFile). Null for a missing, truncated or corrupt file (a failed gzip
 * CRC, digest or brotli stream, a bad header checksum, no PG_VERSION): the caller makes the cluster
 * afresh. The files are views into the one decompressed buffer, handed to the engine's in-memory file
 * system as they are (see loadCluster): PGlite's own loadDataDir copies every file twice on the way,
 * which made loading a 40 MB cluster cost 120 MB and half a second.
 */
export async function readClusterArchive(file: string): Promise<ClusterArchive | null> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
    if (file.endsWith(".br")) {
      const tar = await fromBrotliClusterFile(bytes);
      if (!tar) return null;
      bytes = tar;
    } else if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = await gunzip(bytes);
  } catch {
    return null;
  }
  return parseTar(bytes);
}

function parseTar(bytes: Uint8Array): ClusterArchive | null {
  const directories: string[] = [];
  const files: { path: string; data: Uint8Array }[] = [];
  let offset = 0;
  while (offset + BLOCK <= bytes.length) {
    const header = bytes.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break; // the end-of-archive blocks
    if (!checksumMatches(header)) return null;
    const name = text(header, 0, 100);
    const prefix = text(header, 345, 155);
    const size = octal(header, 124, 12);
    const type = header[156];
    const path = normalise(prefix ? `${prefix}/${name}` : name);
    if (path === null || size === null) return null;
    offset += BLOCK;
    if (type === 0x35 /* "5" */) {
      if (path) directories.push(path);
    } else if (type === 0x30 /* "0" */ || type === 0) {
      if (!path || offset + size > bytes.length) return null;
      files.push({ path, data: bytes.subarray(offset, offset + size) });
      offset += Math.ceil(size / BLOCK) * BLOCK;
    } else {
      return null; // dumpDataDir writes files and directories only
    }
  }
  return files.some((f) => f.path === "PG_VERSION") ? { directories, files } : null;
}

function checksumMatches(header: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
  return octal(header, 148, 8) === sum;
}

function text(header: Uint8Array, start: number, length: number): string {
  const field = header.subarray(start, start + length);
  const end = field.indexOf(0);
  return Buffer.from(field.subarray(0, end === -1 ? length : end)).toString("utf8");
}

function octal(header: Uint8Array, start: number, length: number): number | null {
  const digits = text(header, start, length).trim();
  if (!/^[0-7]*$/.test(digits)) return null;
  return digits ? parseInt(digits, 8) : 0;
}

/** A relative path inside the data directory; null for one that climbs out of it. */
function normalise(path: string): string | null {
  const parts = path.split("/").filter((p) => p !== "" && p !== ".");
  return parts.includes("..") ? null : parts.join("/");
}

/**
 * Writes the archive into a started (not yet running) engine's data directory. `canOwn` lets the
 * in-memory file system keep each view as the file's contents: no copy. The views never overlap, and a
 * file that grows is copied out by the file system itself, so one file's writes never reach another's.
 */
export function loadCluster(db: PGlite, pgdata: string, archive: ClusterArchive): void {
  const fs = db.Module.FS;
  fs.mkdirTree(pgdata);
  for (const dir of archive.directories) fs.mkdirTree(`${pgdata}/${dir}`);
  for (const file of archive.files) {
    const slash = file.path.lastIndexOf("/");
    if (slash > 0) fs.mkdirTree(`${pgdata}/${file.path.slice(0, slash)}`);
    fs.writeFile(`${pgdata}/${file.path}`, file.data, { canOwn: true });
  }
}
