import { stat } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import type { Finding } from "../../../model/finding.js";
import { migrationLayoutNamed } from "./migration-layouts.js";
import { prepareMigrations, type PreparedMigrations } from "./sql-migrations.js";

/**
 * Where in a migrations folder a finding's object was last written: the last statement, in the tool's
 * own order, that names the object's table (and its member, when one does). CI annotations put the
 * finding on that line, which is where a developer reading the pull request would change it. A name
 * match, not a parse: a statement that only mentions the table in a comment can be chosen, and an object
 * no statement names gets no location (the annotation then stays on the run, as before).
 */
export interface MigrationIndex {
  locate(finding: Pick<Finding, "object" | "objectKind">): { file: string; line: number } | null;
}

interface IndexedStatement {
  readonly file: string;
  readonly line: number;
  readonly names: ReadonlySet<string>;
}

/**
 * Indexes the names every statement mentions once, so that locating is a lookup per finding: a report
 * can hold thousands of findings (a missing schema) against thousands of statements.
 */
export function indexMigrations(migrations: PreparedMigrations, cwd: string): MigrationIndex {
  const byName = new Map<string, IndexedStatement[]>();
  for (const prepared of migrations.scripts) {
    if (prepared.script.generated) continue;
    // Annotations name files of the repository being checked; a folder outside it gets no location.
    const file = relative(cwd, prepared.script.path);
    if (file === "" || file.startsWith("..") || isAbsolute(file)) continue;
    for (const statement of prepared.statements) {
      const indexed: IndexedStatement = { file, line: statement.line, names: namesIn(statement.sql) };
      for (const name of indexed.names) {
        const list = byName.get(name);
        if (list) list.push(indexed);
        else byName.set(name, [indexed]);
      }
    }
  }
  return {
    locate(finding) {
      const parts = identifierParts(finding.object);
      // schema.table[.member]: the table decides; a single name (a schema, a role, a type) stands for itself.
      const relation = parts.length >= 2 ? parts[1]! : parts[0];
      if (!relation) return null;
      const candidates = byName.get(relation);
      if (!candidates) return null;
      const member = parts.length >= 3 ? parts[2]! : null;
      // The latest statement wins, but one that also names the member beats one that only names the table.
      const withMember = member === null ? undefined : candidates.findLast((c) => c.names.has(member));
      const chosen = withMember ?? candidates.at(-1)!;
      return { file: chosen.file, line: chosen.line };
    },
  };
}

/** One finding against a folder, for callers with a single lookup (and the tests). */
export function locateInMigrations(migrations: PreparedMigrations, finding: Pick<Finding, "object" | "objectKind">, cwd: string): { file: string; line: number } | null {
  return indexMigrations(migrations, cwd).locate(finding);
}

/**
 * Adds file and line to findings that have none, from the first migrations store of the pair. `cache`
 * keeps each folder's index for the run: an environment chain names the same folder in two pairs.
 */
export async function withMigrationLocations(
  findings: readonly Finding[],
  stores: readonly string[],
  options: { readonly cwd: string; readonly migrationsLayout?: string; readonly cache?: Map<string, Promise<MigrationIndex | null>> },
): Promise<Finding[]> {
  let index: MigrationIndex | null = null;
  for (const reference of stores) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(reference)) continue;
    const path = resolve(options.cwd, reference);
    let pending = options.cache?.get(path);
    if (!pending) {
      pending = indexFolder(path, options);
      options.cache?.set(path, pending);
    }
    index = await pending;
    if (index) break;
  }
  if (!index) return [...findings];
  return findings.map((finding) => {
    if (finding.file !== undefined) return finding;
    const at = index!.locate(finding);
    return at ? { ...finding, file: at.file, line: at.line } : finding;
  });
}

async function indexFolder(path: string, options: { readonly cwd: string; readonly migrationsLayout?: string }): Promise<MigrationIndex | null> {
  const info = await stat(path).catch(() => null);
  if (!info || !(info.isDirectory() || (info.isFile() && path.endsWith(".sql")))) return null;
  // A layout this dialect does not know is no location, as a folder that cannot be read is: locations are a courtesy.
  const migrations = await Promise.resolve()
    .then(() => prepareMigrations(path, migrationLayoutNamed(options.migrationsLayout)))
    .catch(() => null);
  return migrations ? indexMigrations(migrations, options.cwd) : null;
}

/** `public."Weird Table".id` -> ["public", "Weird Table", "id"]: dots inside quotes do not split. */
function identifierParts(object: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < object.length; i++) {
    const ch = object[i]!;
    if (ch === '"') {
      if (quoted && object[i + 1] === '"') {
        current += '"';
        i++;
      } else quoted = !quoted;
    } else if (ch === "." && !quoted) {
      parts.push(current);
      current = "";
    } else if (!quoted && /\s/.test(ch)) {
      break; // "name -> table" style objects: the first word is the object
    } else current += ch;
  }
  if (current) parts.push(current);
  return parts;
}

/**
 * The names a statement can refer to: quoted identifiers exactly, unquoted words as PostgreSQL folds them
 * (lower case). A name with upper case is therefore only found where it was quoted, as PostgreSQL would.
 */
function namesIn(sql: string): Set<string> {
  const names = new Set<string>();
  for (const match of sql.matchAll(/"((?:[^"]|"")+)"|([A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*)/g)) {
    if (match[1] !== undefined) names.add(match[1].replace(/""/g, '"'));
    else names.add(match[2]!.toLowerCase());
  }
  return names;
}
