import { stat } from "node:fs/promises";
import { relative, resolve } from "node:path";
import type { Finding } from "../model/finding.js";
import type { MigrationLayout } from "./migration-layouts.js";
import { prepareMigrations, type PreparedMigrations } from "./sql-migrations.js";

/**
 * Where in a migrations folder a finding's object was last written: the last statement, in the tool's
 * own order, that names the object's table (and its member, when one does). CI annotations put the
 * finding on that line, which is where a developer reading the pull request would change it. A name
 * match, not a parse: a statement that only mentions the table in a comment can be chosen, and an object
 * no statement names gets no location (the annotation then stays on the run, as before).
 */
export function locateInMigrations(migrations: PreparedMigrations, finding: Pick<Finding, "object" | "objectKind">, cwd: string): { file: string; line: number } | null {
  const parts = identifierParts(finding.object);
  // schema.table[.member]: the table decides; a single name (a schema, a role, a type) stands for itself.
  const relation = parts.length >= 2 ? parts[1]! : parts[0];
  if (!relation) return null;
  const member = parts.length >= 3 ? parts[2]! : null;
  const names = (text: string, name: string) => mentions(text, name);
  let best: { file: string; line: number; withMember: boolean } | null = null;
  for (const prepared of migrations.scripts) {
    for (const statement of prepared.statements) {
      if (!names(statement.sql, relation)) continue;
      const withMember = member !== null && names(statement.sql, member);
      // The latest statement wins, but one that also names the member beats one that only names the table.
      if (best && best.withMember && !withMember) continue;
      best = { file: relative(cwd, prepared.script.path) || prepared.script.path, line: statement.line, withMember };
    }
  }
  return best ? { file: best.file, line: best.line } : null;
}

/** Adds file and line to findings that have none, from the first migrations store of the pair. */
export async function withMigrationLocations(
  findings: readonly Finding[],
  stores: readonly string[],
  options: { readonly cwd: string; readonly migrationsLayout?: MigrationLayout },
): Promise<Finding[]> {
  let migrations: PreparedMigrations | null = null;
  for (const reference of stores) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(reference)) continue;
    const path = resolve(options.cwd, reference);
    const info = await stat(path).catch(() => null);
    if (!info || !(info.isDirectory() || (info.isFile() && path.endsWith(".sql")))) continue;
    migrations = await prepareMigrations(path, options.migrationsLayout).catch(() => null);
    if (migrations) break;
  }
  if (!migrations) return [...findings];
  return findings.map((finding) => {
    if (finding.file !== undefined) return finding;
    const at = locateInMigrations(migrations!, finding, options.cwd);
    return at ? { ...finding, file: at.file, line: at.line } : finding;
  });
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

function mentions(sql: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  // A lower-case name matches unquoted (any case, as PostgreSQL folds it) or quoted; any other only quoted.
  const quotedForm = new RegExp(`"${escaped.replace(/"/g, '""')}"`);
  if (name !== name.toLowerCase()) return quotedForm.test(sql);
  return quotedForm.test(sql) || new RegExp(`(^|[^A-Za-z0-9_$"])${escaped}($|[^A-Za-z0-9_$"])`, "i").test(sql);
}
