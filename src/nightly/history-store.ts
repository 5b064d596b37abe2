import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { DriftgateError, ExitCode } from "../errors.js";
import type { Snapshot } from "../dialects/index.js";
import { ENVIRONMENT_NAME } from "../sources/environments.js";
import { serialiseSnapshot } from "../files/snapshot-file.js";
import { readSnapshotFile } from "../dialects/index.js";
import { writeFileAtomic } from "../files/write-file-atomic.js";
import type { DeployMark, RunRecord } from "./nightly-report.js";

/**
 * The report's memory between runs, one folder (default .driftgate/history/):
 *
 *   <env>/<run>.json.gz            the environment's snapshot in that run (gzip, canonical JSON inside)
 *   <env>/<shard>/<run>.json.gz    the same, per store of a fleet
 *   runs/<run>.json                what the run found: fingerprints, finding ids and when each was first seen, counts
 *   deploys/<env>/<time>-<rand>.json   a deploy someone recorded (report --mark-deploy, check --record-deploy)
 *
 * Every file is written once under a name no other run can choose (time + random) and renamed into place,
 * and nothing is an index that two runs would both rewrite: two runs at once each add their own files and
 * neither can lose or corrupt the other's. "The previous run" is the newest one older than this run.
 */
export class HistoryStore {
  constructor(readonly dir: string) {}

  unitDir(environment: string, shard: string | null): string {
    return shard === null ? join(this.dir, environment) : join(this.dir, environment, shard);
  }

  /** Compressed and renamed into place: a reader sees no file or a whole one. Returns the file written. */
  async writeSnapshot(environment: string, shard: string | null, runId: string, snapshot: Snapshot): Promise<string> {
    const dir = this.unitDir(environment, shard);
    await makeDir(dir);
    const file = join(dir, `${runId}.json.gz`);
    await writeFileAtomic(file, gzipSync(serialiseSnapshot(snapshot), { level: 6 }));
    return file;
  }

  /** The runs before `runId` that kept a snapshot of the unit, newest first. */
  async earlierRuns(environment: string, shard: string | null, runId: string): Promise<string[]> {
    return (await runFiles(this.unitDir(environment, shard))).filter((run) => run < runId).sort().reverse();
  }

  /**
   * The unit's newest snapshot from a run before `runId`, or null when there is none. A file that cannot
   * be read (truncated by a full disk, say) is passed over for the one before it, and said so. `runs`:
   * earlierRuns() when the caller has already listed them.
   */
  async previousSnapshot(
    environment: string,
    shard: string | null,
    runId: string,
    onNote: (note: string) => void,
    runs?: readonly string[],
  ): Promise<{ runId: string; snapshot: Snapshot } | null> {
    const dir = this.unitDir(environment, shard);
    for (const run of runs ?? (await this.earlierRuns(environment, shard, runId))) {
      try {
        return { runId: run, snapshot: await readSnapshotFile(join(dir, `${run}.json.gz`)) };
      } catch (error) {
        // Removed by another run's retention between listing and reading: simply older history.
        if ((error as DriftgateError).message?.includes("no such file")) continue;
        onNote(`history ${shard === null ? environment : `${environment}/${shard}`}: run ${run} skipped: ${(error as Error).message}`);
      }
    }
    return null;
  }

  async writeRun(record: RunRecord): Promise<void> {
    const dir = join(this.dir, "runs");
    await makeDir(dir);
    await writeFileAtomic(join(dir, `${record.runId}.json`), `${JSON.stringify(record)}\n`);
  }

  /** Every readable run record, oldest first; unreadable ones (foreign files, a future format) are skipped. */
  async runs(): Promise<RunRecord[]> {
    const dir = join(this.dir, "runs");
    const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => RUN_FILE.test(n)).sort();
    const records: RunRecord[] = [];
    for (const name of names) {
      try {
        const record = JSON.parse(await readFile(join(dir, name), "utf8")) as RunRecord;
        if (record.version === 1 && typeof record.runId === "string") records.push(record);
      } catch {
        /* removed meanwhile, or not ours */
      }
    }
    return records;
  }

  async markDeploy(mark: DeployMark): Promise<string> {
    if (!ENVIRONMENT_NAME.test(mark.environment)) throw new DriftgateError(`"${mark.environment}" is not a valid environment name`, ExitCode.badInput);
    const dir = join(this.dir, "deploys", mark.environment);
    await makeDir(dir);
    const file = join(dir, `${compactTime(new Date(mark.at))}-${randomBytes(3).toString("hex")}.json`);
    await writeFileAtomic(file, `${JSON.stringify(mark)}\n`);
    return file;
  }

  /** Deploys of `environment` recorded after `after` (exclusive; null = ever) and up to `until` (inclusive), ISO times. */
  async deploys(environment: string, after: string | null, until: string): Promise<DeployMark[]> {
    const dir = join(this.dir, "deploys", environment);
    const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith(".json")).sort();
    const marks: DeployMark[] = [];
    for (const name of names) {
      try {
        const mark = JSON.parse(await readFile(join(dir, name), "utf8")) as DeployMark;
        if ((after === null || mark.at > after) && mark.at <= until) marks.push(mark);
      } catch {
        /* half-removed or foreign */
      }
    }
    return marks;
  }

  /**
   * Retention: keeps the run records (and their snapshots) of the newest `keep.runs` runs, or of the last
   * `keep.days` days; always keeps each unit's newest snapshot, so the next run still has something to
   * compare with. Deploy marks older than every kept run are removed too. Files another run is writing at
   * this moment have names newer than anything removed here, so a concurrent run loses nothing.
   */
  async prune(keep: { runs?: number; days?: number }, now: Date): Promise<number> {
    const runs = (await this.runs()).map((r) => r.runId).sort();
    let kept: string[];
    if (keep.runs !== undefined) kept = runs.slice(-keep.runs);
    else if (keep.days !== undefined) {
      const cutoff = compactTime(new Date(now.getTime() - keep.days * 86_400_000));
      kept = runs.filter((run) => run >= cutoff);
    } else return 0;
    const oldestKept = kept[0];
    if (oldestKept === undefined) return 0;
    let removed = 0;
    for (const run of runs) {
      if (run >= oldestKept) break;
      await rm(join(this.dir, "runs", `${run}.json`), { force: true });
      removed += 1;
    }
    for (const dir of await this.unitDirs()) {
      const files = (await runFiles(dir)).sort();
      const newest = files.at(-1);
      for (const run of files) if (run < oldestKept && run !== newest) await rm(join(dir, `${run}.json.gz`), { force: true });
    }
    const deploysDir = join(this.dir, "deploys");
    const oldestTime = runTime(oldestKept);
    for (const env of await readdir(deploysDir).catch(() => [] as string[])) {
      for (const name of await readdir(join(deploysDir, env)).catch(() => [] as string[])) {
        if (name.endsWith(".json") && name < compactTime(new Date(oldestTime))) await rm(join(deploysDir, env, name), { force: true });
      }
    }
    return removed;
  }

  /** Every folder that holds snapshots: <env>/ and <env>/<shard>/. */
  private async unitDirs(): Promise<string[]> {
    const out: string[] = [];
    for (const env of await readdir(this.dir).catch(() => [] as string[])) {
      if (env === "runs" || env === "deploys") continue;
      out.push(join(this.dir, env));
      const entries = await readdir(join(this.dir, env), { withFileTypes: true }).catch(() => []);
      for (const entry of entries) if (entry.isDirectory()) out.push(join(this.dir, env, entry.name));
    }
    return out;
  }
}

/** A run id: its start time (UTC, sortable as text) and a random tail no other run shares. */
export function newRunId(now: Date): string {
  return `${compactTime(now)}-${randomBytes(3).toString("hex")}`;
}

/** The ISO time a run id starts with. */
export function runTime(runId: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z/.exec(runId);
  if (!m) return runId;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`;
}

function compactTime(date: Date): string {
  return date.toISOString().replace(/[-:.]/g, "");
}

const RUN_FILE = /^\d{8}T\d{9}Z-[0-9a-f]{6}\.json$/;
const SNAPSHOT_FILE = /^(\d{8}T\d{9}Z-[0-9a-f]{6})\.json\.gz$/;

async function runFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.flatMap((name) => {
    const m = SNAPSHOT_FILE.exec(name);
    return m ? [m[1]!] : [];
  });
}

async function makeDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new DriftgateError(`cannot create history folder ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, ExitCode.badInput);
  }
}
