/**
 * Every rule id `fit` reports, plus the one `check` adds when a write schema's table is in neither
 * store. Waiver files are checked against known rule ids, so a waiver for a fit finding needs them listed.
 */
export const FIT_RULES: readonly string[] = [
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
];
