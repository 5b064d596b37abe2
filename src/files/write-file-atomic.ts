import { randomBytes } from "node:crypto";
import { rmSync, writeSync } from "node:fs";
import { open, readdir, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { DriftgateError, ExitCode, InputError } from "../errors.js";

type Content = string | Uint8Array | ((write: (chunk: string) => void) => void);

/**
 * Writes to a temporary file beside the target and renames it into place: readers see the old file or
 * the whole new one, never half of it. SIGINT/SIGTERM during the write remove the temporary file before
 * exiting (130/143); after a kill -9 the next write to the same path removes the temporary files of
 * processes that no longer run. A target that is not a regular file (/dev/stdout, a FIFO, /dev/full)
 * is written in place: renaming over it would replace the device node itself.
 */
export async function writeFileAtomic(path: string, content: Content): Promise<void> {
  const existing = await stat(path).catch(() => null);
  if (existing && !existing.isFile()) {
    if (existing.isDirectory()) throw new InputError(`cannot write ${path}: it is a folder`);
    return writeInPlace(path, content);
  }
  await removeStaleTemps(path);
  const temp = join(dirname(path), `${tempPrefix(path)}${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    // Listening before the file exists: a signal that arrives while open() is still in flight finds it.
    liveTemps.add(temp);
    watchSignals();
    const handle = await open(temp, "wx");
    try {
      await fill(handle, content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw writeError(path, error);
  } finally {
    liveTemps.delete(temp);
    if (liveTemps.size === 0) unwatchSignals();
  }
}

async function writeInPlace(path: string, content: Content): Promise<void> {
  try {
    const handle = await open(path, "w");
    try {
      await fill(handle, content);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw writeError(path, error);
  }
}

async function fill(handle: import("node:fs/promises").FileHandle, content: Content): Promise<void> {
  if (typeof content === "string") {
    await handle.writeFile(content, "utf8");
  } else if (content instanceof Uint8Array) {
    await handle.writeFile(content);
  } else {
    // A producer that hands over chunks synchronously: written with writeSync so no chunk waits in memory.
    content((chunk) => writeSync(handle.fd, chunk, null, "utf8"));
  }
}

/**
 * A path the user named that cannot be a file (missing folder, a folder, no permission) is bad input
 * (exit 2); a write that fails on the way (full disk, I/O error, quota) left the run without its output
 * (exit 3, as any run that could not finish).
 */
function writeError(path: string, error: unknown): DriftgateError {
  const code = (error as NodeJS.ErrnoException).code;
  const usage: Record<string, string> = {
    ENOENT: "no such folder",
    ENOTDIR: "a part of the path is not a folder",
    EISDIR: "it is a folder",
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    EROFS: "read-only file system",
  };
  if (code && usage[code]) return new InputError(`cannot write ${path}: ${usage[code]}`);
  const failed: Record<string, string> = { ENOSPC: "no space left on device", EDQUOT: "disk quota exceeded", EIO: "input/output error", EFBIG: "file too large" };
  const reason = code ? (failed[code] ? `${code} (${failed[code]})` : code) : error instanceof Error ? error.message : String(error);
  return new DriftgateError(`cannot write ${path}: ${reason}`, ExitCode.storeFailure);
}

function tempPrefix(path: string): string {
  return `.${basename(path)}.`;
}

const TEMP_SUFFIX = /^(\d+)\.[0-9a-f]+\.tmp$/;

/** Temporary files beside `path` left by a driftgate that was killed outright (its pid is gone). */
async function removeStaleTemps(path: string): Promise<void> {
  const prefix = tempPrefix(path);
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = TEMP_SUFFIX.exec(name.slice(prefix.length));
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || isAlive(pid)) continue;
    await rm(join(dirname(path), name), { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else; only ESRCH means it is gone.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const liveTemps = new Set<string>();
const SIGNAL_EXIT: Record<"SIGINT" | "SIGTERM", number> = { SIGINT: 130, SIGTERM: 143 };

function onSignal(signal: "SIGINT" | "SIGTERM"): void {
  for (const temp of liveTemps) rmSync(temp, { force: true });
  liveTemps.clear();
  process.exit(SIGNAL_EXIT[signal]);
}

const handlers = { SIGINT: () => onSignal("SIGINT"), SIGTERM: () => onSignal("SIGTERM") };
let watching = false;

function watchSignals(): void {
  if (watching) return;
  watching = true;
  process.on("SIGINT", handlers.SIGINT);
  process.on("SIGTERM", handlers.SIGTERM);
}

function unwatchSignals(): void {
  if (!watching) return;
  watching = false;
  process.off("SIGINT", handlers.SIGINT);
  process.off("SIGTERM", handlers.SIGTERM);
}
