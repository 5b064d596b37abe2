import { Command, Option } from "commander";
import path from "node:path";
import { ExitCode, InputError } from "../../errors.js";
import { quoteIdent } from "../../dialects/postgresql/model/identifiers.js";
import { rowKeyText, type InvalidRow, type ScanProgress } from "../../dialects/postgresql/scan/scan-result.js";
import { formatDocumentError } from "../../schemas/document-error.js";
import { compileCatalogEntry, schemasDirOf } from "../../schemas/document-validator.js";
import { findSchema, loadSchemaCatalog } from "../../schemas/schema-catalog.js";
import { loadEnvironment, looksLikeUrl } from "../../sources/environments.js";
import { openStore, type OpenStoreOptions } from "../../sources/open-store.js";
import { redactSecrets } from "../../model/redact.js";
import { classifyStoreReference } from "../../sources/store-reference.js";
import { DEFAULT_SCAN_STATEMENT_TIMEOUT_MS, scanTable } from "../../dialects/postgresql/scan/scan-table.js";
import type { SqlSession } from "../../dialects/postgresql/session/sql-session.js";
import { displayTable, parseTableName } from "../../dialects/postgresql/probe/table-target.js";
import type { CommandContext } from "../command-context.js";
import { pathOption, positiveInteger, wholeNumber } from "../parse-options.js";
import { deadlineOptions, type DeadlineFlags } from "../connection-options.js";
import { migrationOptions, migrationSettings, type MigrationFlags } from "../migration-flags.js";

interface ScanCommandOptions extends DeadlineFlags, MigrationFlags {
  readonly table?: string;
  readonly schema: string;
  readonly column?: string;
  readonly limitErrors?: number;
  readonly format: "text" | "json";
  readonly schemasDir?: string;
  readonly connectTimeout: number;
  readonly statementTimeout: number;
}

const PROGRESS_EVERY_MS = 250;

export function scanCommand(context: CommandContext): Command {
  const command = new Command("scan");
  for (const option of migrationOptions()) command.addOption(option);
  return command
    .description("Validate every stored row of a table against a JSON Schema (read-only, streamed), before the schema is tightened.")
    .argument("<store>", "postgres:// URL, environment name, .sql file or folder of .sql migrations")
    .requiredOption("--schema <schema>", "schema file, or the $id or file name of a schema in the schema folder")
    .option("--table <schema.table>", 'table to read, e.g. public.applications or \'public."Weird; Table"\' (default: the schema\'s x-driftgate table)')
    .option("--column <column>", "validate this json/jsonb column instead of the whole row (default: the schema's x-driftgate column)")
    .addOption(new Option("--limit-errors <n>", "list at most this many invalid rows (all are still counted; 0 lists none)").argParser(wholeNumber))
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .addOption(pathOption("--schemas-dir <dir>", "folder of schemas for names and $refs", "folder", "schemas"))
    .addOption(new Option("--connect-timeout <ms>", "give up connecting after this long").argParser(positiveInteger).default(10_000))
    .addOption(
      new Option("--statement-timeout <ms>", "server-side limit on the read (a server streams the table in one COPY statement)")
        .argParser(positiveInteger)
        .default(DEFAULT_SCAN_STATEMENT_TIMEOUT_MS),
    )
    .addOption(deadlineOptions("how long the read may wait for a lock another session holds on the table, then fail (exit 3) naming it")[0]!)
    .addOption(deadlineOptions()[1]!)
    .addHelpText(
      "after",
      "\nThe whole row is the document as PostgreSQL's row_to_json renders it (column names as properties, json/jsonb\n" +
        "columns nested, timestamps as ISO strings); with --column, that column's JSON is the document (SQL NULL is JSON null).\n" +
        "Invalid rows are named by primary key (ctid when the table has none).\n" +
        "\nExit codes: 0 every row valid, 1 some row invalid, 2 bad input (unknown table, column or schema), 3 store unreachable or the scan failed.",
    )
    .action(async (storeRef: string, opts: ScanCommandOptions) => {
      const { io } = context;
      const catalog = await loadSchemaCatalog(schemasDirOf({ cwd: io.cwd, schemasDir: opts.schemasDir }));
      const entry = await findSchema(catalog, opts.schema, io.cwd);
      const tableText = opts.table ?? entry.target?.table;
      if (!tableText) throw new InputError(`no table to scan: give --table, or name one in the schema's "x-driftgate": {"table": "schema.table"}`);
      const table = parseTableName(tableText);
      const column = opts.column ?? (opts.table === undefined ? entry.target?.column : null) ?? null;
      const validator = compileCatalogEntry(catalog, entry);
      const schemaLabel = entry.file ? path.relative(io.cwd, entry.file) || entry.file : entry.id;

      const store = await openScanStore(storeRef, { cwd: io.cwd, env: io.env, connectTimeoutMs: opts.connectTimeout, statementTimeoutMs: opts.statementTimeout, ...migrationSettings(opts, io) });
      const json = opts.format === "json";
      const storeLabel = store.label;
      let first = true;
      const onInvalid = (row: InvalidRow) => {
        if (json) {
          io.stdout(redactSecrets(`${first ? "" : ",\n"}    ${JSON.stringify(row)}`));
          first = false;
          return;
        }
        const where = `${displayTable(table)} ${rowKeyText(row.key)}`;
        io.stdout(redactSecrets(row.errors.map((error) => `${where}: ${formatDocumentError(error)}\n`).join("")));
      };
      const progress = io.isTTY ? progressLine(io.stderr, displayTable(table)) : null;
      if (json) {
        io.stdout(
          redactSecrets(
            `{\n  "store": ${JSON.stringify(storeLabel)},\n  "table": ${JSON.stringify(displayTable(table))},\n  "column": ${JSON.stringify(column)},\n` +
              `  "schema": ${JSON.stringify({ id: entry.id, file: schemaLabel, draft: entry.draft })},\n  "invalidRows": [\n`,
          ),
        );
      }
      let summary;
      try {
        summary = await scanTable(store.store, {
          table,
          connectTimeoutMs: opts.connectTimeout,
          column,
          validator,
          limitErrors: opts.limitErrors,
          statementTimeoutMs: opts.statementTimeout,
          lockTimeoutMs: opts.lockTimeout,
          env: io.env,
          onInvalid,
          onProgress: progress?.update,
        });
      } finally {
        progress?.clear();
        await store.close();
      }
      const unlisted = summary.invalid - summary.listed;
      if (json) {
        const { table: _t, column: _c, ...counts } = summary;
        io.stdout(`${first ? "" : "\n"}  ],\n  "summary": ${JSON.stringify({ ...counts, unlisted })}\n}\n`);
      } else {
        if (unlisted > 0) io.stdout(`(${unlisted} more invalid row${unlisted === 1 ? "" : "s"} not listed: --limit-errors ${opts.limitErrors})\n`);
        const keyed = summary.keyKind === "primary-key" ? `primary key ${summary.keyColumns.map(quoteIdent).join(", ")}` : summary.keyKind;
        io.stdout(
          redactSecrets(
            `${summary.table}${summary.column ? ` column ${summary.column}` : ""} in ${storeLabel}: ${summary.rows} row${summary.rows === 1 ? "" : "s"}, ` +
              `${summary.valid} valid, ${summary.invalid} invalid against ${schemaLabel} (rows named by ${keyed})\n`,
          ),
        );
      }
      context.setExit(summary.invalid > 0 ? ExitCode.findings : ExitCode.ok);
    });
}

/** One self-overwriting stderr line, throttled so a fast scan is not slowed by the terminal. */
function progressLine(write: (text: string) => void, table: string) {
  let last = 0;
  let shown = false;
  return {
    update(p: ScanProgress) {
      const now = Date.now();
      if (now - last < PROGRESS_EVERY_MS) return;
      last = now;
      shown = true;
      const percent = p.estimatedRows > 0 ? ` (~${Math.min(99, Math.floor((100 * p.rows) / p.estimatedRows))}%)` : "";
      write(`\r\x1b[Kscanning ${table}: ${p.rows} rows${percent}, ${p.invalid} invalid`);
    },
    clear() {
      if (shown) write("\r\x1b[K");
    },
  };
}


/**
 * A server is scanned from its URL, so that scanTable opens its own connection and streams with COPY;
 * an SQL-migration store is opened here (PGlite) and read through a cursor.
 */
async function openScanStore(reference: string, options: OpenStoreOptions): Promise<{ store: SqlSession | string; label: string; close(): Promise<void> }> {
  const ref = await classifyStoreReference(reference, options);
  if (ref.kind === "url") return { store: ref.url, label: ref.label, close: async () => undefined };
  if (ref.kind === "environment") {
    const environment = await loadEnvironment(ref.name, options);
    if (looksLikeUrl(environment.store)) {
      const inner = await classifyStoreReference(environment.store, options); // a malformed URL is bad input, as everywhere
      if (inner.kind === "url") return { store: inner.url, label: `${environment.name} (${inner.label})`, close: async () => undefined };
    }
  }
  const opened = await openStore(reference, options);
  const label = opened.environment ? `${opened.environment.name} (${opened.label})` : opened.label;
  return { store: opened.session, label, close: () => opened.session.close() };
}
