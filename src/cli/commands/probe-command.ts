import { Command, Option } from "commander";
import { ExitCode } from "../../errors.js";
import { probeRunJson, probeRunText, runProbe } from "../../probe/run-probe.js";
import { redactSecrets } from "../../sources/redact.js";
import type { CommandContext } from "../command-context.js";
import { positiveInteger } from "../parse-options.js";
import { DEFAULT_LOCK_TIMEOUT_MS, deadlineOptions, milliseconds } from "../connection-options.js";
import { migrationOptions, migrationSettings, type MigrationFlags } from "../migration-flags.js";

interface ProbeCommandOptions extends MigrationFlags {
  readonly table: string;
  readonly column?: string;
  readonly asRole?: string;
  readonly force?: boolean;
  readonly format: "text" | "json";
  readonly connectTimeout: number;
  readonly statementTimeout: number;
  readonly lockTimeout: number;
}

const SIDE_EFFECTS =
  "\nEverything is rolled back, but a rollback does not undo: sequence values taken by defaults (ids skip),\n" +
  "effects of triggers outside the database (dblink/FDW writes, files, HTTP calls, session advisory locks),\n" +
  "row and lock waits on live traffic while the probe runs (bounded by --lock-timeout), and dead tuples left for VACUUM.\n" +
  'An environment whose file says "probe": false is refused unless --force is given.\n' +
  "\nExit codes: 0 every document accepted, 1 some document rejected, 2 bad input (unknown table or role, a document\n" +
  'that is not JSON, "probe": false without --force), 3 store unreachable or the probe could not finish or could not\n' +
  "run (a lock held by live traffic, a deadlock, a lost connection: no verdict). The writes run with the writing role's\n" +
  "defaults (database, role and role-in-database settings, e.g. default_transaction_read_only), as the application's do.";

export function probeCommand(context: CommandContext): Command {
  const command = new Command("probe");
  for (const option of migrationOptions()) command.addOption(option);
  return command
    .description("Try each document as an INSERT inside a transaction that is always rolled back, and report PostgreSQL's verdict.")
    .argument("<store>", "postgres:// URL, environment name, .sql file or folder of .sql migrations")
    .argument("<docs...>", ".json files (one document each), .ndjson/.jsonl files (one per line), or - for NDJSON on stdin")
    .requiredOption("--table <schema.table>", 'table to write to, e.g. public.applications or \'public."Weird; Table"\'')
    .option("--column <column>", "write each whole document into this json/jsonb column instead of mapping properties to columns")
    .option("--as-role <role>", "SET ROLE to the role the application writes as (privileges, RLS policies)")
    .option("--force", 'probe even an environment marked "probe": false')
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .addOption(new Option("--connect-timeout <ms>", "give up connecting after this long").argParser(positiveInteger).default(10_000))
    .addOption(new Option("--statement-timeout <ms>", "server-side limit for each batch of trial writes").argParser(positiveInteger).default(60_000))
    .addOption(new Option("--lock-timeout <ms>", "how long a trial write may wait for a lock held by live traffic").argParser(milliseconds).default(DEFAULT_LOCK_TIMEOUT_MS))
    .addOption(deadlineOptions()[1]!)
    .addHelpText("after", SIDE_EFFECTS)
    .action(async (storeRef: string, docs: string[], opts: ProbeCommandOptions) => {
      const { io } = context;
      const run = await runProbe({
        store: storeRef,
        docs,
        table: opts.table,
        column: opts.column ?? null,
        role: opts.asRole ?? null,
        force: opts.force,
        cwd: io.cwd,
        env: io.env,
        stdin: io.stdin,
        connectTimeoutMs: opts.connectTimeout,
        statementTimeoutMs: opts.statementTimeout,
        lockTimeoutMs: opts.lockTimeout,
        ...migrationSettings(opts, io),
      });
      io.stdout(redactSecrets(opts.format === "json" ? probeRunJson(run) : probeRunText(run)));
      context.setExit(run.summary.rejected > 0 ? ExitCode.findings : ExitCode.ok);
    });
}
