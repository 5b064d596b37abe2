import { resolve } from "node:path";
import { Command, Option } from "commander";
import { ExitCode } from "../../errors.js";
import { resolveSnapshot } from "../../sources/resolve-snapshot.js";
import { writeSnapshot, writeSnapshotFile } from "../../sources/snapshot-file.js";
import type { CommandContext } from "../command-context.js";
import { listOption } from "../list-options.js";
import { hiddenAlias } from "../option-aliases.js";
import { pathOption, positiveInteger } from "../parse-options.js";
import { deadlineOptions, type DeadlineFlags } from "../connection-options.js";
import { migrationOptions, migrationSettings, type MigrationFlags } from "../migration-flags.js";

export function snapshotCommand(context: CommandContext): Command {
  // PostgreSQL schemas: "schema" alone never means a JSON Schema (those are --json-schema and --write-schemas).
  const includeSchema = listOption("--include-schema <name>", "only this PostgreSQL schema (default: all but system schemas); repeat or comma-separate");
  const command = new Command("snapshot");
  for (const option of migrationOptions()) command.addOption(option);
  return command
    .description("Capture a metadata store as a canonical, secret-free JSON snapshot (read-only).")
    .argument("<store>", "postgres:// URL, environment name, snapshot .json, .sql file or folder of .sql migrations")
    .addOption(pathOption("-o, --output <file>", "write the snapshot here (atomically) instead of stdout", "output"))
    .addOption(includeSchema)
    .addOption(hiddenAlias(listOption("--schema <name>", "old name of --include-schema"), includeSchema))
    .addOption(listOption("--exclude-schema <name>", "leave this schema out; repeat or comma-separate"))
    .addOption(new Option("--connect-timeout <ms>", "give up connecting after this long").argParser(positiveInteger).default(10_000))
    .addOption(new Option("--statement-timeout <ms>", "server-side limit for the catalog read").argParser(positiveInteger).default(60_000))
    .addOption(deadlineOptions()[0]!)
    .addOption(deadlineOptions()[1]!)
    .addHelpText(
      "after",
      "\nExit codes: 0 written, 2 bad input (unknown environment, unreadable or invalid file, bad URL), 3 store unreachable or snapshot failed.",
    )
    .action(async (store: string, opts: { output?: string; includeSchema?: string[]; excludeSchema?: string[]; connectTimeout: number; statementTimeout: number } & DeadlineFlags & MigrationFlags) => {
      const snapshot = await resolveSnapshot(store, {
        cwd: context.io.cwd,
        env: context.io.env,
        includeSchemas: opts.includeSchema,
        excludeSchemas: opts.excludeSchema,
        connectTimeoutMs: opts.connectTimeout,
        statementTimeoutMs: opts.statementTimeout,
        lockTimeoutMs: opts.lockTimeout,
        ...migrationSettings(opts, context.io),
      });
      if (opts.output) {
        await writeSnapshotFile(resolve(context.io.cwd, opts.output), snapshot);
        const c = snapshot.content;
        context.io.stderr(
          `snapshot of ${snapshot.origin.label} written to ${opts.output}: ${c.tables.length} tables, ${c.views.length} views, ${c.routines.length} routines, ${c.unmodelled.length} unmodelled objects (${snapshot.fingerprint.slice(0, 19)})\n`,
        );
      } else {
        writeSnapshot(snapshot, context.io.stdout);
      }
      context.setExit(ExitCode.ok);
    });
}
