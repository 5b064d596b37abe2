import { InputError } from "../errors.js";
import { loadSchemaCatalog, type SchemaCatalog, type SchemaEntry, type WriteTarget } from "./schema-catalog.js";

export interface WriteSchema {
  readonly entry: SchemaEntry;
  readonly target: WriteTarget;
}

/**
 * The schemas in a folder that name the table they write (`"x-driftgate": {"table": ...}`), with the
 * catalog their `$ref`s resolve against. A schema file that cannot be read is an error here, not a skip:
 * a gate that silently drops a write schema would pass what it never checked.
 */
export async function listWriteSchemas(dir: string): Promise<{ schemas: WriteSchema[]; catalog: SchemaCatalog }> {
  const catalog = await loadSchemaCatalog(dir);
  const broken = catalog.problems[0];
  if (broken) throw new InputError(broken.message);
  const schemas = catalog.entries.filter((e) => e.target !== null).map((entry) => ({ entry, target: entry.target! }));
  return { schemas, catalog };
}
