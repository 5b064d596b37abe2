import { InputError } from "../errors.js";
import { compareText } from "../model/canonical-json.js";
import type { Environment } from "../model/environment.js";

/** One side of a planned comparison: how the user named the store, and its environment when it was one. */
export interface PlannedSide {
  /** What is read: two sides with one key are read once (test and staging built from the same migrations). */
  readonly key: string;
  /** The reference as given (explicit pairs) or the environment's name (promotion pairs). */
  readonly reference: string;
  readonly environment: Environment | null;
}

export type PlannedPair = readonly [PlannedSide, PlannedSide];

export interface PromotionOptions {
  /** For messages: the folder the environments came from, as the user named it. */
  readonly where: string;
  /** Keep only pairs whose both sides are among these names; each must name an environment. */
  readonly only?: readonly string[];
}

/**
 * The pairs of a run without SOURCE and TARGET: every environment with the one it promotes to, in
 * promotion order (test -> staging before staging -> prod, as a deploy travels). Pure: the environments
 * are already loaded. A chain that points at a missing environment or loops is bad input, found before
 * any store is read; so is a run with nothing to compare.
 */
export function promotionPairs(environments: readonly Environment[], options: PromotionOptions): PlannedPair[] {
  const byName = new Map(environments.map((e) => [e.name, e]));
  const pairs: [PlannedSide, PlannedSide][] = [];
  for (const environment of environments) {
    if (environment.promotesTo === null) continue;
    const next = byName.get(environment.promotesTo);
    if (!next) throw new InputError(`environment "${environment.name}" promotes to "${environment.promotesTo}", which has no file in ${options.where}/`);
    pairs.push([environmentSide(environment), environmentSide(next)]);
  }
  const depth = (name: string, seen: string[] = []): number => {
    if (seen.includes(name)) throw new InputError(`"promotesTo" forms a cycle: ${[...seen, name].join(" -> ")}`);
    const from = environments.find((e) => e.promotesTo === name);
    return from ? depth(from.name, [...seen, name]) + 1 : 0;
  };
  pairs.sort((a, b) => depth(a[0].reference) - depth(b[0].reference) || compareText(a[0].reference, b[0].reference));
  if (pairs.length === 0) {
    throw new InputError(
      environments.length === 0
        ? `nothing to check: no environment files in ${options.where}/ (give SOURCE and TARGET, or add environments)`
        : `nothing to check: no environment in ${options.where}/ has "promotesTo" (give SOURCE and TARGET, or set it)`,
    );
  }
  if (options.only === undefined) return pairs;
  // A typo in the selection must not shrink the run silently to nothing, or to less than was meant.
  const unknown = options.only.filter((name) => !byName.has(name));
  if (unknown.length > 0) {
    throw new InputError(`unknown environment${unknown.length === 1 ? "" : "s"} ${unknown.map((n) => `"${n}"`).join(", ")} (known: ${[...byName.keys()].join(", ")})`);
  }
  const chosen = pairs.filter(([source, target]) => options.only!.includes(source.reference) && options.only!.includes(target.reference));
  if (chosen.length === 0) throw new InputError(`nothing to check: no environment among ${options.only.join(", ")} promotes to another of them`);
  return chosen;
}

export function environmentSide(environment: Environment): PlannedSide {
  // Keyed by what is read, not by name: test and staging built from the same migrations boot PGlite once.
  const key = JSON.stringify([environment.store, environment.includeSchemas, environment.excludeSchemas]);
  return { key, reference: environment.name, environment };
}
