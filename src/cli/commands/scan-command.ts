import { Command, Option } from "commander";
import { ExitCode, InputError } from "../../errors.js";
import { hiddenAlias } from "../option-aliases.js";
import { runScan } from "../../scan/run-scan.js";
import { DEFAULT_SCAN_STATEMENT_TIMEOUT_MS, type ScanProgress } from "../../schemas/scan-result.js";
import type { CommandContext } from "../command-context.js";
import { pathOption, positiveInteger, wholeNumber } from "../parse-options.js";
import { deadlineOptions, type DeadlineFlags } from "../connection-options.js";
import { migrationOptions, migrationSettings, type MigrationFlags } from "../migration-flags.js";
import { writeSchemasOptions } from "../write-schemas-flag.js";

interface ScanCommandOptions extends DeadlineFlags, MigrationFlags {
  readonly table?: string;
  readonly jsonSchema?: string;
  readonly column?: string;
  readonly limitErrors?: number;
  readonly format: "text" | "json";
  readonly writeSchemas?: string;
  readonly connectTimeout: number;
  readonly statementTimeout: number;
}

const PROGRESS_EVERY_MS = 250;

export function scanCommand(context: CommandContext): Command {
  const writeSchemas = writeSchemasOptions("folder of JSON Schemas, for names and $refs", "--schemas-dir");
  const jsonSchema = new Option("--json-schema <schema>", "JSON Schema file, or the $id or file name of a schema in the --write-schemas folder");
  const command = new Command("scan");
  for (const option of migrationOptions()) command.addOption(option);
  return command
    .description("Validate every stored row of a table against a JSON Schema (read-only, streamed), before the schema is tightened.")
    .argument("<store>", "postgres:// URL, environment name, .sql file or folder of .sql migrations")
    .addOption(jsonSchema)
    .addOption(hiddenAlias(new Option("--schema <schema>", "old name of --json-schema"), jsonSchema))
    .option("--table <schema.table>", 'table to read, e.g. public.applications or \'public."Weird; Table"\' (default: the schema\'s x-driftgate table)')
    .option("--column <column>", "validate this json/jsonb column instead of the whole row (default: the schema's x-driftgate column)")
    .addOption(new Option("--limit-errors <n>", "list at most this many invalid rows (all are still counted; 0 lists none)").argParser(wholeNumber))
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .addOption(writeSchemas[0]!)
    .addOption(writeSchemas[1]!)
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
      // Not a commander requiredOption: the old --schema may stand in for it, folded in after parsing.
      if (opts.jsonSchema === undefined) throw new InputError("required option '--json-schema <schema>' not specified");
      let line: ReturnType<typeof progressLine> | null = null;
      const progress = { update: (p: ScanProgress, table: string) => (line ??= progressLine(io.stderr, table)).update(p), done: () => line?.clear() };
      const summary = await runScan({
        store: storeRef,
        schema: opts.jsonSchema,
        table: opts.table,
        column: opts.column,
        limitErrors: opts.limitErrors,
        format: opts.format,
        schemasDir: opts.writeSchemas,
        cwd: io.cwd,
        env: io.env,
        connectTimeoutMs: opts.connectTimeout,
        statementTimeoutMs: opts.statementTimeout,
        lockTimeoutMs: opts.lockTimeout,
        ...migrationSettings(opts, io),
        write: io.stdout,
        progress: io.isTTY ? progress : undefined,
      });
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

