import { Command, Option } from "commander";
import path from "node:path";
import { ExitCode, InputError } from "../../errors.js";
import { FAIL_ON_VALUES, type FailOn } from "../../model/check-report.js";
import type { Finding, Severity } from "../../model/finding.js";
import { blocks } from "../../gate/build-check-report.js";
import { compileSchema } from "../../schemas/ajv-factory.js";
import { schemasDirOf } from "../../schemas/document-validator.js";
import { dialectOperation } from "../../dialects/index.js";
import { findSchema, loadSchemaCatalog } from "../../schemas/schema-catalog.js";
import { redactSecrets } from "../../model/redact.js";
import { resolveSnapshot } from "../../sources/resolve-snapshot.js";
import type { CommandContext } from "../command-context.js";
import { deadlineOptions, type DeadlineFlags } from "../connection-options.js";
import { migrationOptions, migrationSettings, type MigrationFlags } from "../migration-flags.js";
import { pathOption, positiveInteger } from "../parse-options.js";
import { writeSchemasOptions } from "../write-schemas-flag.js";

interface FitFlags extends DeadlineFlags, MigrationFlags {
  readonly connectTimeout: number;
  readonly statementTimeout: number;
  readonly table?: string;
  readonly column?: string;
  readonly format: "text" | "json";
  readonly failOn: FailOn;
  readonly writeSchemas: string;
}

export function fitCommand(context: CommandContext): Command {
  const writeSchemas = writeSchemasOptions("folder of JSON Schemas, for names and $refs", "--schemas-dir");
  const command = new Command("fit");
  for (const option of migrationOptions()) command.addOption(option);
  return command
    .description("Could a document valid under SCHEMA be rejected by a table in STORE? Lists every way it can.")
    .argument("<schema>", "write schema: file, or $id or file name in the schema folder")
    .argument("<store>", "postgres:// URL, environment name, snapshot .json, .sql file or folder of migrations")
    .option("--table <schema.table>", "the table documents are written to (default: the schema's x-driftgate.table)")
    .option("--column <column>", "write the whole document into this json/jsonb column")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .addOption(new Option("--fail-on <level>", "lowest severity that makes exit 1").choices(FAIL_ON_VALUES).default("breaking"))
    .addOption(writeSchemas[0]!)
    .addOption(writeSchemas[1]!)
    .addOption(new Option("--connect-timeout <ms>", "give up connecting to a server after this long").argParser(positiveInteger).default(10_000))
    .addOption(new Option("--statement-timeout <ms>", "server-side limit for the catalog read").argParser(positiveInteger).default(60_000))
    .addOption(deadlineOptions()[0]!)
    .addOption(deadlineOptions()[1]!)
    .addHelpText(
      "after",
      "\nExit codes: 0 fits, 1 does not fit (a finding at or above --fail-on), 2 bad input (unknown table, schema or column), 3 store unreachable.",
    )
    .action(async (schemaRef: string, store: string, flags: FitFlags) => {
      const { io } = context;
      const catalog = await loadSchemaCatalog(schemasDirOf({ cwd: io.cwd, schemasDir: flags.writeSchemas }));
      const entry = await findSchema(catalog, schemaRef, io.cwd);
      // A schema validate would refuse is bad input here too, before any store is touched.
      compileSchema(catalog, entry);
      const table = flags.table ?? entry.target?.table;
      if (!table) throw new InputError(`no table: pass --table schema.table, or annotate the schema with "x-driftgate": {"table": "schema.table"}`);
      const column = flags.column ?? (flags.table === undefined ? entry.target?.column ?? null : null);
      const snapshot = await resolveSnapshot(store, {
        cwd: io.cwd,
        env: io.env,
        connectTimeoutMs: flags.connectTimeout,
        statementTimeoutMs: flags.statementTimeout,
        lockTimeoutMs: flags.lockTimeout,
        ...migrationSettings(flags, io),
      });
      // The store's dialect knows what its tables accept.
      const report = dialectOperation(snapshot.dialect, "fit", "fit").fitSchemaToTable(entry, snapshot, table, { column, catalog });
      // The gate decides what blocks, as for check: one rule for every command.
      const blocking = report.findings.filter((f) => blocks(f, flags.failOn));
      const schemaLabel = entry.file ? path.relative(io.cwd, entry.file) || entry.file : entry.id;
      if (flags.format === "json") {
        io.stdout(`${redactSecrets(JSON.stringify({ ...report, schemaFile: schemaLabel, failOn: flags.failOn, blocking: blocking.length }, null, 2))}\n`);
      } else {
        io.stdout(redactSecrets(renderText(report.findings, `${schemaLabel} -> ${report.table}${report.column ? `.${report.column}` : ""} in ${report.store}`, blocking.length, flags.failOn)));
      }
      context.setExit(blocking.length > 0 ? ExitCode.findings : ExitCode.ok);
    });
}

function renderText(findings: readonly Finding[], title: string, blocking: number, failOn: FailOn): string {
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const verdict = blocking > 0 ? "does not fit" : count("risky") > 0 ? "fits, but cannot prove everything" : "fits";
  const lines = [`${title}: ${verdict} (${count("breaking")} breaking, ${count("risky")} risky, ${count("info")} info)`];
  for (const f of findings) {
    lines.push(`${f.severity.padEnd(8)} ${f.rule}  ${f.message}`);
    lines.push(`         why: ${f.why}`);
    if (f.hint) lines.push(`         hint: ${f.hint}`);
  }
  if (blocking === 0 && count("risky") > 0 && failOn === "breaking") lines.push("risky findings do not block; use --fail-on risky to make them block");
  return `${lines.join("\n")}\n`;
}
