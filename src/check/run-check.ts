import { isAbsolute, relative, resolve } from "node:path";
import { Readable } from "node:stream";
import { judge } from "../dialects/index.js";
import { RULE_IDS } from "../dialects/rule-catalogue.js";
import { dialectNamed } from "../dialects/index.js";
import { DriftgateError, ExitCode, InputError } from "../errors.js";
import { buildCheckReport, type JudgedPair } from "../gate/build-check-report.js";
import { compareAppConfig } from "../gate/compare-app-config.js";
import { writeSchemaFindings } from "../gate/write-schema-findings.js";
import type { CheckReport, ReportSide } from "../model/check-report.js";
import type { Finding } from "../model/finding.js";
import type { Snapshot } from "../dialects/index.js";
import { runCheckProbe } from "../probe/check-probe.js";
import { listWriteSchemas } from "../schemas/write-schemas.js";
import { loadAppConfigs } from "../sources/app-config.js";
import { listEnvironments, looksLikeUrl } from "../sources/environments.js";
import type { FindingLocator } from "../diff/dialect-operations.js";
import { redactDeep, redactSecrets, redactUrl, registerUrlSecrets } from "../model/redact.js";
import { loadWaivers } from "../sources/waivers.js";
import { environmentHandle, resolveStoreHandle, type StoreHandle, type StoreHandleOptions } from "../stores/store-handle.js";
import type { CheckRequest } from "./check-request.js";
import { promotionPairs, type PlannedPair, type PlannedSide } from "./plan-pairs.js";

/** A store read, or why it could not be. */
interface Resolved {
  readonly snapshot?: Snapshot;
  readonly error?: DriftgateError;
}

/**
 * `check` and `diff` as a library call: plan the pairs, read every store once, judge each pair, add
 * write-schema fit, application-config comparison and probes, locate findings in migrations, and return
 * the finished report with severities, waivers, blocking and redaction decided. The exit code is
 * exitCodeFor(report); rendering is renderReport(report, format).
 *
 * Bad input (a flag, an unknown environment, a broken file) throws an InputError before any store is
 * read. With explicit SOURCE and TARGET a store that cannot be read throws (exit 2 or 3); with
 * environment pairs every pair that can be judged is still reported, and an unreadable one is a pair
 * with an error that blocks (fail closed).
 */
export async function runCheck(request: CheckRequest): Promise<CheckReport> {
  // Before anything can fail: a password in a reference or an environment variable is masked in every message.
  for (const word of [request.source, request.target]) registerUrlSecrets(word);
  for (const value of Object.values(request.env)) registerUrlSecrets(value, { typos: false });
  // Each store is resolved once into a handle; check --probe writes through the same handles, so a
  // migrations store is built once for its snapshot and its probe. Closed whatever happens.
  const handles = new Map<string, Promise<StoreHandle>>();
  try {
    return await runCheckWith(request, handles);
  } finally {
    for (const pending of handles.values()) await (await pending.catch(() => null))?.close();
  }
}

async function runCheckWith(request: CheckRequest, handles: Map<string, Promise<StoreHandle>>): Promise<CheckReport> {
  const command = request.command ?? "check";
  const say = request.onProgress ?? (() => undefined);
  const { cwd } = request;
  const env = request.env as NodeJS.ProcessEnv;
  const base: StoreHandleOptions = {
    cwd,
    env,
    environmentsDir: request.environmentsDir,
    connectTimeoutMs: request.timeouts?.connectMs,
    statementTimeoutMs: request.timeouts?.statementMs,
    lockTimeoutMs: request.timeouts?.lockMs,
    migrationsLayout: request.migrationsLayout,
    cache: request.cache !== false,
    onNote: (message) => say(`note: ${message}`, "note"),
    onBoot: (path) => say(`building ${relativeLabel(path, cwd)} on embedded PostgreSQL...`, "boot"),
  };
  const explicit = request.source !== undefined || request.target !== undefined;
  if (explicit && (request.source === undefined || request.target === undefined)) {
    throw new InputError("give both SOURCE and TARGET, or neither to compare every environment with the one it promotes to");
  }
  const probe = request.probe;
  if (probe && !explicit) throw new InputError("--probe needs SOURCE and TARGET: name the two stores to try the documents in");
  if (probe && !probe.table) throw new InputError("--probe needs --table schema.table: the table the documents are written to");
  if (explicit && request.environments !== undefined) throw new InputError("a selection of environments goes with environment pairs, not with SOURCE and TARGET");
  const explicitOptions = { ...base, keepSession: probe !== undefined };
  const handleOf = (store: PlannedSide): Promise<StoreHandle> => {
    let pending = handles.get(store.key);
    if (!pending) {
      pending = store.environment && !explicit ? environmentHandle(store.environment, base) : resolveStoreHandle(store.reference, explicitOptions);
      handles.set(store.key, pending);
    }
    return pending;
  };
  // SOURCE and TARGET named on the command line are resolved now: an unknown one is bad input before anything is read.
  const explicitSide = async (reference: string): Promise<PlannedSide> => {
    const handle = await handleOf({ key: reference, reference, environment: null });
    return { key: reference, reference, environment: handle.environment };
  };
  const pairs: readonly PlannedPair[] = explicit
    ? [[await explicitSide(request.source!), await explicitSide(request.target!)]]
    : promotionPairs(await listEnvironments(base), { where: request.environmentsDir ?? "environments", only: request.environments });
  // Read before any store: a broken schema file is bad input, found without touching a database.
  const writeSchemas = await listWriteSchemas(resolve(cwd, request.schemasDir ?? "schemas"));
  const { waivers } = await loadWaivers({ ...base, file: request.waiversFile, knownRules: RULE_IDS });
  // Checked before any store is read: a typo must not cost a PGlite boot or a connection to prod first.
  const severity = { ...(request.severity ?? {}) };
  for (const rule of Object.keys(severity)) {
    if (!RULE_IDS.includes(rule)) throw new InputError(`--severity: unknown rule "${rule}" (known: ${RULE_IDS.join(", ")}; see driftgate rules)`);
  }
  // judge() re-rates (and skips) its dialect's own rules; the report re-rates the findings the gate adds
  // (fit, app-config, probe). An override of another dialect's rule simply does not apply to this pair.
  const judgeOptionsFor = (dialect: string) => {
    const own = new Set(dialectNamed(dialect).rules.map((rule) => rule.id));
    const judgeSeverity = Object.fromEntries(Object.entries(severity).filter(([rule]) => own.has(rule)));
    return { ignoreRoles: request.ignoreRoles, ignoreSchemas: request.ignoreSchemas, severity: judgeSeverity };
  };

  const locations = new Map<string, Promise<FindingLocator | null>>();
  // Promises are cached, not results: a store shared by two pairs (staging) is read once.
  const resolved = new Map<string, Promise<Resolved>>();
  const read = (store: PlannedSide): Promise<Resolved> => {
    let pending = resolved.get(store.key);
    if (!pending) {
      pending = readStore(store);
      resolved.set(store.key, pending);
    }
    return pending;
  };
  const readStore = async (store: PlannedSide): Promise<Resolved> => {
    const name = store.environment?.name ?? sideLabel(store, cwd);
    const given = store.environment ? request.snapshots?.get(store.environment.name) : undefined;
    if (given !== undefined) return given instanceof DriftgateError ? failed(name, given) : { snapshot: given };
    say(`reading ${name}...`, "reading");
    try {
      return { snapshot: await (await handleOf(store)).capture() };
    } catch (error) {
      return failed(name, error);
    }
  };
  const failed = (name: string, error: unknown): Resolved => {
    // Bad input named on the command line stays a one-line usage error; a store that cannot be read
    // is reported as a pair not compared, so every format (a CI annotation, a JUnit error) says why.
    if (!(error instanceof DriftgateError) || (explicit && error.exitCode !== ExitCode.storeFailure)) throw error;
    say(redactSecrets(`${name}: ${error.message}`), "warning");
    return { error };
  };

  // Stores are read one after the other: at 5 000 tables two snapshots built at once peaked at ~430 MB
  // against ~355 MB in turn, and check stays ~18x faster than migra either way (bench/README.md).
  for (const store of pairs.flat()) await read(store);
  const judged: JudgedPair[] = [];
  for (const [source, target] of pairs) {
    const s = await read(source);
    const t = await read(target);
    const sides = { source: side(source, s, cwd), target: side(target, t, cwd) };
    const failure = s.error ?? t.error;
    if (failure || !s.snapshot || !t.snapshot) {
      const code = failure?.exitCode === 2 ? 2 : 3;
      judged.push({ ...sides, findings: [], error: { exitCode: code, message: redactSecrets(failure?.message ?? "store could not be read") } });
      continue;
    }
    const writers = [...(source.environment?.writers ?? []), ...(target.environment?.writers ?? [])];
    let findings: Finding[] = judge(s.snapshot, t.snapshot, { ...judgeOptionsFor(s.snapshot.dialect), writers });
    try {
      findings = [
        ...findings,
        ...writeSchemaFindings(writeSchemas, s.snapshot, t.snapshot, cwd),
        ...(await appConfigFindings(source, target, cwd)),
        ...(probe ? await probeFindings(request, base, { source: await handleOf(source), target: await handleOf(target) }) : []),
      ];
    } catch (error) {
      const unfinished = error instanceof DriftgateError && error.exitCode === ExitCode.storeFailure;
      if (!unfinished && (explicit || !(error instanceof InputError))) throw error;
      const code = unfinished ? ExitCode.storeFailure : ExitCode.badInput;
      const message = redactSecrets((error as DriftgateError).message);
      say(message, "warning");
      judged.push({ ...sides, findings: [], error: { exitCode: code, message } });
      continue;
    }
    // Annotations land on the migration that last wrote the object, where the pair has a migrations store.
    const stores = [source, target].map((store) => store.environment?.store ?? store.reference);
    const migrations = dialectNamed(s.snapshot.dialect).migrations;
    const located = migrations ? await migrations.withMigrationLocations(findings, stores, { cwd, migrationsLayout: request.migrationsLayout, cache: locations }) : findings;
    judged.push({ ...sides, findings: located });
  }

  return redactDeep(
    buildCheckReport({ command, failOn: request.failOn ?? "breaking", pairs: judged, waivers, severity, today: request.today ?? new Date().toISOString().slice(0, 10) }),
  );
}

/** Ground truth beside the catalog comparison: documents SOURCE accepts and TARGET rejects, with TARGET's error. */
async function probeFindings(request: CheckRequest, base: StoreHandleOptions, stores: { source: StoreHandle; target: StoreHandle }): Promise<Finding[]> {
  const probe = request.probe!;
  const outcome = await runCheckProbe({
    source: request.source!,
    target: request.target!,
    docs: probe.docs,
    table: probe.table,
    column: probe.column ?? null,
    role: probe.role ?? null,
    force: probe.force,
    cwd: base.cwd,
    env: base.env,
    stdin: probe.stdin ?? emptyStdin(),
    connectTimeoutMs: base.connectTimeoutMs,
    statementTimeoutMs: base.statementTimeoutMs,
    lockTimeoutMs: base.lockTimeoutMs,
    stores,
    migrations: { migrationsLayout: base.migrationsLayout, cache: base.cache, onNote: base.onNote },
  });
  return outcome.findings;
}

async function appConfigFindings(source: PlannedSide, target: PlannedSide, cwd: string): Promise<Finding[]> {
  // Only environments name application config; a bare URL or file has none to compare.
  if (!source.environment || !target.environment) return [];
  if (source.environment.appConfig.length === 0 && target.environment.appConfig.length === 0) return [];
  return compareAppConfig(await loadAppConfigs(source.environment, { cwd }), await loadAppConfigs(target.environment, { cwd }));
}

function side(store: PlannedSide, resolved: Resolved, cwd: string): ReportSide {
  return { environment: store.environment?.name ?? null, label: sideLabel(store, cwd), fingerprint: resolved.snapshot?.fingerprint ?? null };
}

/** What the user configured, made short and safe: a redacted URL or a path relative to the working directory. */
function sideLabel(store: PlannedSide, cwd: string): string {
  const reference = store.environment?.store ?? store.reference;
  if (looksLikeUrl(reference)) return redactUrl(reference);
  if (!isAbsolute(reference)) return reference;
  return relativeLabel(reference, cwd);
}

function relativeLabel(path: string, cwd: string): string {
  const inside = relative(cwd, path);
  return inside === "" ? "." : inside.startsWith("..") ? path : inside;
}


async function* nothing(): AsyncGenerator<never> {}

function emptyStdin(): NodeJS.ReadableStream {
  // A library caller that names "-" without a stream gets no documents, which the probe refuses as bad input.
  return Readable.from(nothing());
}
