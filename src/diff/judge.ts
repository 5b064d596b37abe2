import { InputError } from "../errors.js";
import { compareText } from "../model/canonical-json.js";
import { severityRank, type Finding, type Severity } from "../model/finding.js";
import { findingId } from "../model/finding-id.js";
import type { SnapshotEnvelope } from "../model/snapshot-envelope.js";
import type { Dialect } from "./dialect.js";
import { foldMembers, type ScopedFinding } from "./fold-members.js";
import type { RuleDefinition } from "./rule-definition.js";

export type SeverityOverride = Severity | "off";

export interface JudgeOptions {
  /** Per rule id: a new severity for every finding of that rule, or "off" to drop them. */
  readonly severity?: Readonly<Record<string, SeverityOverride>>;
  /** Roles left out of the comparison (grants, memberships, settings, ownership), e.g. operator roles that differ per environment. */
  readonly ignoreRoles?: readonly string[];
  /** Schemas left out entirely. */
  readonly ignoreSchemas?: readonly string[];
  /**
   * The roles the application writes as (environment files' "writers", both sides'): settings are judged
   * as each of them gets them at login. Without any, the server and database levels are judged.
   */
  readonly writers?: readonly string[];
  /** The rules to run; defaults to the dialect's. */
  readonly rules?: readonly RuleDefinition<never>[];
}

const OVERRIDES = new Set<string>(["breaking", "risky", "info", "off"]);

/**
 * Judges every difference between SOURCE (where writes were validated) and TARGET (about to receive the
 * deploy). Pure and deterministic: the same two snapshots give the same findings, ids and order.
 * Findings about objects inside a schema or table missing as a whole fold into that one finding.
 */
export function judgeWith<S extends SnapshotEnvelope, C>(dialect: Dialect<S, C>, source: S, target: S, options: JudgeOptions = {}): Finding[] {
  const rules = (options.rules as readonly RuleDefinition<C>[] | undefined) ?? dialect.rules;
  const overrides = validateOverrides(options.severity ?? {}, rules);
  const context = dialect.createContext(source, target, {
    ignoreRoles: new Set(options.ignoreRoles ?? []),
    ignoreSchemas: new Set(options.ignoreSchemas ?? []),
    writers: options.writers ?? [],
  });
  const findings: ScopedFinding[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    const override = overrides.get(rule.id);
    if (override === "off") continue;
    for (const draft of rule.check(context)) {
      const { severity: draftSeverity, detail, within, holds, ...rest } = draft;
      let id = findingId(rule.id, draft.object, detail ?? "");
      // A rule that forgot a detail must not produce two findings under one id; the message tells them apart.
      if (seen.has(id)) id = findingId(rule.id, draft.object, `${detail ?? ""}\u0000${draft.message}`);
      seen.add(id);
      const finding: Finding = { id, rule: rule.id, severity: override ?? draftSeverity ?? rule.defaultSeverity, ...rest };
      findings.push({ finding, ...(within ? { within } : {}), ...(holds ? { holds } : {}) });
    }
  }
  // Overrides are applied first, so a group's severity is the worst of what its members would have been.
  return foldMembers(findings, (rule) => overrides.has(rule)).sort(compareFindings);
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    compareText(a.object, b.object) ||
    compareText(a.rule, b.rule) ||
    compareText(a.id, b.id)
  );
}

function validateOverrides(
  overrides: Readonly<Record<string, SeverityOverride>>,
  rules: readonly { readonly id: string }[],
): Map<string, SeverityOverride> {
  const known = new Set(rules.map((r) => r.id));
  const out = new Map<string, SeverityOverride>();
  for (const [rule, value] of Object.entries(overrides)) {
    // Fail closed: a misspelt rule id would otherwise silently leave the rule at full strength or off.
    if (!known.has(rule)) throw new InputError(`unknown rule "${rule}" in severity overrides`);
    if (!OVERRIDES.has(value)) throw new InputError(`invalid severity "${String(value)}" for rule "${rule}" (use breaking, risky, info or off)`);
    out.set(rule, value);
  }
  return out;
}
