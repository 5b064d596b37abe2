import type { Severity } from "./finding.js";

/**
 * Where a finding kind comes from. `catalog` and `settings` are the rules judge() runs over two snapshots
 * (src/dialects/postgresql/rules/); the others are added by the gate: a write schema fitted to both stores, the
 * application's configuration compared, documents tried as rolled-back writes.
 */
export type RuleFamily = "catalog" | "settings" | "fit" | "app-config" | "probe";

/** Family titles as documents and `driftgate rules` print them, in the order they list families. */
export const RULE_FAMILIES: Readonly<Record<RuleFamily, string>> = {
  catalog: "catalog",
  settings: "settings",
  fit: "write-schema fit",
  "app-config": "app-config",
  probe: "probe",
};

/** One kind of finding: every rule id a finding can carry has exactly one entry in the rule catalogue. */
export interface RuleCatalogueEntry {
  readonly id: string;
  readonly family: RuleFamily;
  /** The most severe level the rule reports before --severity; some cases are reported lower. */
  readonly defaultSeverity: Severity;
  readonly description: string;
  /** What an application's write does when the rule fires, one sentence. */
  readonly writeEffect: string;
}

type KindText = Omit<RuleCatalogueEntry, "id" | "family">;

/**
 * The `fit` findings: `driftgate fit` reports them for one store, and `check` reports those that fit
 * SOURCE but not TARGET. Keyed by id so that the type below is the list of ids: the code that emits
 * them types its rule field with it, and a new id fails to compile until it is described here.
 */
const FIT = {
  "fit-check-constraint": {
    defaultSeverity: "risky",
    description: "The table has an enforced CHECK constraint, which JSON Schema cannot express.",
    writeEffect: "A CHECK expression can reject documents the schema allows; driftgate cannot prove either way.",
  },
  "fit-data-dependent": {
    defaultSeverity: "info",
    description: "The table has a UNIQUE, PRIMARY KEY, FOREIGN KEY or EXCLUDE constraint, which depends on stored rows.",
    writeEffect: "Whether it rejects a row depends on the data already stored, not on the document's shape.",
  },
  "fit-domain-check": {
    defaultSeverity: "risky",
    description: "A column written from the document is of a domain with a CHECK constraint.",
    writeEffect: "A CHECK expression can reject values the schema allows; driftgate cannot prove either way.",
  },
  "fit-enum-label": {
    defaultSeverity: "breaking",
    description: "The schema allows a string that is not one of the enum column's labels.",
    writeEffect: "PostgreSQL rejects a value that is not one of the enum's labels (\"invalid input value for enum\").",
  },
  "fit-format": {
    defaultSeverity: "breaking",
    description: "The schema allows text (format, pattern) that the column type's input function cannot parse.",
    writeEffect: "PostgreSQL rejects text its input function cannot parse.",
  },
  "fit-generated-column": {
    defaultSeverity: "breaking",
    description: "The schema allows a property for a generated or GENERATED ALWAYS identity column.",
    writeEffect: "An INSERT may not give a value for a generated column: it fails with \"cannot insert a non-DEFAULT value\".",
  },
  "fit-length": {
    defaultSeverity: "breaking",
    description: "The schema allows strings longer than the column's length limit.",
    writeEffect: "PostgreSQL rejects a longer value (\"value too long for type\").",
  },
  "fit-not-null": {
    defaultSeverity: "breaking",
    description: "The schema allows null for a NOT NULL column.",
    writeEffect: "A document with null there fails the column's NOT NULL constraint.",
  },
  "fit-partition": {
    defaultSeverity: "risky",
    description: "The table is partitioned; its partition bounds are not compared with the schema.",
    writeEffect: "A row that falls outside every partition's bounds is rejected.",
  },
  "fit-precision": {
    defaultSeverity: "breaking",
    description: "The schema allows numbers that do not fit the column's numeric(p,s) precision.",
    writeEffect: "PostgreSQL rejects a value that does not fit the numeric type after rounding (\"numeric field overflow\").",
  },
  "fit-range": {
    defaultSeverity: "breaking",
    description: "The schema allows numbers outside the column type's range (or not multiples it can store).",
    writeEffect: "PostgreSQL rejects a value outside the type's range (\"out of range\").",
  },
  "fit-required-column": {
    defaultSeverity: "breaking",
    description: "A column is NOT NULL without a default, but the schema does not require its property.",
    writeEffect: "A document without the property inserts NULL, which the column rejects.",
  },
  "fit-rounding": {
    defaultSeverity: "info",
    description: "A numeric(p,s) column rounds values with more decimals than the schema limits them to.",
    writeEffect: "The write succeeds, but the stored value is rounded.",
  },
  "fit-row-security": {
    defaultSeverity: "risky",
    description: "The table has row level security enabled.",
    writeEffect: "A policy's WITH CHECK depends on the writing role and the row's values: a write may be rejected.",
  },
  "fit-table-absent": {
    defaultSeverity: "info",
    description: "A write schema names a table that neither store has, so it was not fitted (check only).",
    writeEffect: "Nothing was checked for this schema here; if it belongs to another store, this is expected.",
  },
  "fit-trigger": {
    defaultSeverity: "risky",
    description: "The table has an enabled INSERT trigger.",
    writeEffect: "A trigger can reject or change any row; driftgate cannot prove what it does.",
  },
  "fit-type": {
    defaultSeverity: "breaking",
    description: "The schema allows JSON values the column's type cannot take (or a document that is not an object).",
    writeEffect: "The write fails with \"invalid input syntax\" or a type mismatch.",
  },
  "fit-type-unmodelled": {
    defaultSeverity: "risky",
    description: "A column is of a type fit does not model.",
    writeEffect: "driftgate does not know which JSON values this type's input function accepts: a write may be rejected.",
  },
  "fit-unknown-property": {
    defaultSeverity: "breaking",
    description: "The schema allows a property the table has no column for.",
    writeEffect: "An INSERT that names a column the table does not have fails with \"column does not exist\".",
  },
} satisfies Record<FitRuleId, KindText>;

export const FIT_RULE_IDS = [
  "fit-check-constraint",
  "fit-data-dependent",
  "fit-domain-check",
  "fit-enum-label",
  "fit-format",
  "fit-generated-column",
  "fit-length",
  "fit-not-null",
  "fit-partition",
  "fit-precision",
  "fit-range",
  "fit-required-column",
  "fit-rounding",
  "fit-row-security",
  "fit-table-absent",
  "fit-trigger",
  "fit-type",
  "fit-type-unmodelled",
  "fit-unknown-property",
] as const;
export type FitRuleId = (typeof FIT_RULE_IDS)[number];

export const APP_CONFIG_RULE_IDS = ["app-config-missing", "app-config-invalid", "app-config-key-missing", "app-config-value-differs"] as const;
export type AppConfigRuleId = (typeof APP_CONFIG_RULE_IDS)[number];

const APP_CONFIG = {
  "app-config-missing": {
    defaultSeverity: "risky",
    description: "An application config is named in one environment only.",
    writeEffect: "Without the same configuration on both sides nothing about it was compared; the clients may write differently in TARGET.",
  },
  "app-config-invalid": {
    defaultSeverity: "breaking",
    description: "An application config does not satisfy its own JSON Schema.",
    writeEffect: "The clients' configuration breaks its own contract, so the validation done in SOURCE says nothing about how they will write.",
  },
  "app-config-key-missing": {
    defaultSeverity: "breaking",
    description: "An application config key is set on one side only (breaking when must-match, else risky).",
    writeEffect: "The clients fall back to a built-in default on one side, which may change how or whether writes succeed.",
  },
  "app-config-value-differs": {
    defaultSeverity: "breaking",
    description: "An application config key has another value in TARGET (breaking when must-match, else info).",
    writeEffect: "The clients in TARGET run with a value that was never tested; for a key that may differ (pool sizes, timeouts) this is usually deliberate.",
  },
} satisfies Record<AppConfigRuleId, KindText>;

/** `check --probe`: a document SOURCE accepted as a rolled-back write and TARGET rejected. */
export const PROBE_RULE = "probe-rejected-in-target";
/** `check --probe` compared nothing: the table exists in TARGET only, or SOURCE rejected every document. */
export const PROBE_NOT_COMPARED_RULE = "probe-not-compared";
export const PROBE_RULE_IDS = [PROBE_RULE, PROBE_NOT_COMPARED_RULE] as const;

const PROBE = {
  [PROBE_RULE]: {
    defaultSeverity: "breaking",
    description: "A document tried as a rolled-back write is accepted by SOURCE and rejected by TARGET (or TARGET lacks the table).",
    writeEffect: "After the deploy the application's write of this document fails with TARGET's error.",
  },
  [PROBE_NOT_COMPARED_RULE]: {
    defaultSeverity: "risky",
    description: "No document could be compared by check --probe: the table exists only in TARGET, or SOURCE rejected every document.",
    writeEffect: "Nothing was proven either way: the writes the application makes were not shown to succeed in SOURCE, so TARGET's rejections could not be judged.",
  },
} satisfies Record<(typeof PROBE_RULE_IDS)[number], KindText>;

/** Every finding kind the gate adds beside the catalog rules, in family order. */
export const GATE_FINDING_KINDS: readonly RuleCatalogueEntry[] = [
  ...FIT_RULE_IDS.map((id) => ({ id, family: "fit" as const, ...FIT[id] })),
  ...APP_CONFIG_RULE_IDS.map((id) => ({ id, family: "app-config" as const, ...APP_CONFIG[id] })),
  ...PROBE_RULE_IDS.map((id) => ({ id, family: "probe" as const, ...PROBE[id] })),
];
