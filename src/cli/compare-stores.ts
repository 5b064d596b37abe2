import { appendFile } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import { InvalidArgumentError, Option } from "commander";
import { type SeverityOverride } from "../diff/judge.js";
import { judge } from "../dialects/index.js";
import { RULE_IDS } from "../dialects/rule-catalogue.js";
import { RULES } from "../dialects/postgresql/rules/index.js";
import { DriftgateError, ExitCode, InputError } from "../errors.js";
import { buildCheckReport, type JudgedPair } from "../gate/build-check-report.js";
import { compareAppConfig } from "../gate/compare-app-config.js";
import { exitCodeFor } from "../gate/exit-code-for.js";
import { compareText } from "../model/canonical-json.js";
import type { CheckReport, FailOn, ReportSide } from "../model/check-report.js";
import type { Environment } from "../model/environment.js";
import type { Finding } from "../model/finding.js";
import type { Snapshot } from "../dialects/postgresql/model/snapshot.js";
import { REPORT_FORMATS, REPORTERS, type ReportFormat } from "../report/reporters.js";
import { thresholdNote, verdict } from "../report/report-text.js";
import { loadAppConfigs } from "../sources/app-config.js";
import { listEnvironments, loadEnvironment, looksLikeUrl } from "../sources/environments.js";
import { redactSecrets, redactUrl } from "../model/redact.js";
import { resolveSnapshot, type ResolveOptions } from "../sources/resolve-snapshot.js";
import { classifyStoreReference } from "../sources/store-reference.js";
import { loadWaivers } from "../sources/waivers.js";
import { writeFileAtomic } from "../files/write-file-atomic.js";
import { listWriteSchemas } from "../schemas/write-schemas.js";
import { writeSchemaFindings } from "../gate/write-schema-findings.js";
import { runCheckProbe } from "../probe/check-probe.js";
import type { SqlSession } from "../dialects/postgresql/session/sql-session.js";
import type { CommandContext } from "./command-context.js";
import { deadlineOptions } from "./connection-options.js";
import { listOption } from "./list-options.js";
import { migrationOptions, migrationSettings, type MigrationFlags } from "./migration-flags.js";
import { pathOption, positiveInteger } from "./parse-options.js";
import { useColor } from "./use-color.js";
import { withMigrationLocations, type MigrationIndex } from "../dialects/postgresql/migrations/migration-locations.js";

/** Flags shared by `check` and `diff`, as commander hands them over. */
export interface CompareFlags extends MigrationFlags {
  readonly format: ReportFormat;
  readonly failOn?: FailOn;
  readonly waivers?: string;
  readonly environments?: string;
  readonly schemas?: string;
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
    pathOption("--schemas <dir>", "folder of JSON Schemas; those naming their table (x-driftgate) are fitted to both stores", "folder", "schemas"),
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

/** One side of a comparison: how the user named the store, and its environment when it was one. */
interface Store {
  readonly key: string;
  readonly reference: string;
  readonly environment: Environment | null;
}

interface Resolved {
  readonly snapshot?: Snapshot;
  readonly error?: DriftgateError;
}

/**
 * The body of `check` and `diff`: decide the pairs, read every store once, judge each pair, add the
 * application-config comparison, apply waivers, render with the chosen reporter, and set the exit code
 * from the finished report. With explicit SOURCE TARGET a store that cannot be read is simply the error
 * (exit 2 or 3); with environment pairs every pair that can be judged is still reported, and the run
 * fails closed.
 */
export async function compareStores(
  command: "check" | "diff",
  refs: { source?: string; target?: string },
  flags: CompareFlags,
  context: CommandContext,
): Promise<void> {
  // check --probe writes to the stores just read: SQL-migration stores stay open for it, built once.
  const live = new Map<string, SqlSession>();
  try {
    await compareStoresWith(command, refs, flags, context, live);
  } finally {
    for (const session of live.values()) await session.close();
  }
}

async function compareStoresWith(
  command: "check" | "diff",
  refs: { source?: string; target?: string },
  flags: CompareFlags,
  context: CommandContext,
  live: Map<string, SqlSession>,
): Promise<void> {
  const { io } = context;
  const base: ResolveOptions = {
    cwd: io.cwd,
    env: io.env,
    environmentsDir: flags.environments,
    connectTimeoutMs: flags.connectTimeout,
    statementTimeoutMs: flags.statementTimeout,
    lockTimeoutMs: flags.lockTimeout,
    ...migrationSettings(flags, io),
  };
  const explicit = refs.source !== undefined || refs.target !== undefined;
  if (explicit && (refs.source === undefined || refs.target === undefined)) {
    throw new InputError("give both SOURCE and TARGET, or neither to compare every environment with the one it promotes to");
  }
  if (flags.probe && !explicit) throw new InputError("--probe needs SOURCE and TARGET: name the two stores to try the documents in");
  if (flags.probe && !flags.table) throw new InputError("--probe needs --table schema.table: the table the documents are written to");
  if (!flags.probe && (flags.table || flags.column || flags.asRole)) throw new InputError("--table, --column and --as-role go with --probe");
  const pairs = explicit ? [await explicitPair(refs.source!, refs.target!, base)] : await environmentPairs(base);
  // Read before any store: a broken schema file is bad input, found without touching a database.
  const writeSchemas = await listWriteSchemas(resolve(io.cwd, flags.schemas ?? "schemas"));
  const { waivers } = await loadWaivers({ ...base, file: flags.waivers, knownRules: RULE_IDS });
  // Checked before any store is read: a typo must not cost a PGlite boot or a connection to prod first.
  const severity = severityOverrides(flags.severity) ?? {};
  for (const rule of Object.keys(severity)) {
    if (!RULE_IDS.includes(rule)) throw new InputError(`--severity: unknown rule "${rule}" (known: ${RULE_IDS.join(", ")}; see driftgate rules)`);
  }
  // judge() re-rates (and skips) its own rules; the report re-rates the findings the gate adds (fit, app-config, probe).
  const judgeSeverity = Object.fromEntries(Object.entries(severity).filter(([rule]) => RULES.some((r) => r.id === rule)));
  const judgeOptions = { ignoreRoles: flags.ignoreRole, ignoreSchemas: flags.ignoreSchema, severity: judgeSeverity };

  const locations = new Map<string, Promise<MigrationIndex | null>>();
  // Promises are cached, not results: a store shared by two pairs (staging) is read once.
  const resolved = new Map<string, Promise<Resolved>>();
  const read = (store: Store): Promise<Resolved> => {
    let pending = resolved.get(store.key);
    if (!pending) {
      pending = readStore(store);
      resolved.set(store.key, pending);
    }
    return pending;
  };
  const readStore = async (store: Store): Promise<Resolved> => {
    if (io.isTTY || flags.verbose) io.stderr(`driftgate: reading ${store.environment?.name ?? sideLabel(store, io.cwd)}...\n`);
    let result: Resolved;
    try {
      // An environment's store is resolved directly: its bare name could also be a folder in cwd (test/).
      const env = store.environment;
      const keep = flags.probe && explicit ? { keepSqlSession: (session: SqlSession) => void live.set(store.reference, session) } : {};
      result = {
        snapshot: env
          ? await resolveSnapshot(env.store, { ...base, ...keep, includeSchemas: env.includeSchemas, excludeSchemas: env.excludeSchemas })
          : await resolveSnapshot(store.reference, { ...base, ...keep }),
      };
    } catch (error) {
      // Bad input named on the command line stays a one-line usage error; a store that cannot be read
      // is reported as a pair not compared, so every format (a CI annotation, a JUnit error) says why.
      if (!(error instanceof DriftgateError) || (explicit && error.exitCode !== ExitCode.storeFailure)) throw error;
      io.stderr(redactSecrets(`driftgate: ${store.environment?.name ?? sideLabel(store, io.cwd)}: ${error.message}\n`));
      result = { error };
    }
    return result;
  };

  // Stores are read one after the other: at 5 000 tables two snapshots built at once peaked at ~430 MB
  // against ~355 MB in turn, and check stays ~18x faster than migra either way (bench/README.md).
  for (const store of pairs.flat()) await read(store);
  const judged: JudgedPair[] = [];
  for (const [source, target] of pairs) {
    const s = await read(source);
    const t = await read(target);
    const sides = { source: side(source, s, io.cwd), target: side(target, t, io.cwd) };
    const failure = s.error ?? t.error;
    if (failure || !s.snapshot || !t.snapshot) {
      const code = failure?.exitCode === 2 ? 2 : 3;
      judged.push({ ...sides, findings: [], error: { exitCode: code, message: redactSecrets(failure?.message ?? "store could not be read") } });
      continue;
    }
    let findings: Finding[] = judge(s.snapshot, t.snapshot, { ...judgeOptions, writers: [...(source.environment?.writers ?? []), ...(target.environment?.writers ?? [])] });
    try {
      findings = [
        ...findings,
        ...writeSchemaFindings(writeSchemas, s.snapshot, t.snapshot, io.cwd),
        ...(await appConfigFindings(source, target, io.cwd)),
        ...(flags.probe ? await probeFindings(refs.source!, refs.target!, flags, base, io, live) : []),
      ];
    } catch (error) {
      const unfinished = error instanceof DriftgateError && error.exitCode === ExitCode.storeFailure;
      if (!unfinished && (explicit || !(error instanceof InputError))) throw error;
      const code = unfinished ? ExitCode.storeFailure : ExitCode.badInput;
      io.stderr(`driftgate: ${redactSecrets((error as DriftgateError).message)}\n`);
      judged.push({ ...sides, findings: [], error: { exitCode: code, message: redactSecrets((error as DriftgateError).message) } });
      continue;
    }
    // Annotations land on the migration that last wrote the object, where the pair has a migrations store.
    const stores = [source, target].map((store) => store.environment?.store ?? store.reference);
    judged.push({ ...sides, findings: await withMigrationLocations(findings, stores, { cwd: io.cwd, migrationsLayout: flags.migrationsLayout, cache: locations }) });
  }

  const report = redactReport(
    buildCheckReport({ command, failOn: flags.failOn ?? "breaking", pairs: judged, waivers, severity, today: new Date().toISOString().slice(0, 10) }),
  );
  const color = flags.output === undefined && useColor(io, flags.color);
  const line = `${verdict(report)}${thresholdNote(report)}`;
  if (flags.output !== undefined) {
    await writeFileAtomic(resolve(io.cwd, flags.output), REPORTERS[flags.format](report, { color: false, verbose: flags.verbose }));
    // The log still shows the outcome: CI readers look there first, the file is for later.
    if (!flags.quiet) io.stderr(`driftgate: ${flags.format} report written to ${flags.output}\n`);
    io.stderr(`driftgate: ${line}\n`);
  } else if (flags.quiet) {
    io.stdout(`${line}\n`);
  } else {
    io.stdout(REPORTERS[flags.format](report, { color, verbose: flags.verbose }));
  }
  // Appended, not replaced: a job summary collects every step's output, and one run gives both views.
  if (flags.summary !== undefined) {
    await appendFile(resolve(io.cwd, flags.summary), REPORTERS.markdown(report, { color: false })).catch((error: NodeJS.ErrnoException) => {
      throw new DriftgateError(`cannot write the summary to ${flags.summary}: ${error.code ?? error.message}`, ExitCode.storeFailure);
    });
  }
  context.setExit(exitCodeFor(report));
}

/** Ground truth beside the catalog comparison: documents SOURCE accepts and TARGET rejects, with TARGET's error. */
async function probeFindings(
  source: string,
  target: string,
  flags: CompareFlags,
  base: ResolveOptions,
  io: CommandContext["io"],
  live: ReadonlyMap<string, SqlSession>,
): Promise<Finding[]> {
  const outcome = await runCheckProbe({
    source,
    target,
    docs: flags.probe ?? [],
    table: flags.table!,
    column: flags.column ?? null,
    role: flags.asRole ?? null,
    force: flags.force,
    cwd: io.cwd,
    env: io.env,
    stdin: io.stdin,
    connectTimeoutMs: base.connectTimeoutMs,
    statementTimeoutMs: base.statementTimeoutMs,
    lockTimeoutMs: base.lockTimeoutMs,
    sessions: live,
    migrations: { migrationsLayout: base.migrationsLayout, cache: base.cache, onNote: base.onNote },
  });
  return outcome.findings;
}

async function explicitPair(source: string, target: string, options: ResolveOptions): Promise<[Store, Store]> {
  const store = async (reference: string): Promise<Store> => {
    const ref = await classifyStoreReference(reference, options);
    const environment = ref.kind === "environment" ? await loadEnvironment(ref.name, options) : null;
    return { key: reference, reference, environment };
  };
  return [await store(source), await store(target)];
}

async function environmentPairs(options: ResolveOptions): Promise<[Store, Store][]> {
  const environments = await listEnvironments(options);
  const byName = new Map(environments.map((e) => [e.name, e]));
  const pairs: [Store, Store][] = [];
  for (const environment of environments) {
    if (environment.promotesTo === null) continue;
    const next = byName.get(environment.promotesTo);
    if (!next) {
      throw new InputError(
        `environment "${environment.name}" promotes to "${environment.promotesTo}", which has no file in ${options.environmentsDir ?? "environments"}/`,
      );
    }
    pairs.push([asStore(environment), asStore(next)]);
  }
  // Report in promotion order (test -> staging, then staging -> prod), as a deploy travels.
  const depth = (name: string, seen: string[] = []): number => {
    if (seen.includes(name)) throw new InputError(`"promotesTo" forms a cycle: ${[...seen, name].join(" -> ")}`);
    const from = environments.find((e) => e.promotesTo === name);
    return from ? depth(from.name, [...seen, name]) + 1 : 0;
  };
  pairs.sort((a, b) => depth(a[0].reference) - depth(b[0].reference) || compareText(a[0].reference, b[0].reference));
  if (pairs.length === 0) {
    const where = options.environmentsDir ?? "environments";
    throw new InputError(
      environments.length === 0
        ? `nothing to check: no environment files in ${where}/ (give SOURCE and TARGET, or add environments)`
        : `nothing to check: no environment in ${where}/ has "promotesTo" (give SOURCE and TARGET, or set it)`,
    );
  }
  return pairs;
}

function asStore(environment: Environment): Store {
  // Keyed by what is read, not by name: test and staging built from the same migrations boot PGlite once.
  const key = JSON.stringify([environment.store, environment.includeSchemas, environment.excludeSchemas]);
  return { key, reference: environment.name, environment };
}

async function appConfigFindings(source: Store, target: Store, cwd: string): Promise<Finding[]> {
  // Only environments name application config; a bare URL or file has none to compare.
  if (!source.environment || !target.environment) return [];
  if (source.environment.appConfig.length === 0 && target.environment.appConfig.length === 0) return [];
  return compareAppConfig(await loadAppConfigs(source.environment, { cwd }), await loadAppConfigs(target.environment, { cwd }));
}

function side(store: Store, resolved: Resolved, cwd: string): ReportSide {
  return { environment: store.environment?.name ?? null, label: sideLabel(store, cwd), fingerprint: resolved.snapshot?.fingerprint ?? null };
}

/** What the user configured, made short and safe: a redacted URL or a path relative to the working directory. */
function sideLabel(store: Store, cwd: string): string {
  const reference = store.environment?.store ?? store.reference;
  if (looksLikeUrl(reference)) return redactUrl(reference);
  if (!isAbsolute(reference)) return reference;
  const inside = relative(cwd, reference);
  return inside === "" ? "." : inside.startsWith("..") ? reference : inside;
}

/** Last line of defence: whatever a rule or a driver put in a message, no password reaches a reporter. */
function redactReport(report: CheckReport): CheckReport {
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") return redactSecrets(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  return walk(report) as CheckReport;
}
