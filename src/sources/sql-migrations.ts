import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { InputError } from "../errors.js";
import type { PGlite } from "@electric-sql/pglite";
import { createPglite } from "../stores/postgres/pglite-session.js";
import { describePgError } from "../stores/postgres/server-session.js";

/** The .sql files a reference names: the file itself, or a folder's .sql files in lexical order. */
export async function listSqlFiles(path: string): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new InputError(`cannot read ${path}: no such file or folder`);
  }
  if (info.isFile()) return [path];
  const files = (await readdir(path)).filter((f) => f.endsWith(".sql")).sort();
  if (files.length === 0) throw new InputError(`folder ${path} holds no .sql files`);
  return files.map((f) => join(path, f));
}

/** Applies migrations in order; a failing one is bad input, named with its file and PostgreSQL's reason. */
export async function applySqlFiles(db: PGlite, files: readonly string[]): Promise<void> {
  for (const file of files) {
    const sql = await readFile(file, "utf8").catch(() => {
      throw new InputError(`cannot read migration ${file}`);
    });
    try {
      await db.exec(sql);
    } catch (error) {
      throw new InputError(`migration ${basename(file)} failed on the embedded PostgreSQL: ${describePgError(error)}`);
    }
  }
}

const CREATE_EXTENSION = /\bcreate\s+extension\s+(?:if\s+not\s+exists\s+)?(?:"([^"]+)"|([a-z_][a-z0-9_-]*))/gi;

/** Extension names the migrations create, so the embedded engine can be started with their bundles. */
export function extensionsNamedIn(sql: string): string[] {
  return [...sql.matchAll(CREATE_EXTENSION)].map((m) => (m[1] ?? m[2] ?? "").toLowerCase()).filter(Boolean);
}

/** A fresh PGlite able to run these migrations: with the contrib extensions they create loaded. */
export async function createPgliteFor(files: readonly string[]): Promise<PGlite> {
  const names = new Set<string>();
  for (const file of files) {
    // An unreadable file is reported by applySqlFiles, with its name, right after.
    const sql = await readFile(file, "utf8").catch(() => "");
    extensionsNamedIn(sql).forEach((name) => names.add(name));
  }
  return createPglite([...names]);
}
