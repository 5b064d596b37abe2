import { isAbsolute, relative } from "node:path";
import { DriftgateError, ExitCode, InputError } from "../errors.js";
import { compareText } from "../model/canonical-json.js";
import type { Environment } from "../model/environment.js";
import type { Snapshot } from "../dialects/index.js";
import { listEnvironments, looksLikeUrl, type EnvironmentOptions } from "../sources/environments.js";
import { redactSecrets, redactUrl, registerUrlSecrets } from "../model/redact.js";
import { resolveSnapshot, type ResolveOptions } from "../sources/resolve-snapshot.js";

/** One store the report reads: a single-store environment, or one store of a fleet. */
export interface ReportUnit {
  readonly environment: Environment;
  /** null for a single-store environment. */
  readonly shard: string | null;
  readonly store: string;
  /** Redacted, short: what the page shows for it. */
  readonly label: string;
  /** environment, or environment/shard: unique, and the unit's name in shard manifests. */
  readonly key: string;
}

export interface ReportPlan {
  readonly environments: readonly Environment[];
  readonly pairs: readonly (readonly [Environment, Environment])[];
  readonly units: readonly ReportUnit[];
}

/**
 * The environments to report (all, or those named), their promotion pairs (both sides selected), and
 * every store to read, fleets expanded. Bad input (an unknown name, a "promotesTo" with no file, a cycle)
 * is refused before any store is read.
 */
export async function planReport(options: EnvironmentOptions, names: readonly string[] | undefined, cwd: string): Promise<ReportPlan> {
  const all = await listEnvironments(options);
  const where = options.environmentsDir ?? "environments";
  if (all.length === 0) throw new InputError(`nothing to report: no environment files in ${where}/`);
  const byName = new Map(all.map((e) => [e.name, e]));
  for (const name of names ?? []) {
    if (!byName.has(name)) throw new InputError(`--envs: unknown environment "${name}" (known: ${all.map((e) => e.name).join(", ")})`);
  }
  const selected = names && names.length > 0 ? all.filter((e) => names.includes(e.name)) : all;
  for (const environment of all) {
    if (environment.promotesTo !== null && !byName.has(environment.promotesTo)) {
      throw new InputError(`environment "${environment.name}" promotes to "${environment.promotesTo}", which has no file in ${where}/`);
    }
  }
  const depth = (name: string, seen: string[] = []): number => {
    if (seen.includes(name)) throw new InputError(`"promotesTo" forms a cycle: ${[...seen, name].join(" -> ")}`);
    const from = all.find((e) => e.promotesTo === name);
    return from ? depth(from.name, [...seen, name]) + 1 : 0;
  };
  // Promotion order (test, staging, prod), as a deploy travels; the matrix reads left to right.
  const ordered = [...selected].sort((a, b) => depth(a.name) - depth(b.name) || compareText(a.name, b.name));
  const pairs = ordered.flatMap((e) => {
    const next = e.promotesTo === null ? undefined : selected.find((n) => n.name === e.promotesTo);
    return next ? [[e, next] as const] : [];
  });
  const units = ordered.flatMap((environment): ReportUnit[] => {
    if (environment.shards.length === 0) return [{ environment, shard: null, store: environment.store, label: labelOf(environment.store, cwd), key: environment.name }];
    return environment.shards.map((shard) => ({
      environment,
      shard: shard.name,
      store: shard.store,
      label: labelOf(shard.store, cwd),
      key: `${environment.name}/${shard.name}`,
    }));
  });
  for (const unit of units) registerUrlSecrets(unit.store);
  return { environments: ordered, pairs, units };
}

/** --shard i/n: every n-th store, starting at the i-th (1-based), so jobs split a fleet evenly. */
export function shardOf<T>(items: readonly T[], shard: { index: number; count: number } | undefined): T[] {
  if (!shard) return [...items];
  return items.filter((_, position) => position % shard.count === shard.index - 1);
}

/**
 * Reads every unit with at most `concurrency` reads at once, each in its own read-only transaction (the
 * store layer's). A store that cannot be read is its error, never the run's end: the others are still
 * reported. `onSnapshot` is called as each one arrives, so the caller can write it to history and keep
 * only what the page needs.
 */
export async function snapshotUnits(
  units: readonly ReportUnit[],
  base: ResolveOptions,
  concurrency: number,
  onSnapshot: (unit: ReportUnit, result: Snapshot | DriftgateError) => Promise<void>,
  say: (message: string) => void,
): Promise<void> {
  let next = 0;
  // Several stores at once already keep the server's cores busy: one connection each. A store read
  // alone may still spread its catalog read over two (a large single environment).
  const secondConnection = Math.min(concurrency, units.length) <= 1;
  const worker = async () => {
    while (next < units.length) {
      const unit = units[next++]!;
      say(`reading ${unit.key}...`);
      let result: Snapshot | DriftgateError;
      try {
        result = await resolveSnapshot(unit.store, {
          ...base,
          secondConnection,
          includeSchemas: unit.environment.includeSchemas,
          excludeSchemas: unit.environment.excludeSchemas,
        });
      } catch (error) {
        result =
          error instanceof DriftgateError
            ? error
            : new DriftgateError(redactSecrets(error instanceof Error ? error.message : String(error)), ExitCode.storeFailure);
        say(`${unit.key}: ${redactSecrets(result.message)}`);
      }
      await onSnapshot(unit, result);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, units.length)) }, worker));
}

function labelOf(reference: string, cwd: string): string {
  if (looksLikeUrl(reference)) return redactUrl(reference);
  if (!isAbsolute(reference)) return reference;
  const inside = relative(cwd, reference);
  return inside === "" ? "." : inside.startsWith("..") ? reference : inside;
}
