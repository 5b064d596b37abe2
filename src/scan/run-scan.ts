import path from "node:path";
import { InputError } from "../errors.js";
import { dialectNamed, dialectOperation } from "../dialects/index.js";
import type { Dialect } from "../diff/dialect.js";
import type { DialectScan } from "../diff/dialect-operations.js";
import type { SnapshotEnvelope } from "../model/snapshot-envelope.js";
import { formatDocumentError } from "../schemas/document-error.js";
import { compileCatalogEntry, schemasDirOf } from "../schemas/document-validator.js";
import { findSchema, loadSchemaCatalog } from "../schemas/schema-catalog.js";
import type { MigrationReadOptions } from "../model/store-driver.js";
import { parseTableName } from "../model/table-name.js";
import { redactSecrets } from "../model/redact.js";
import { resolveStoreHandle } from "../stores/store-handle.js";
import type { InvalidRow, ScanProgress, ScanSummary } from "../schemas/scan-result.js";

export interface ScanRequest extends MigrationReadOptions {
  /** Any store with rows: a URL, an environment, SQL migrations (a snapshot file has none). */
  readonly store: string;
  /** A schema file, or the $id or file name of a schema in the schema folder. */
  readonly schema: string;
  /** Default: the schema's x-driftgate table. */
  readonly table?: string;
  /** Default: the schema's x-driftgate column, unless a table is given. */
  readonly column?: string;
  readonly limitErrors?: number;
  readonly format: "text" | "json";
  /** Folder of schemas for names and $refs; default <cwd>/schemas. */
  readonly schemasDir?: string;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly connectTimeoutMs?: number;
  readonly statementTimeoutMs?: number;
  readonly lockTimeoutMs?: number;
  /** Receives the output as it is produced (rows stream, the summary comes last), already redacted. */
  readonly write: (text: string) => void;
  /** Told how far the scan is (throttling is the receiver's), and when it is over, before the summary is written. */
  readonly progress?: { readonly update: (progress: ScanProgress, table: string) => void; readonly done: () => void };
}

/**
 * `driftgate scan`: finds the schema and the table, resolves the store once into a handle, streams the
 * table's rows through the validator and writes each invalid row as it is found, then the summary. A
 * server is streamed with COPY on a connection of scan's own; an embedded store through a cursor.
 */
export async function runScan(request: ScanRequest): Promise<ScanSummary> {
  const { cwd, write } = request;
  const catalog = await loadSchemaCatalog(schemasDirOf({ cwd, schemasDir: request.schemasDir }));
  const entry = await findSchema(catalog, request.schema, cwd);
  const tableText = request.table ?? entry.target?.table;
  if (!tableText) throw new InputError(`no table to scan: give --table, or name one in the schema's "x-driftgate": {"table": "schema.table"}`);
  const table = parseTableName(tableText);
  const column = request.column ?? (request.table === undefined ? entry.target?.column : null) ?? null;
  const validator = compileCatalogEntry(catalog, entry);
  const schemaLabel = entry.file ? path.relative(cwd, entry.file) || entry.file : entry.id;

  const handle = await resolveStoreHandle(request.store, request);
  const source = await handle.scanSource();
  // The store's dialect reads its rows and names them; the output around them is the engine's.
  let dialect: Dialect<SnapshotEnvelope, unknown>;
  let scan: DialectScan;
  try {
    dialect = dialectNamed(source.dialect);
    scan = dialectOperation(source.dialect, "scan", "scan");
  } catch (error) {
    await source.close();
    await handle.close();
    throw error;
  }
  const displayTable = dialect.displayTable;
  const json = request.format === "json";
  const storeLabel = handle.name;
  let first = true;
  const onInvalid = (row: InvalidRow) => {
    if (json) {
      write(redactSecrets(`${first ? "" : ",\n"}    ${JSON.stringify(row)}`));
      first = false;
      return;
    }
    const where = `${displayTable(table)} ${scan.rowKeyText(row.key)}`;
    write(redactSecrets(row.errors.map((error) => `${where}: ${formatDocumentError(error)}\n`).join("")));
  };
  if (json) {
    write(
      redactSecrets(
        `{\n  "store": ${JSON.stringify(storeLabel)},\n  "table": ${JSON.stringify(displayTable(table))},\n  "column": ${JSON.stringify(column)},\n` +
          `  "schema": ${JSON.stringify({ id: entry.id, file: schemaLabel, draft: entry.draft })},\n  "invalidRows": [\n`,
      ),
    );
  }
  let summary: ScanSummary;
  try {
    summary = await scan.scanTable(source.store, {
      table,
      connectTimeoutMs: request.connectTimeoutMs,
      column,
      validator,
      limitErrors: request.limitErrors,
      statementTimeoutMs: request.statementTimeoutMs,
      lockTimeoutMs: request.lockTimeoutMs,
      env: request.env,
      onInvalid,
      onProgress: request.progress ? (progress) => request.progress!.update(progress, displayTable(table)) : undefined,
    });
  } finally {
    request.progress?.done();
    await source.close();
    await handle.close();
  }
  const unlisted = summary.invalid - summary.listed;
  if (json) {
    const { table: _t, column: _c, ...counts } = summary;
    write(`${first ? "" : "\n"}  ],\n  "summary": ${JSON.stringify({ ...counts, unlisted })}\n}\n`);
  } else {
    if (unlisted > 0) write(`(${unlisted} more invalid row${unlisted === 1 ? "" : "s"} not listed: --limit-errors ${request.limitErrors})\n`);
    const keyed = summary.keyKind === "primary-key" ? `primary key ${summary.keyColumns.map(dialect.displayIdentifier).join(", ")}` : summary.keyKind;
    write(
      redactSecrets(
        `${summary.table}${summary.column ? ` column ${summary.column}` : ""} in ${storeLabel}: ${summary.rows} row${summary.rows === 1 ? "" : "s"}, ` +
          `${summary.valid} valid, ${summary.invalid} invalid against ${schemaLabel} (rows named by ${keyed})\n`,
      ),
    );
  }
  return summary;
}
