import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { InputError } from "../errors.js";
import { detectDraft, type SchemaDraft } from "./schema-draft.js";

/** The `x-driftgate` annotation a write schema uses to name the table its documents are written to. */
export interface WriteTarget {
  /** "schema.table", as the user wrote it. */
  readonly table: string;
  /** When set, the whole document is written into this json/jsonb column. */
  readonly column: string | null;
}

export interface SchemaEntry {
  /** Absolute path of the file, null for a schema given in memory. */
  readonly file: string | null;
  /** The schema's `$id`, or the file's URL when it has none (what relative `$ref`s resolve against). */
  readonly id: string;
  /** Whether `id` was written by the author. */
  readonly declaredId: boolean;
  /** The file name without `.schema.json` / `.json`: the short name users type. */
  readonly name: string;
  readonly draft: SchemaDraft;
  readonly schema: Readonly<Record<string, unknown>> | boolean;
  readonly target: WriteTarget | null;
}

/** A file in the folder that could not be read as a schema; only an error when someone asks for it. */
export interface CatalogProblem {
  readonly file: string;
  readonly name: string;
  readonly message: string;
}

/**
 * Every schema in a folder (recursively), so that `$ref`s between files resolve and users can name a
 * schema by `$id` or file name. A broken file does not spoil the others: it is reported when it is the
 * one asked for, or when something refers to it.
 */
export interface SchemaCatalog {
  readonly dir: string | null;
  readonly entries: readonly SchemaEntry[];
  readonly problems: readonly CatalogProblem[];
}

export function schemaNameOf(file: string): string {
  return path.basename(file).replace(/\.schema\.json$/i, "").replace(/\.json$/i, "");
}

export async function loadSchemaCatalog(dir: string | null): Promise<SchemaCatalog> {
  if (dir === null) return { dir, entries: [], problems: [] };
  const absolute = path.resolve(dir);
  let files: string[];
  try {
    files = await listJsonFiles(absolute);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { dir: absolute, entries: [], problems: [] };
    throw new InputError(`cannot read schema folder ${dir}: ${(error as Error).message}`);
  }
  const entries: SchemaEntry[] = [];
  const problems: CatalogProblem[] = [];
  for (const file of files) {
    try {
      entries.push(await loadSchemaFile(file));
    } catch (error) {
      problems.push({ file, name: schemaNameOf(file), message: (error as Error).message });
    }
  }
  const seen = new Map<string, string>();
  for (const entry of entries) {
    const other = seen.get(entry.id);
    if (other !== undefined) {
      problems.push({ file: entry.file ?? entry.id, name: entry.name, message: `${entry.file}: $id ${entry.id} is also used by ${other}` });
    } else seen.set(entry.id, entry.file ?? entry.id);
  }
  return { dir: absolute, entries, problems };
}

async function listJsonFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const dirent of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, dirent.name);
    if (dirent.isDirectory()) out.push(...(await listJsonFiles(full)));
    else if (dirent.isFile() && dirent.name.toLowerCase().endsWith(".json")) out.push(full);
  }
  return out.sort();
}

/** `where` is how messages name the file (the path as the user typed it); default the path itself. */
export async function loadSchemaFile(file: string, where: string = file): Promise<SchemaEntry> {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = await readFile(absolute, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === "ENOENT" ? `schema file not found: ${where}` : `cannot read schema ${where}: ${(error as Error).message}`);
  }
  let schema: unknown;
  try {
    schema = JSON.parse(stripBom(text));
  } catch (error) {
    throw new InputError(`${where}: not valid JSON: ${(error as Error).message}`);
  }
  return schemaEntryOf(schema, { file: absolute, where });
}

/** Builds an entry for a schema object; `file` decides the fallback `$id` and the short name. */
export function schemaEntryOf(schema: unknown, options: { file: string | null; where: string; name?: string }): SchemaEntry {
  const draft = detectDraft(schema, options.where);
  const object = typeof schema === "boolean" ? null : (schema as Record<string, unknown>);
  const declared = object?.["$id"];
  if (declared !== undefined && typeof declared !== "string") throw new InputError(`${options.where}: "$id" must be a string`);
  const fallbackId = options.file ? pathToFileURL(options.file).href : `driftgate:inline/${options.name ?? "schema"}`;
  const name = options.name ?? (options.file ? schemaNameOf(options.file) : declared ?? "schema");
  return {
    file: options.file,
    id: stripEmptyFragment(declared ?? fallbackId),
    declaredId: declared !== undefined,
    name,
    draft,
    schema: schema as SchemaEntry["schema"],
    target: object ? writeTargetOf(object, options.where) : null,
  };
}

function writeTargetOf(schema: Record<string, unknown>, where: string): WriteTarget | null {
  const annotation = schema["x-driftgate"];
  if (annotation === undefined) return null;
  if (annotation === null || typeof annotation !== "object" || Array.isArray(annotation)) {
    throw new InputError(`${where}: "x-driftgate" must be an object like {"table": "public.applications"}`);
  }
  const { table, column, ...rest } = annotation as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new InputError(`${where}: unknown key "${unknown[0]}" in "x-driftgate" (known: table, column)`);
  if (table === undefined) return null;
  if (typeof table !== "string" || !/^[^.]+\.[^.]+$/.test(table)) {
    throw new InputError(`${where}: "x-driftgate".table must be "schema.table", e.g. "public.applications"`);
  }
  if (column !== undefined && (typeof column !== "string" || column === "")) {
    throw new InputError(`${where}: "x-driftgate".column must be a column name`);
  }
  return { table, column: (column as string | undefined) ?? null };
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function stripEmptyFragment(id: string): string {
  return id.endsWith("#") ? id.slice(0, -1) : id;
}

/**
 * Finds the schema a user named: an existing file path first, then a `$id`, then a file name with or
 * without its extension. Anything else is bad input, with the names that would have worked.
 */
export async function findSchema(catalog: SchemaCatalog, ref: string, cwd: string): Promise<SchemaEntry> {
  const asPath = path.resolve(cwd, ref);
  if (await isFile(asPath)) {
    const inCatalog = catalog.entries.find((e) => e.file === asPath);
    if (inCatalog) return inCatalog;
    const problem = catalog.problems.find((p) => p.file === asPath);
    if (problem) throw new InputError(problem.message);
    return loadSchemaFile(asPath, ref);
  }
  const wanted = stripEmptyFragment(ref);
  const byId = catalog.entries.filter((e) => e.declaredId && e.id === wanted);
  if (byId.length === 1) return byId[0]!;
  const lower = ref.toLowerCase();
  const byName = catalog.entries.filter((e) => e.name.toLowerCase() === lower || (e.file !== null && path.basename(e.file).toLowerCase() === lower));
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) {
    throw new InputError(`schema name "${ref}" is ambiguous: ${byName.map((e) => path.relative(cwd, e.file ?? e.id)).join(", ")}; give the file path`);
  }
  const broken = catalog.problems.find((p) => p.name.toLowerCase() === lower || path.basename(p.file).toLowerCase() === lower);
  if (broken) throw new InputError(broken.message);
  if (looksLikePath(ref)) throw new InputError(`schema file not found: ${ref}`);
  const known = catalog.entries.map((e) => e.name).sort();
  const where = catalog.dir ? path.relative(cwd, catalog.dir) || "." : "(no schema folder)";
  throw new InputError(
    `unknown schema "${ref}": no such file, and no schema in ${where} has that $id or name` +
      (known.length > 0 ? ` (known: ${known.join(", ")})` : ""),
  );
}

function looksLikePath(ref: string): boolean {
  if (ref.includes("://")) return false;
  return ref.includes("/") || ref.includes(path.sep) || ref.toLowerCase().endsWith(".json");
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
