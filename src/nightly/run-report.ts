import { resolve } from "node:path";
import { type SeverityOverride } from "../diff/judge.js";
import { DIALECTS, judge, type Snapshot } from "../dialects/index.js";
import { addSummaries, blocks, summarise } from "../gate/build-check-report.js";
import { RULE_IDS } from "../dialects/rule-catalogue.js";
import { DriftgateError, ExitCode, InputError } from "../errors.js";
import { compareText, fingerprintWithVariant } from "../model/canonical-json.js";
import type { Finding, Waiver } from "../model/finding.js";
import { redactDeep, redactSecrets } from "../model/redact.js";
import type { ResolveOptions } from "../sources/resolve-snapshot.js";
import { loadWaivers } from "../sources/waivers.js";
import { HistoryStore, newRunId, runTime } from "./history-store.js";
import { judgePairs, type PairJudgementRequest } from "./judge-pairs.js";
import {
  DRIFT_REPORT_VERSION,
  pairKey,
  type DriftFinding,
  type DriftPair,
  type DriftReport,
  type EnvironmentChange,
  type EnvironmentStatus,
  type FleetReport,
  type RunRecord,
  type StoreStatus,
  type TrendPoint,
} from "./nightly-report.js";
import { planReport, snapshotUnits, type ReportUnit } from "./report-units.js";

/** What check's pairs need (working directory, environments, schemas, waivers, severities), plus the report's own. */
export interface ReportRequest extends Omit<PairJudgementRequest, "selection" | "today" | "pairs" | "snapshots"> {
  /** Only these environments (and the pairs whose both sides are named); all when absent. */
  readonly environments?: readonly string[];
  /** Where runs are kept; null = no history (every change looks like the first run). */
  readonly historyDir: string | null;
  readonly keep?: { readonly runs?: number; readonly days?: number };
  readonly concurrency: number;
  readonly timeouts?: { readonly connectMs?: number; readonly statementMs?: number; readonly lockMs?: number };
  readonly toolVersion: string;
  readonly now?: Date;
  /** Stores already read (report --merge), by unit key (env or env/shard): these are not read again. */
  readonly snapshots?: ReadonlyMap<string, Snapshot | DriftgateError>;
  readonly onProgress?: (message: string) => void;
}

/** Days before expiry a waiver is listed as "expiring soon". */
const EXPIRY_WINDOW_DAYS = 14;

/**
 * The nightly report as a library call: read every environment (fleets store by store, bounded
 * concurrency), keep each snapshot in history, compare each with its own previous snapshot (its
 * changelog; out of band when no deploy was recorded in between), judge every promotion pair as check
 * does, tell new findings from known ones, and set fleets' odd stores against their majority.
 */
export async function runReport(request: ReportRequest): Promise<DriftReport> {
  const say = request.onProgress ?? (() => undefined);
  const now = request.now ?? new Date();
  const runId = newRunId(now);
  const at = runTime(runId);
  const today = at.slice(0, 10);
  const base: ResolveOptions = {
    cwd: request.cwd,
    env: request.env,
    environmentsDir: request.environmentsDir,
    connectTimeoutMs: request.timeouts?.connectMs,
    statementTimeoutMs: request.timeouts?.statementMs,
    lockTimeoutMs: request.timeouts?.lockMs,
    onNote: (message) => say(`note: ${message}`),
  };
  for (const rule of Object.keys(request.severity ?? {})) {
    if (!RULE_IDS.includes(rule)) throw new InputError(`--severity: unknown rule "${rule}" (known: ${RULE_IDS.join(", ")}; see driftgate rules)`);
  }
  const plan = await planReport(base, request.environments, request.cwd);
  // Checked before any store is read: a broken waivers file is bad input, not a report of nothing.
  const { waivers } = await loadWaivers({ ...base, file: request.waiversFile, knownRules: RULE_IDS });
  const history = request.historyDir === null ? null : new HistoryStore(resolve(request.cwd, request.historyDir));
  const records = history ? (await history.runs()).filter((r) => r.runId < runId) : [];
  const recordOf = new Map(records.map((r) => [r.runId, r]));

  // Only one snapshot per distinct fingerprint stays in memory: 200 identical shards cost one.
  // Single stores keep their own snapshot (its origin decides same-instance rules); a fleet's stores are
  // grouped by shape, so 200 identical shards cost one snapshot in memory.
  const own = new Map<string, Snapshot>();
  const byShape = new Map<string, Snapshot>();
  const results = new Map<string, { fingerprint: string; shape: string } | { error: DriftgateError }>();
  const changes: EnvironmentChange[] = [];
  const previousOf = new Map<string, { runId: string; fingerprint: string } | null>();
  const judgeOptions = (unit: ReportUnit) => ({
    ignoreRoles: request.ignoreRoles,
    ignoreSchemas: request.ignoreSchemas,
    severity: judgeSeverity(request.severity),
    writers: unit.environment.writers,
  });

  const accept = async (unit: ReportUnit, result: Snapshot | DriftgateError) => {
    if (result instanceof Error) {
      results.set(unit.key, { error: result });
      return;
    }
    if (unit.shard === null) {
      own.set(unit.key, result);
      results.set(unit.key, { fingerprint: result.fingerprint, shape: result.fingerprint });
    } else {
      // Before reading result.fingerprint: the shape's pass computes both.
      const shape = shapeOf(result);
      results.set(unit.key, { fingerprint: result.fingerprint, shape });
      if (!byShape.has(shape)) byShape.set(shape, result);
    }
    if (!history) return;
    // The previous snapshot is read only when it differs: the run record says what it was.
    const earlier = await history.earlierRuns(unit.environment.name, unit.shard, runId);
    const recorded = recordedFingerprint(unit, earlier[0], recordOf);
    let change: { runId: string; snapshot: Snapshot } | null = null;
    if (recorded && recorded.fingerprint === result.fingerprint) {
      previousOf.set(unit.key, recorded);
    } else {
      const found = await history.previousSnapshot(unit.environment.name, unit.shard, runId, say, earlier);
      previousOf.set(unit.key, found ? { runId: found.runId, fingerprint: found.snapshot.fingerprint } : null);
      change = found;
    }
    if (change && change.snapshot.fingerprint !== result.fingerprint) {
      // "Settings not compared" says how two embedded stores were read, not what changed between runs.
      const findings = judge(change.snapshot, result, judgeOptions(unit)).filter((f) => f.rule !== "settings-not-compared");
      const deploys = await history.deploys(unit.environment.name, runTime(change.runId), at);
      changes.push({
        environment: unit.environment.name,
        shard: unit.shard,
        previousRun: change.runId,
        from: change.snapshot.fingerprint,
        to: result.fingerprint,
        deploys,
        findings,
        summary: summarise(findings),
      });
    }
    await history.writeSnapshot(unit.environment.name, unit.shard, runId, result);
  };

  const toRead = plan.units.filter((unit) => !request.snapshots?.has(unit.key));
  for (const unit of plan.units) {
    const given = request.snapshots?.get(unit.key);
    if (given) await accept(unit, given);
  }
  await snapshotUnits(toRead, base, request.concurrency, accept, say);

  // Per environment: its snapshot for pair judgement (a fleet's: the majority's), and its status.
  const envSnapshots = new Map<string, Snapshot | DriftgateError>();
  const statuses: EnvironmentStatus[] = [];
  const fleets: FleetReport[] = [];
  for (const environment of plan.environments) {
    const units = plan.units.filter((u) => u.environment === environment);
    const stores: StoreStatus[] = units.map((unit) => {
      const r = results.get(unit.key)!;
      return { shard: unit.shard ?? "", label: unit.label, fingerprint: "fingerprint" in r ? r.fingerprint : null, error: "error" in r ? redactSecrets(r.error.message) : null };
    });
    const single = environment.shards.length === 0;
    const shapes = units.map((unit) => {
      const r = results.get(unit.key)!;
      return { shard: unit.shard ?? "", fingerprint: "shape" in r ? r.shape : null };
    });
    const groups = single ? [] : groupByFingerprint(shapes);
    const majority = single ? null : (groups[0]?.fingerprint ?? null);
    const chosen = single ? own.get(units[0]!.key) : majority ? byShape.get(majority) : undefined;
    const firstError = units.map((u) => results.get(u.key)!).find((r): r is { error: DriftgateError } => "error" in r)?.error;
    envSnapshots.set(environment.name, chosen ?? firstError ?? new DriftgateError("store could not be read", ExitCode.storeFailure));
    const previous = single ? previousOf.get(environment.name) : null;
    statuses.push({
      name: environment.name,
      description: environment.description,
      promotesTo: environment.promotesTo,
      label: single ? units[0]!.label : `fleet of ${units.length} stores`,
      fingerprint: chosen?.fingerprint ?? null,
      error: single ? stores[0]!.error : stores.some((s) => s.error) ? `${stores.filter((s) => s.error).length} of ${stores.length} stores could not be read` : null,
      previousRun: previous?.runId ?? null,
      previousFingerprint: previous?.fingerprint ?? null,
      stores: single ? [] : stores,
    });
    if (!single) {
      const majoritySnapshot = majority ? byShape.get(majority)! : null;
      const odd = majoritySnapshot
        ? shapes
            .filter((s) => s.fingerprint !== null && s.fingerprint !== majority)
            .map((s) => {
              const findings = judge(majoritySnapshot, byShape.get(s.fingerprint!)!, judgeOptions(units[0]!)).filter((f) => f.rule !== "settings-not-compared");
              return { shard: s.shard, fingerprint: s.fingerprint!, findings, summary: summarise(findings) };
            })
        : [];
      fleets.push({ environment: environment.name, groups, majority, odd, unreachable: stores.filter((s) => s.error).map((s) => s.shard) });
    }
  }

  const check = await judgePairs({
    cwd: request.cwd,
    env: request.env,
    environmentsDir: request.environmentsDir,
    selection: request.environments && request.environments.length > 0 ? request.environments : undefined,
    schemasDir: request.schemasDir,
    waiversFile: request.waiversFile,
    failOn: request.failOn,
    severity: request.severity,
    ignoreRoles: request.ignoreRoles,
    ignoreSchemas: request.ignoreSchemas,
    today,
    pairs: plan.pairs,
    snapshots: envSnapshots,
  });

  // New or known: the newest earlier run that judged the pair says when each finding was first seen.
  const pairs: DriftPair[] = check.pairs.map((pair) => {
    const source = { name: pair.source.environment ?? pair.source.label };
    const target = { name: pair.target.environment ?? pair.target.label };
    const key = pairKey(source.name, target.name);
    const seen = [...records].reverse().find((r) => r.findings[key] !== undefined)?.findings[key] ?? {};
    const findings: DriftFinding[] = pair.findings.map((f) => ({ ...f, firstSeen: seen[f.id] ?? today, isNew: seen[f.id] === undefined }));
    return {
      source: source.name,
      target: target.name,
      sourceFingerprint: pair.source.fingerprint,
      targetFingerprint: pair.target.fingerprint,
      findings,
      summary: { ...pair.summary, new: findings.filter((f) => f.isNew && f.waived === undefined).length },
      blocked: pair.blocked,
      error: pair.error?.message ?? null,
    };
  });

  changes.sort((a, b) => compareText(a.environment, b.environment) || compareText(a.shard ?? "", b.shard ?? ""));
  const outOfBand = changes.filter((c) => c.deploys.length === 0);
  const deployed = changes.filter((c) => c.deploys.length > 0);
  const unreachable = [...results.values()].filter((r) => "error" in r).length;
  const totals = addSummaries([...pairs.map((p) => p.summary), ...fleets.flatMap((f) => f.odd.map((o) => o.summary))]);
  const trendPoint: TrendPoint = { runId, at, breaking: totals.breaking, risky: totals.risky, info: totals.info, unreachable };
  const fleetBlocks = fleets.some((f) => f.odd.some((o) => o.findings.some((x) => blocks(x, request.failOn))));
  const blocked = check.blocked || fleetBlocks;
  const pairErrors = check.pairs.flatMap((p) => (p.error ? [p.error.exitCode] : []));
  // A store that could not be read outranks bad input in one (an invalid snapshot file), which outranks drift.
  const storeCodes = [...results.values()].flatMap((r) => ("error" in r ? [r.error.exitCode] : []));
  const codes = [...storeCodes, ...pairErrors];
  const exitCode = codes.includes(3) ? 3 : codes.includes(2) ? 2 : blocked ? 1 : 0;

  const report: DriftReport = {
    version: DRIFT_REPORT_VERSION,
    tool: "driftgate",
    toolVersion: request.toolVersion,
    generatedAt: at,
    runId,
    failOn: request.failOn,
    environments: statuses,
    pairs,
    outOfBand,
    deployed,
    fleets,
    waivers: { expiringSoon: expiringSoon(waivers, today), expired: check.waivers.expired, unused: check.waivers.unused },
    trend: keptTrend([...records.map((r) => r.trend), trendPoint], request.keep, now),
    summary: { ...totals, new: pairs.reduce((n, p) => n + p.summary.new, 0), outOfBand: outOfBand.length, unreachable },
    blocked,
    exitCode,
  };

  if (history) {
    const record: RunRecord = {
      version: 1,
      runId,
      at,
      toolVersion: request.toolVersion,
      environments: statuses.map((s) => ({
        name: s.name,
        fingerprint: s.fingerprint,
        stores: plan.units
          .filter((u) => u.environment.name === s.name && u.shard !== null)
          .map((u) => {
            const r = results.get(u.key)!;
            return { shard: u.shard!, fingerprint: "fingerprint" in r ? r.fingerprint : null };
          }),
      })),
      findings: Object.fromEntries(pairs.filter((p) => p.error === null).map((p) => [pairKey(p.source, p.target), Object.fromEntries(p.findings.map((f) => [f.id, f.firstSeen]))])),
      trend: trendPoint,
    };
    await history.writeRun(record);
    if (request.keep) await history.prune(request.keep, now);
  }
  return redactDeep(report);
}

/** The fingerprint of the unit's snapshot in run `last` (its newest earlier one), as that run recorded it; null when unknown. */
function recordedFingerprint(
  unit: ReportUnit,
  last: string | undefined,
  records: ReadonlyMap<string, RunRecord>,
): { runId: string; fingerprint: string } | null {
  if (last === undefined) return null;
  const environment = records.get(last)?.environments.find((e) => e.name === unit.environment.name);
  const fingerprint = unit.shard === null ? environment?.fingerprint : environment?.stores.find((s) => s.shard === unit.shard)?.fingerprint;
  return fingerprint ? { runId: last, fingerprint } : null;
}

/** The trend over the runs retention keeps (this one included), so the chart matches the history. */
function keptTrend(points: readonly TrendPoint[], keep: ReportRequest["keep"], now: Date): TrendPoint[] {
  if (keep?.runs !== undefined) return points.slice(-keep.runs);
  if (keep?.days !== undefined) {
    const cutoff = new Date(now.getTime() - keep.days * 86_400_000).toISOString();
    return points.filter((p) => p.at >= cutoff);
  }
  return [...points];
}

/**
 * A fleet store's identity for grouping: its content's fingerprint without the database's name, which
 * differs per shard by design (meta_001, meta_002) and which no rule compares.
 */
function shapeOf(snapshot: Snapshot): string {
  // One pass gives the snapshot's own fingerprint too, which its history file then reuses.
  return fingerprintWithVariant(snapshot.content as unknown as Record<string, unknown>, "database", "name", "").variant;
}

function groupByFingerprint(stores: readonly { shard: string; fingerprint: string | null }[]): { fingerprint: string; shards: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const store of stores) {
    if (store.fingerprint === null) continue;
    const list = groups.get(store.fingerprint) ?? [];
    list.push(store.shard);
    groups.set(store.fingerprint, list);
  }
  // Biggest first; a tie goes to the group holding the earlier store, so the majority is stable.
  return [...groups.entries()]
    .map(([fingerprint, shards]) => ({ fingerprint, shards }))
    .sort((a, b) => b.shards.length - a.shards.length || stores.findIndex((s) => s.shard === a.shards[0]) - stores.findIndex((s) => s.shard === b.shards[0]));
}

function judgeSeverity(severity: Record<string, SeverityOverride> | undefined): Record<string, SeverityOverride> {
  return Object.fromEntries(Object.entries(severity ?? {}).filter(([rule]) => DIALECTS.some((d) => d.rules.some((r) => r.id === rule))));
}

function expiringSoon(waivers: readonly Waiver[], today: string): Waiver[] {
  const limit = new Date(Date.parse(`${today}T00:00:00Z`) + EXPIRY_WINDOW_DAYS * 86_400_000).toISOString().slice(0, 10);
  return waivers.filter((w) => w.expires >= today && w.expires <= limit).sort((a, b) => compareText(a.expires, b.expires));
}

