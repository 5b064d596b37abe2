import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { InputError } from "../errors.js";

/**
 * The text of file bytes, gunzipped when they start with gzip's magic bytes: `driftgate report` keeps its
 * history compressed (a 5 000-table snapshot is 41 MB of JSON, ~2 MB gzipped) and every command reads it.
 * Decided by content, not by name, so a renamed file still reads.
 */
export function decodeJsonBytes(bytes: Buffer, path: string, what: string): string {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return gunzipSync(bytes).toString("utf8");
    } catch (error) {
      throw new InputError(`${what} ${path} is gzip-compressed but cannot be decompressed (truncated?): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  return bytes.toString("utf8");
}

/** Reads and parses a JSON file; a missing, unreadable or malformed file is bad input with a one-line reason. */
export async function readJsonFile(path: string, what: string): Promise<unknown> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a folder" : code === "EACCES" ? "permission denied" : String(code ?? error);
    throw new InputError(`cannot read ${what} ${path}: ${reason}`);
  }
  const text = decodeJsonBytes(bytes, path, what);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError(`${what} ${path} is not valid JSON: ${(error as Error).message}`);
  }
}
