/**
 * driftgate as a library. The CLI is a thin shell over these same functions.
 */
export { DriftgateError, ExitCode, InputError, StoreError, type ExitCodeValue } from "./errors.js";

// Model: plain readonly data.
export type * from "./dialects/postgresql/model/snapshot.js";
export type { Finding, Severity, Waiver } from "./model/finding.js";
export type { Environment } from "./model/environment.js";
export type { CheckReport, ExpiredWaiver, FailOn, PairError, PairReport, ReportFinding, ReportSide, ReportSummary, WaiverOutcome } from "./model/check-report.js";
export { CHECK_REPORT_VERSION, FAIL_ON_VALUES } from "./model/check-report.js";
export { SNAPSHOT_FORMAT, SNAPSHOT_FORMAT_VERSION } from "./model/snapshot-envelope.js";
export { withoutVersionSpecificFacts } from "./dialects/postgresql/model/version-facts.js";

// Snapshots: any store reference (URL, environment, snapshot file, SQL) to a Snapshot.
export { resolveSnapshot, type ResolveOptions } from "./sources/resolve-snapshot.js";
export { writeSnapshotFile, serialiseSnapshot } from "./files/snapshot-file.js";
export { readSnapshotFile, judge, DIALECTS, dialectNamed, type Snapshot as AnySnapshot } from "./dialects/index.js";
export { openStore, type OpenStore, type OpenStoreOptions } from "./sources/open-store.js";
export { readSnapshot, type ReadSnapshotOptions } from "./dialects/postgresql/catalog/read-snapshot.js";
export { connectServer, type ConnectOptions } from "./dialects/postgresql/session/server-session.js";
export type { SqlSession } from "./dialects/postgresql/session/sql-session.js";
export { redactSecrets } from "./model/redact.js";

// Judgement: a pure diff of two snapshots into findings.
export { judgeWith, type JudgeOptions, type SeverityOverride } from "./diff/judge.js";
export type { Dialect } from "./diff/dialect.js";
export { RULES } from "./dialects/postgresql/rules/index.js";
export { RULE_CATALOGUE, catalogueEntry } from "./dialects/rule-catalogue.js";
export type { RuleCatalogueEntry, RuleFamily } from "./model/finding-kinds.js";

// Write schemas: validate, the write guard, compat, fit.
export * from "./schemas/index.js";
export type { FitOptions, FitReport } from "./schemas/fit-report.js";
export { fitRegressions, fitSchemaToTable } from "./dialects/postgresql/fit/fit-schema-to-table.js";

// The check pipeline: `driftgate check` / `diff` as one call, the report it returns, and its formats.
export { runCheck } from "./check/run-check.js";
export type { CheckProbeRequest, CheckProgressKind, CheckRequest } from "./check/check-request.js";
export { exitCodeFor } from "./gate/exit-code-for.js";
export { renderReport } from "./report/render-report.js";
export { REPORT_FORMATS, type ReportFormat } from "./report/reporters.js";
export type { ReporterOptions } from "./report/reporter.js";

// The nightly drift report as a library call, and its renderers.
export { runReport, type ReportRequest } from "./nightly/run-report.js";
export type { DriftReport } from "./nightly/nightly-report.js";
export { renderPage } from "./nightly/render-page.js";
export { renderMarkdown } from "./nightly/render-markdown.js";
