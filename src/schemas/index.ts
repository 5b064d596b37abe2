/**
 * Write schemas: validate documents, guard writes, compare schema versions (compat) and fit a schema to a
 * table. The library surface the package entry re-exports.
 */
export { createWriteGuard, DocumentInvalidError, type ValidationResult, type WriteGuard, type WriteGuardOptions } from "./write-guard.js";
export { formatDocumentError, type DocumentError } from "./document-error.js";
export {
  createDocumentValidator,
  validateDocumentStream,
  type DocumentValidator,
  type InvalidDocument,
  type StreamSummary,
  type ValidatorOptions,
} from "./document-validator.js";
export { compareSchemas, type CompatReport, type ValueSets } from "./compare-schemas.js";
export type { SubsetReason } from "./schema-subset.js";
export { parseTableName, type TableName } from "../model/table-name.js";
export { listWriteSchemas, type WriteSchema } from "./write-schemas.js";
export {
  findSchema,
  loadSchemaCatalog,
  loadSchemaFile,
  schemaEntryOf,
  type SchemaCatalog,
  type SchemaEntry,
  type WriteTarget,
} from "./schema-catalog.js";
export type { SchemaDraft } from "./schema-draft.js";
