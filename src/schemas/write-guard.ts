import path from "node:path";
import { DriftgateError, ExitCode, InputError } from "../errors.js";
import type { DocumentError } from "./document-error.js";
import { compileCatalogEntry, schemasDirOf, type DocumentValidator } from "./document-validator.js";
import { loadSchemaCatalog, type SchemaEntry } from "./schema-catalog.js";

export type ValidationResult =
  | { readonly valid: true; readonly errors: readonly [] }
  | { readonly valid: false; readonly errors: readonly DocumentError[] };

/** Thrown by `WriteGuard.assert`: carries the same error objects `driftgate validate` prints. */
export class DocumentInvalidError extends DriftgateError {
  /** The name the caller asked for. */
  readonly schemaName: string;
  /** The schema's `$id` (or file URL). */
  readonly schemaId: string;
  readonly errors: readonly DocumentError[];
  constructor(schemaName: string, schemaId: string, errors: readonly DocumentError[]) {
    const first = errors[0];
    const detail = first ? `${first.instancePath || "/"} ${first.keyword}: ${first.message}` : "rejected";
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
    super(`document does not match schema "${schemaName}": ${detail}${more}`, ExitCode.findings);
    this.schemaName = schemaName;
    this.schemaId = schemaId;
    this.errors = errors;
  }
}

export interface WriteGuardOptions {
  /** Folder of write schemas; default `<cwd>/schemas`. */
  readonly schemasDir?: string;
  /** Default process.cwd(). */
  readonly cwd?: string;
}

export interface WriteGuard {
  /** Every name `validate` and `assert` accept: `$id`s, file names, and table names from `x-driftgate`. */
  readonly names: readonly string[];
  validate(name: string, document: unknown): ValidationResult;
  /** Returns normally when valid; otherwise throws DocumentInvalidError. */
  assert(name: string, document: unknown): void;
}

/**
 * Loads every schema in the folder and compiles each once, up front, so a broken schema fails at startup
 * rather than on the first write. A schema can be named by `$id`, by file name ("application" or
 * "application.schema.json"), or by the table its `x-driftgate` annotation names ("public.applications").
 */
export async function createWriteGuard(options: WriteGuardOptions = {}): Promise<WriteGuard> {
  const cwd = options.cwd ?? process.cwd();
  const dir = schemasDirOf({ cwd, schemasDir: options.schemasDir });
  const catalog = await loadSchemaCatalog(dir);
  if (catalog.entries.length === 0 && catalog.problems.length === 0) {
    throw new InputError(`no schemas found in ${dir ? path.relative(cwd, dir) || dir : "(none)"}`);
  }
  if (catalog.problems.length > 0) throw new InputError(catalog.problems[0]!.message);
  const byName = new Map<string, { entry: SchemaEntry; validator: DocumentValidator }>();
  const ambiguous = new Set<string>();
  for (const entry of catalog.entries) {
    const compiled = { entry, validator: compileCatalogEntry(catalog, entry) };
    const names = new Set([entry.id, entry.name]);
    if (entry.file) names.add(path.basename(entry.file));
    if (entry.target) names.add(entry.target.table);
    for (const name of names) {
      if (byName.has(name) && byName.get(name)!.entry !== entry) ambiguous.add(name);
      else byName.set(name, compiled);
    }
  }
  const lookup = (name: string) => {
    if (ambiguous.has(name)) throw new InputError(`schema name "${name}" is ambiguous; use its $id`);
    const found = byName.get(name);
    if (!found) throw new InputError(`unknown schema "${name}" (known: ${[...byName.keys()].filter((n) => !ambiguous.has(n)).sort().join(", ")})`);
    return found;
  };
  const validate = (name: string, document: unknown): ValidationResult => {
    const errors = lookup(name).validator.check(document);
    return errors === null ? { valid: true, errors: [] } : { valid: false, errors };
  };
  return {
    names: [...byName.keys()].filter((n) => !ambiguous.has(n)).sort(),
    validate,
    assert(name, document) {
      const { entry, validator } = lookup(name);
      const errors = validator.check(document);
      if (errors !== null) throw new DocumentInvalidError(name, entry.id, errors);
    },
  };
}
