import { appendFile, mkdir, readFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { DriftgateError, ExitCode, InputError } from "../../errors.js";
import { FAIL_ON_VALUES, type FailOn } from "../../model/check-report.js";
import type { Snapshot } from "../../dialects/index.js";
import { HistoryStore } from "../../nightly/history-store.js";
import { notificationBody, sendNotification, worthNotifying } from "../../nightly/notify.js";
import { headline, renderPage } from "../../nightly/render-page.js";
import { renderMarkdown } from "../../nightly/render-markdown.js";
import { planReport, shardOf, snapshotUnits } from "../../nightly/report-units.js";
import { runReport } from "../../nightly/run-report.js";
import { loadEnvironment } from "../../sources/environments.js";
import { readJsonFile } from "../../files/read-json-file.js";
import { redactSecrets, registerSecret, registerUrlSecrets } from "../../model/redact.js";
import { serialiseSnapshot } from "../../files/snapshot-file.js";
import { readSnapshotFile } from "../../dialects/index.js";
import { writeFileAtomic } from "../../files/write-file-atomic.js";
import { gzipSync } from "node:zlib";
import type { CommandContext } from "../command-context.js";
import { deadlineOptions } from "../connection-options.js";
import { listOption } from "../list-options.js";
import { pathOption, positiveInteger } from "../parse-options.js";
import { writeSchemasOptions } from "../write-schemas-flag.js";

interface ReportFlags {
  readonly environments?: string;
  readonly envs?: string[];
  readonly history: string;
  readonly noHistory?: boolean;
  readonly out: string;
  readonly concurrency: number;
  readonly keep: { runs?: number; days?: number };
  readonly failOn: FailOn;
  readonly waivers?: string;
  readonly writeSchemas?: string;
  readonly ignoreRole?: string[];
  readonly ignoreSchema?: string[];
  readonly severity?: string[];
  readonly notify?: string;
  readonly pageUrl?: string;
  readonly summary?: string;
  readonly shard?: { index: number; count: number };
  readonly merge?: string[];
  readonly markDeploy?: string;
  readonly ref?: string;
  readonly quiet?: boolean;
  readonly connectTimeout: number;
  readonly statementTimeout: number;
  readonly lockTimeout: number;
}

const HELP = `
Reads every environment in environments/ (or those --envs names; an environment may be a fleet of
stores), keeps each snapshot in --history, and writes into --out:
  report.html  one self-contained page: changes nobody deployed first, the matrix of promotion pairs,
               the trend, fleets' odd stores, each pair's findings grouped by object, expiring waivers
  report.md    a summary under 1 MiB (for $GITHUB_STEP_SUMMARY or a chat message) linking to the page
  report.json  everything, as schemas/drift-report.schema.json describes

Each pair is judged exactly as \`driftgate check\` judges it (same rules, waivers, write schemas). Each
environment is also compared with its own previous snapshot: a change with no deploy recorded since
(\`driftgate report --mark-deploy ENV --ref SHA\`, or \`check --record-deploy\`) is out of band.

Across CI jobs: \`report --shard i/n --out part-i\` reads every n-th store; \`report --merge part-*\`
judges them together and writes the page (docs/report.md has a GitHub Actions matrix).

Exit codes:
  0  nothing at or above --fail-on
  1  drift at or above --fail-on in a pair or between a fleet's stores
  2  bad input or usage
  3  a store could not be read (after every output is written; the others are still reported)
`;

const DEFAULT_CONCURRENCY = 4;

export function reportCommand(context: CommandContext): Command {
  const command = new Command("report")
    .description("The nightly drift report: every environment and fleet store, history, changes nobody deployed, one page.")
    .addOption(pathOption("--environments <dir>", "folder of environment files", "folder", "environments"))
    .addOption(listOption("--envs <names>", "only these environments (and the pairs between them); comma-separate"))
    .addOption(new Option("--history <dir>", "where each run's snapshots are kept").default(".driftgate/history"))
    .addOption(new Option("--no-history", "keep no history (nothing is compared with a previous run)"))
    .addOption(new Option("--out <dir>", "folder the report is written into (created)").default("drift-report"))
    .addOption(new Option("--concurrency <n>", "stores read at once").argParser(positiveInteger).default(DEFAULT_CONCURRENCY))
    .addOption(new Option("--keep <runs|days>", "retention: the newest N runs, or Nd for N days").argParser(parseKeep).default({ runs: 30 }, "30"))
    .addOption(new Option("--fail-on <level>", "lowest severity that makes the exit 1").choices(FAIL_ON_VALUES).default("breaking"))
    .addOption(new Option("--waivers <file>", "waivers for expected differences (default: environments/waivers.json when present)"))
    .addOption(listOption("--ignore-role <role>", "leave this role out; repeat or comma-separate"))
    .addOption(listOption("--ignore-schema <schema>", "leave this schema out; repeat or comma-separate"))
    .addOption(listOption("--severity <rule=level>", "override a rule's severity, as in check; repeat or comma-separate", { item: checkSeverity }))
    .addOption(new Option("--notify <url>", "POST a summary (Slack-compatible) here when something new, out of band or unreachable appears; the URL is never printed"))
    .addOption(new Option("--page-url <url>", "where report.html will be published, for the summary and the notification"))
    .addOption(new Option("--summary <file>", "also append report.md to this file, e.g. \"$GITHUB_STEP_SUMMARY\""))
    .addOption(new Option("--shard <i/n>", "read only every n-th store, starting at the i-th; write them for --merge").argParser(parseShard).conflicts("merge"))
    .addOption(new Option("--merge <dirs...>", "build one report from the --out folders of --shard runs"))
    .addOption(new Option("--mark-deploy <env>", "record that ENV was just deployed (its next change is expected), then exit"))
    .addOption(new Option("--ref <sha>", "with --mark-deploy: the git ref deployed"))
    .addOption(new Option("-q, --quiet", "print only the verdict line"))
    .addOption(new Option("--connect-timeout <ms>", "give up connecting to a server after this long").argParser(positiveInteger).default(10_000))
    .addOption(new Option("--statement-timeout <ms>", "server-side limit for each catalog read").argParser(positiveInteger).default(60_000));
  // One name for the write-schema folder on every command; --schemas (check's old name) still works.
  for (const option of writeSchemasOptions("folder of JSON Schemas fitted to both stores of each pair", "--schemas")) command.addOption(option);
  for (const option of deadlineOptions()) command.addOption(option);
  return command.addHelpText("after", HELP).action(async (flags: ReportFlags) => {
    await report(flags, context);
  });
}

async function report(flags: ReportFlags, context: CommandContext): Promise<void> {
  const { io } = context;
  const say = (message: string) => {
    if (io.isTTY && !flags.quiet) io.stderr(redactSecrets(`driftgate: ${message}\n`));
  };
  if (flags.notify) {
    // A webhook URL is its own credential: masked wherever it could surface.
    registerSecret(flags.notify);
    registerUrlSecrets(flags.notify);
  }
  const historyDir = flags.noHistory || (flags as { history: string | boolean }).history === false ? null : flags.history;
  if (flags.ref !== undefined && flags.markDeploy === undefined) throw new InputError("--ref goes with --mark-deploy ENV");
  const options = { cwd: io.cwd, env: io.env, environmentsDir: flags.environments };
  if (flags.markDeploy !== undefined) {
    if (historyDir === null) throw new InputError("--mark-deploy needs the history folder (drop --no-history)");
    await loadEnvironment(flags.markDeploy, options);
    const store = new HistoryStore(resolve(io.cwd, historyDir));
    await store.markDeploy({ environment: flags.markDeploy, at: new Date().toISOString(), ref: flags.ref ?? null, by: "report --mark-deploy" });
    io.stdout(`driftgate: deploy of ${flags.markDeploy}${flags.ref ? ` (${flags.ref})` : ""} recorded in ${historyDir}\n`);
    return;
  }
  const severity = severityMap(flags.severity);
  const outDir = resolve(io.cwd, flags.out);
  await mkdir(outDir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    throw new InputError(`cannot create --out ${flags.out}: ${error.code ?? error.message}`);
  });
  const base = {
    ...options,
    connectTimeoutMs: flags.connectTimeout,
    statementTimeoutMs: flags.statementTimeout,
    lockTimeoutMs: flags.lockTimeout,
    onNote: (note: string) => say(`note: ${note}`),
  };

  if (flags.shard) {
    await writeShard(flags, base, outDir, say, context);
    return;
  }
  const snapshots = flags.merge ? await readShards(flags.merge, io.cwd, base, flags.envs) : undefined;
  const result = await runReport({
    cwd: io.cwd,
    env: io.env,
    environmentsDir: flags.environments,
    environments: flags.envs,
    historyDir,
    keep: flags.keep,
    concurrency: flags.concurrency,
    schemasDir: flags.writeSchemas,
    waiversFile: flags.waivers,
    failOn: flags.failOn,
    severity,
    ignoreRoles: flags.ignoreRole,
    ignoreSchemas: flags.ignoreSchema,
    timeouts: { connectMs: flags.connectTimeout, statementMs: flags.statementTimeout, lockMs: flags.lockTimeout },
    toolVersion: await packageVersion(),
    snapshots,
    onProgress: say,
  });
  const page = flags.pageUrl ?? (relative(io.cwd, join(outDir, "report.html")) || "report.html");
  const markdown = renderMarkdown(result, flags.pageUrl ?? "report.html");
  await writeFileAtomic(join(outDir, "report.json"), `${JSON.stringify(result, null, 2)}\n`);
  await writeFileAtomic(join(outDir, "report.html"), renderPage(result));
  await writeFileAtomic(join(outDir, "report.md"), markdown);
  if (flags.summary !== undefined) {
    await appendFile(resolve(io.cwd, flags.summary), markdown).catch((error: NodeJS.ErrnoException) => {
      throw new DriftgateError(`cannot write the summary to ${flags.summary}: ${error.code ?? error.message}`, ExitCode.storeFailure);
    });
  }
  if (!flags.quiet) io.stderr(`driftgate: report written to ${flags.out.replace(/\/+$/, "")}/ (report.html, report.md, report.json)\n`);
  for (const environment of result.environments) {
    if (environment.error) io.stderr(redactSecrets(`driftgate: ${environment.name}: ${environment.error}\n`));
  }
  if (flags.notify && worthNotifying(result)) {
    const failure = await sendNotification(flags.notify, notificationBody(result, page));
    // Reported, never fatal: the report is written and its verdict is the exit code.
    if (failure) io.stderr(redactSecrets(`driftgate: notification failed: ${failure}\n`));
    else if (!flags.quiet) io.stderr("driftgate: notification sent\n");
  }
  io.stdout(`driftgate: ${headline(result)}\n`);
  context.setExit(result.exitCode);
}

interface ShardManifest {
  readonly format: "driftgate.report-shard";
  readonly version: 1;
  readonly shard: { index: number; count: number };
  readonly stores: { key: string; file: string | null; error: string | null; exitCode: number }[];
}

/** --shard i/n: read this job's stores and leave them for --merge; the judgement happens there, once. */
async function writeShard(
  flags: ReportFlags,
  base: Parameters<typeof snapshotUnits>[1],
  outDir: string,
  say: (m: string) => void,
  context: CommandContext,
): Promise<void> {
  const plan = await planReport(base, flags.envs, context.io.cwd);
  const mine = shardOf(plan.units, flags.shard);
  const stores: ShardManifest["stores"] = [];
  await mkdir(join(outDir, "snapshots"), { recursive: true });
  await snapshotUnits(
    mine,
    base,
    flags.concurrency,
    async (unit, result) => {
      if (result instanceof Error) {
        stores.push({ key: unit.key, file: null, error: redactSecrets(result.message), exitCode: result.exitCode });
        return;
      }
      const file = `snapshots/${unit.key.replace("/", "~")}.json.gz`;
      await writeFileAtomic(join(outDir, file), gzipSync(serialiseSnapshot(result)));
      stores.push({ key: unit.key, file, error: null, exitCode: 0 });
    },
    say,
  );
  stores.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const manifest: ShardManifest = { format: "driftgate.report-shard", version: 1, shard: flags.shard!, stores };
  await writeFileAtomic(join(outDir, "shard.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const failed = stores.filter((s) => s.error).length;
  // Exit 0 even with unreachable stores: the merge reports them and decides the exit, after the page is written.
  context.io.stdout(`driftgate: shard ${flags.shard!.index}/${flags.shard!.count}: ${stores.length - failed} store(s) read, ${failed} unreachable\n`);
}

/** --merge: every shard's stores; a store no shard read is an error (fail closed), never skipped. */
async function readShards(dirs: readonly string[], cwd: string, base: Parameters<typeof snapshotUnits>[1], envs: readonly string[] | undefined) {
  const snapshots = new Map<string, Snapshot | DriftgateError>();
  for (const dir of dirs) {
    const path = resolve(cwd, dir, "shard.json");
    const manifest = (await readJsonFile(path, "shard manifest")) as ShardManifest;
    if (manifest?.format !== "driftgate.report-shard" || manifest.version !== 1 || !Array.isArray(manifest.stores)) {
      throw new InputError(`${path} is not a shard manifest written by \`driftgate report --shard\``);
    }
    for (const store of manifest.stores) {
      if (store.file === null) snapshots.set(store.key, new DriftgateError(store.error ?? "could not be read", store.exitCode === 2 ? ExitCode.badInput : ExitCode.storeFailure));
      else snapshots.set(store.key, await readSnapshotFile(resolve(cwd, dir, store.file)));
    }
  }
  const plan = await planReport(base, envs, cwd);
  for (const unit of plan.units) {
    if (!snapshots.has(unit.key)) snapshots.set(unit.key, new DriftgateError(`no --merge folder has ${unit.key}: was a shard job lost?`, ExitCode.storeFailure));
  }
  return snapshots;
}

const SEVERITY_ITEM = /^([a-z0-9-]+)=(breaking|risky|info|off)$/;

function checkSeverity(value: string): string {
  if (!SEVERITY_ITEM.test(value)) throw new InvalidArgumentError(`"${value}" is not rule=level (level: breaking, risky, info or off)`);
  return value;
}

function severityMap(items: readonly string[] | undefined) {
  const out: Record<string, "breaking" | "risky" | "info" | "off"> = {};
  for (const item of items ?? []) {
    const [, rule, level] = SEVERITY_ITEM.exec(item)!;
    out[rule!] = level as "breaking";
  }
  return out;
}

function parseKeep(value: string): { runs?: number; days?: number } {
  const m = /^(\d+)(d?)$/.exec(value.trim());
  const n = m ? Number(m[1]) : Number.NaN;
  if (!m || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError("must be a number of runs (30) or of days (14d), at least 1");
  return m[2] ? { days: n } : { runs: n };
}

function parseShard(value: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || index < 1 || count < 1 || index > count) throw new InvalidArgumentError("must be i/n with 1 <= i <= n, e.g. 2/4");
  return { index, count };
}

async function packageVersion(): Promise<string> {
  const url = new URL("../../../package.json", import.meta.url);
  return (JSON.parse(await readFile(url, "utf8")) as { version: string }).version;
}
