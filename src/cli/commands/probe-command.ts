import { Command, Option } from "commander";
import { ExitCode, InputError } from "../../errors.js";
import { openProbeStore } from "../../probe/open-probe-store.js";
import { locationText, probeErrorText, type ProbeDocument, type ProbeResult } from "../../model/probe-result.js";
import { readDocuments } from "../../probe/read-documents.js";
import { resolveDocumentSources } from "../../schemas/validate-sources.js";
import { redactSecrets } from "../../model/redact.js";
import { probeDocuments } from "../../dialects/postgresql/probe/probe-documents.js";
import { displayTable, parseTableName } from "../../dialects/postgresql/probe/table-target.js";
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
      const table = parseTableName(opts.table);
      const sources = await resolveDocumentSources(docs, io.cwd);
      // The first document is read before the store is opened: an empty or broken input fails fast, without a connection.
      const documents = await startedDocuments(readDocuments(sources, io.stdin));
      const store = await openProbeStore(storeRef, {
        cwd: io.cwd,
        env: io.env,
        force: opts.force,
        connectTimeoutMs: opts.connectTimeout,
        statementTimeoutMs: opts.statementTimeout,
        ...migrationSettings(opts, io),
      });
      let results: ProbeResult[];
      try {
        results = await probeDocuments(store.session, {
          table,
          column: opts.column ?? null,
          role: opts.asRole ?? null,
          documents,
          statementTimeoutMs: opts.statementTimeout,
          lockTimeoutMs: opts.lockTimeout,
        });
      } finally {
        await store.session.close();
      }
      const storeLabel = store.environment ? `${store.environment.name} (${store.label})` : store.label;
      const rejected = results.filter((r) => r.outcome === "rejected").length;
      const summary = { documents: results.length, accepted: results.length - rejected, rejected };
      if (opts.format === "json") {
        const report = { store: storeLabel, table: displayTable(table), role: opts.asRole ?? null, committed: false, results, summary };
        io.stdout(redactSecrets(`${JSON.stringify(report, null, 2)}\n`));
      } else {
        io.stdout(redactSecrets(formatText(results)));
        const role = opts.asRole ? ` as role ${opts.asRole}` : "";
        io.stdout(
          redactSecrets(
            `probe of ${displayTable(table)} in ${storeLabel}${role}: ${summary.documents} document${summary.documents === 1 ? "" : "s"}, ` +
              `${summary.accepted} accepted, ${summary.rejected} rejected; nothing committed (rolled back)\n`,
          ),
        );
      }
      context.setExit(rejected > 0 ? ExitCode.findings : ExitCode.ok);
    });
}

function formatText(results: readonly ProbeResult[]): string {
  let out = "";
  for (const result of results) {
    if (result.outcome !== "rejected") continue;
    out += `${locationText(result)} rejected: ${probeErrorText(result.error)}\n`;
    if (result.error.detail) out += `  detail: ${result.error.detail}\n`;
    if (result.error.hint) out += `  hint: ${result.error.hint}\n`;
  }
  return out;
}

/** A probe of no documents proves nothing; a gate fed an empty file by mistake must not pass. */
async function startedDocuments(documents: AsyncGenerator<ProbeDocument>): Promise<AsyncIterable<ProbeDocument>> {
  const first = await documents.next();
  if (first.done) throw new InputError("no documents to probe: the inputs hold no JSON document");
  return (async function* () {
    yield first.value;
    yield* documents;
  })();
}
