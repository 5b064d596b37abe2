import { appendFile } from "node:fs/promises";
import { resolve } from "node:path";
import { InvalidArgumentError, Option } from "commander";
import { runCheck } from "../check/run-check.js";
import type { SeverityOverride } from "../diff/judge.js";
import { DriftgateError, ExitCode, InputError } from "../errors.js";
import { exitCodeFor } from "../gate/exit-code-for.js";
import type { FailOn } from "../model/check-report.js";
import { renderReport } from "../report/render-report.js";
import { REPORT_FORMATS, type ReportFormat } from "../report/reporters.js";
import { thresholdNote, verdict } from "../report/report-text.js";
import { writeFileAtomic } from "../sources/write-file-atomic.js";
import type { CommandContext } from "./command-context.js";
import { deadlineOptions } from "./connection-options.js";
import { listOption } from "./list-options.js";
import { migrationOptions, migrationSettings, type MigrationFlags } from "./migration-flags.js";
import { pathOption, positiveInteger } from "./parse-options.js";
import { useColor } from "./use-color.js";
import { writeSchemasOptions } from "./write-schemas-flag.js";

/** Flags shared by `check` and `diff`, as commander hands them over. */
export interface CompareFlags extends MigrationFlags {
  readonly format: ReportFormat;
  readonly failOn?: FailOn;
  readonly waivers?: string;
  readonly environments?: string;
  readonly writeSchemas?: string;
  readonly output?: string;
  readonly summary?: string;
  readonly quiet?: boolean;
  readonly verbose?: boolean;
  readonly color?: boolean;
  readonly ignoreRole?: string[];
  readonly ignoreSchema?: string[];
  /** rule=level items, checked by the parser; folded into a map by severityOverrides(). */
  readonly severity?: string[];
  readonly connectTimeout: number;
  readonly statementTimeout: number;
  readonly lockTimeout: number;
  /** check only: documents to try as rolled-back writes in both stores. */
  readonly probe?: string[];
  readonly table?: string;
  readonly column?: string;
  readonly asRole?: string;
  readonly force?: boolean;
}

export function compareOptions(): Option[] {
  return [
    new Option("--format <format>", "report format").choices(REPORT_FORMATS).default("text"),
    // An explicit waivers file that is missing is refused by loadWaivers, before any store is read.
    new Option("--waivers <file>", "waivers for expected differences (default: environments/waivers.json when present)"),
    pathOption("--environments <dir>", "folder of environment files", "folder", "environments"),
    ...writeSchemasOptions("folder of JSON Schemas; those naming their table (x-driftgate) are fitted to both stores", "--schemas"),
    pathOption("-o, --output <file>", "write the report to this file (atomically) instead of stdout", "output"),
    new Option("-q, --quiet", "print only the verdict line (the report still goes to -o and --summary)").conflicts("verbose"),
    new Option("-v, --verbose", "spell out every finding in full, info included, and say what is being read"),
    new Option("--color", "colour the text report even off a terminal (default: on a terminal, unless NO_COLOR or TERM=dumb)"),
    new Option("--no-color", "never colour the text report"),
    new Option("--summary <file>", "also append the report as Markdown to this file, e.g. \"$GITHUB_STEP_SUMMARY\""),
    listOption("--ignore-role <role>", "leave this role out (grants, memberships, settings), e.g. an operator role that differs per environment; repeat or comma-separate"),
    listOption("--ignore-schema <schema>", "leave this schema out; repeat or comma-separate"),
    listOption("--severity <rule=level>", "override a rule's severity (breaking, risky, info or off), any id `driftgate rules` lists; repeat or comma-separate", { item: checkSeverity }),
    new Option("--connect-timeout <ms>", "give up connecting to a server after this long").argParser(positiveInteger).default(10_000),
    new Option("--statement-timeout <ms>", "server-side limit for each catalog read").argParser(positiveInteger).default(60_000),
    ...deadlineOptions(),
    ...migrationOptions(),
  ];
}

const SEVERITY_ITEM = /^([a-z0-9-]+)=(breaking|risky|info|off)$/;

function checkSeverity(value: string): string {
  if (!SEVERITY_ITEM.test(value)) throw new InvalidArgumentError(`"${value}" is not rule=level (level: breaking, risky, info or off)`);
  return value;
}

/** The --severity items as a map; a later item for the same rule wins, as a repeated flag would. */
function severityOverrides(items: readonly string[] | undefined): Record<string, SeverityOverride> | undefined {
  if (!items) return undefined;
  const overrides: Record<string, SeverityOverride> = {};
  for (const item of items) {
    const [, rule, level] = SEVERITY_ITEM.exec(item)!;
    overrides[rule!] = level as SeverityOverride;
  }
  return overrides;
}

/**
 * The body of `check` and `diff`: turn the flags into a request, let runCheck decide the report, print
 * it with the chosen reporter (stdout, -o atomically, --summary appended, --quiet only the verdict), and
 * set the exit code from the finished report.
 */
export async function compareStores(
  command: "check" | "diff",
  refs: { source?: string; target?: string },
  flags: CompareFlags,
  context: CommandContext,
): Promise<void> {
  const { io } = context;
  // Stray probe flags are refused once the pair is known to be whole; a half pair is refused by runCheck first.
  const whole = (refs.source === undefined) === (refs.target === undefined);
  if (whole && !flags.probe && (flags.table || flags.column || flags.asRole)) throw new InputError("--table, --column and --as-role go with --probe");
  const migrations = migrationSettings(flags, io);
  const report = await runCheck({
    command,
    cwd: io.cwd,
    env: io.env,
    source: refs.source,
    target: refs.target,
    environmentsDir: flags.environments,
    schemasDir: flags.writeSchemas,
    waiversFile: flags.waivers,
    failOn: flags.failOn,
    severity: severityOverrides(flags.severity),
    ignoreRoles: flags.ignoreRole,
    ignoreSchemas: flags.ignoreSchema,
    probe: flags.probe
      ? { docs: flags.probe, table: flags.table ?? "", column: flags.column ?? null, role: flags.asRole ?? null, force: flags.force, stdin: io.stdin }
      : undefined,
    timeouts: { connectMs: flags.connectTimeout, statementMs: flags.statementTimeout, lockMs: flags.lockTimeout },
    migrationsLayout: migrations.migrationsLayout,
    cache: migrations.cache,
    onProgress: (message, kind) => {
      if (kind === "reading" && !(io.isTTY || flags.verbose)) return;
      if (kind === "boot" && !flags.verbose) return;
      io.stderr(`driftgate: ${message}\n`);
    },
  });
  const color = flags.output === undefined && useColor(io, flags.color);
  const line = `${verdict(report)}${thresholdNote(report)}`;
  if (flags.output !== undefined) {
    await writeFileAtomic(resolve(io.cwd, flags.output), renderReport(report, flags.format, { color: false, verbose: flags.verbose }));
    // The log still shows the outcome: CI readers look there first, the file is for later.
    if (!flags.quiet) io.stderr(`driftgate: ${flags.format} report written to ${flags.output}\n`);
    io.stderr(`driftgate: ${line}\n`);
  } else if (flags.quiet) {
    io.stdout(`${line}\n`);
  } else {
    io.stdout(renderReport(report, flags.format, { color, verbose: flags.verbose }));
  }
  // Appended, not replaced: a job summary collects every step's output, and one run gives both views.
  if (flags.summary !== undefined) {
    await appendFile(resolve(io.cwd, flags.summary), renderReport(report, "markdown")).catch((error: NodeJS.ErrnoException) => {
      throw new DriftgateError(`cannot write the summary to ${flags.summary}: ${error.code ?? error.message}`, ExitCode.storeFailure);
    });
  }
  context.setExit(exitCodeFor(report));
}
