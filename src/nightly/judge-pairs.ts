import { resolve } from "node:path";
import { judge, type SeverityOverride } from "../diff/judge.js";
import { RULE_IDS } from "../diff/rule-catalogue.js";
import { RULES } from "../diff/rules/index.js";
import { DriftgateError, ExitCode, InputError } from "../errors.js";
import { buildCheckReport, type JudgedPair } from "../gate/build-check-report.js";
import { compareAppConfig } from "../gate/compare-app-config.js";
import { writeSchemaFindings } from "../gate/write-schema-findings.js";
import type { CheckReport, FailOn } from "../model/check-report.js";
import type { Environment } from "../model/environment.js";
import type { Finding } from "../model/finding.js";
import type { Snapshot } from "../model/snapshot.js";
import { listWriteSchemas } from "../schemas/write-schemas.js";
import { loadAppConfigs } from "../sources/app-config.js";
import { redactSecrets } from "../sources/redact.js";
import { loadWaivers } from "../sources/waivers.js";

/** The part of check's request the report hands over: the stores are already read. */
export interface PairJudgementRequest {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly environmentsDir?: string;
  readonly schemasDir?: string;
  readonly waiversFile?: string;
  readonly failOn: FailOn;
  readonly severity?: Record<string, SeverityOverride>;
  readonly ignoreRoles?: readonly string[];
  readonly ignoreSchemas?: readonly string[];
  readonly today: string;
  /** The promotion pairs to judge, in order. */
  readonly pairs: readonly (readonly [Environment, Environment])[];
  /** Every environment's snapshot (a fleet's: its majority's), or why it could not be read. */
  readonly snapshots: ReadonlyMap<string, Snapshot | DriftgateError>;
}

/**
 * The one place the report asks "what does check say about this pair?". Built on the gate's own parts
 * (judge, write-schema fit, app-config comparison, waivers, severity overrides, buildCheckReport) in the
 * same order check uses them, so a pair's verdict here is check's verdict on the same snapshots.
 */
export async function judgePairs(request: PairJudgementRequest): Promise<CheckReport> {
  const base = { cwd: request.cwd, env: request.env, environmentsDir: request.environmentsDir };
  const writeSchemas = await listWriteSchemas(resolve(request.cwd, request.schemasDir ?? "schemas"));
  const { waivers } = await loadWaivers({ ...base, file: request.waiversFile, knownRules: RULE_IDS });
  const severity = request.severity ?? {};
  for (const rule of Object.keys(severity)) {
    if (!RULE_IDS.includes(rule)) throw new InputError(`--severity: unknown rule "${rule}" (known: ${RULE_IDS.join(", ")}; see driftgate rules)`);
  }
  const judgeSeverity = Object.fromEntries(Object.entries(severity).filter(([rule]) => RULES.some((r) => r.id === rule)));
  const judged: JudgedPair[] = [];
  for (const [source, target] of request.pairs) {
    const s = request.snapshots.get(source.name);
    const t = request.snapshots.get(target.name);
    const sides = {
      source: { environment: source.name, label: source.name, fingerprint: s && !(s instanceof Error) ? s.fingerprint : null },
      target: { environment: target.name, label: target.name, fingerprint: t && !(t instanceof Error) ? t.fingerprint : null },
    };
    const failure = s instanceof Error ? s : t instanceof Error ? t : undefined;
    if (failure || !s || !t || s instanceof Error || t instanceof Error) {
      const code = failure?.exitCode === ExitCode.badInput ? 2 : 3;
      judged.push({ ...sides, findings: [], error: { exitCode: code, message: redactSecrets(failure?.message ?? "store could not be read") } });
      continue;
    }
    let findings: Finding[] = judge(s, t, {
      ignoreRoles: request.ignoreRoles,
      ignoreSchemas: request.ignoreSchemas,
      severity: judgeSeverity,
      writers: [...source.writers, ...target.writers],
    });
    try {
      findings = [...findings, ...writeSchemaFindings(writeSchemas, s, t, request.cwd), ...(await appConfigFindings(source, target, request.cwd))];
    } catch (error) {
      if (!(error instanceof DriftgateError)) throw error;
      judged.push({ ...sides, findings: [], error: { exitCode: error.exitCode === ExitCode.storeFailure ? 3 : 2, message: redactSecrets(error.message) } });
      continue;
    }
    judged.push({ ...sides, findings });
  }
  return buildCheckReport({ command: "check", failOn: request.failOn, pairs: judged, waivers, severity, today: request.today });
}

async function appConfigFindings(source: Environment, target: Environment, cwd: string): Promise<Finding[]> {
  if (source.appConfig.length === 0 && target.appConfig.length === 0) return [];
  return compareAppConfig(await loadAppConfigs(source, { cwd }), await loadAppConfigs(target, { cwd }));
}
