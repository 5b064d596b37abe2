import type { MemberList, Severity } from "../model/finding.js";

/** A finding as a rule states it: judge() adds the rule id, the final severity and the stable id. */
export interface FindingDraft {
  readonly objectKind: string;
  /** Fully qualified, identifiers quoted as the dialect prints them. */
  readonly object: string;
  readonly message: string;
  readonly why: string;
  readonly source?: string;
  readonly target?: string;
  readonly diff?: string;
  readonly hint?: string;
  /** When one rule judges cases differently (a NOT NULL with or without a default); else the rule's default. */
  readonly severity?: Severity;
  /**
   * Tells apart several findings of one rule on one object (the grantee, the label, the setting scope).
   * Part of the stable id, so it must name *what* differs, never the values, which change between runs.
   */
  readonly detail?: string;
  /** Where the object lives, so judge() can fold its finding into one about its whole missing schema or table. */
  readonly within?: Scope;
  /** Set on a finding about a whole missing schema or table: findings `within` it fold into this one. */
  readonly holds?: Scope;
  /** The parts of a whole missing object that are no findings of their own (a missing table's columns). */
  readonly members?: readonly MemberList[];
}

/** A schema, or a table in it (qualified, as relationName prints it). */
export interface Scope {
  readonly schema: string;
  readonly table?: string;
}

/**
 * One rule: a small, self-describing definition object in its own file, listed in its dialect's registry.
 * `Context` is what the dialect hands its rules (both snapshots, paired); `Section` names the parts of a
 * snapshot a rule reads, so the catalogue can tell configuration rules from object rules.
 */
export interface RuleDefinition<Context = unknown, Section extends string = string> {
  /** kebab-case, equal to the file name. */
  readonly id: string;
  readonly description: string;
  /** The parts of the snapshot the rule looks at. */
  readonly reads: readonly Section[];
  /** The most severe level the rule reports; drafts may lower it case by case. */
  readonly defaultSeverity: Severity;
  check(context: Context): readonly FindingDraft[];
}
