import type { SeverityOverride } from "../diff/judge.js";
import { RULE_IDS } from "../dialects/rule-catalogue.js";
import type { DriftgateError } from "../errors.js";
import { runCheck } from "../check/run-check.js";
import { buildCheckReport } from "../gate/build-check-report.js";
import type { CheckReport, FailOn } from "../model/check-report.js";
import type { Environment } from "../model/environment.js";
import type { Snapshot } from "../dialects/index.js";
import { loadWaivers } from "../sources/waivers.js";

/** The part of check's request the report hands over: the stores are already read. */
export interface PairJudgementRequest {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly environmentsDir?: string;
  /** The environments the report covers; undefined = all (every promotion pair). */
  readonly selection?: readonly string[];
  readonly schemasDir?: string;
  readonly waiversFile?: string;
  readonly failOn: FailOn;
  readonly severity?: Record<string, SeverityOverride>;
  readonly ignoreRoles?: readonly string[];
  readonly ignoreSchemas?: readonly string[];
  readonly today: string;
  /** The promotion pairs the report expects, in order; none = nothing for check to judge. */
  readonly pairs: readonly (readonly [Environment, Environment])[];
  /** Every environment's snapshot (a fleet's: its majority's), or why it could not be read. */
  readonly snapshots: ReadonlyMap<string, Snapshot | DriftgateError>;
}

/**
 * The one place the report asks "what does check say about these pairs?": runCheck itself, handed the
 * snapshots the report already read, so a pair's verdict here is check's verdict on the same stores
 * (rules, write-schema fit, app-config, waivers, severity overrides, blocking, redaction).
 */
export async function judgePairs(request: PairJudgementRequest): Promise<CheckReport> {
  if (request.pairs.length === 0) {
    // check refuses a run with no pair; a report of one environment still shows it, its history and waivers.
    const { waivers } = await loadWaivers({ cwd: request.cwd, env: request.env, environmentsDir: request.environmentsDir, file: request.waiversFile, knownRules: RULE_IDS });
    return buildCheckReport({ command: "check", failOn: request.failOn, pairs: [], waivers, today: request.today });
  }
  return runCheck({
    command: "check",
    cwd: request.cwd,
    env: request.env,
    environmentsDir: request.environmentsDir,
    environments: request.selection,
    schemasDir: request.schemasDir,
    waiversFile: request.waiversFile,
    failOn: request.failOn,
    severity: request.severity,
    ignoreRoles: request.ignoreRoles,
    ignoreSchemas: request.ignoreSchemas,
    today: request.today,
    snapshots: request.snapshots,
  });
}
