import { randomBytes } from "node:crypto";
import { writeSync } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { InputError } from "../errors.js";

/**
 * Writes to a temporary file beside the target and renames it into place: readers see the old file or
 * the whole new one, never half of it, even if driftgate is killed mid-write.
 */
export async function writeFileAtomic(path: string, content: string | ((write: (chunk: string) => void) => void)): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    const handle = await open(temp, "w");
    try {
      if (typeof content === "string") {
        await handle.writeFile(content, "utf8");
      } else {
        // A producer that hands over chunks synchronously: written with writeSync so no chunk waits in memory.
        content((chunk) => writeSync(handle.fd, chunk, null, "utf8"));
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`cannot write ${path}: ${code === "ENOENT" ? "no such folder" : code ?? String(error)}`);
  }
}
