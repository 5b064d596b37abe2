import type { Finding } from "../model/finding.js";
import type { ProbeDocument, ProbeResult } from "../model/probe-result.js";
import type { SnapshotEnvelope } from "../model/snapshot-envelope.js";
import type { StoreSession } from "../model/store-driver.js";
import type { TableName } from "../model/table-name.js";
import type { DocumentValidator } from "../schemas/document-validator.js";
import type { FitOptions, FitReport } from "../schemas/fit-report.js";
import type { InvalidRow, ScanProgress, ScanSummary } from "../schemas/scan-result.js";
import type { SchemaEntry } from "../schemas/schema-catalog.js";

/**
 * What probe, scan and write-schema fit ask of a dialect. The orchestration (src/probe/, src/scan/,
 * src/gate/) reads the documents, resolves the stores, names the sides and writes the output; the SQL,
 * and what a table's columns accept, are the dialect's. Sessions arrive as the neutral StoreSession that
 * the dialect's own drivers opened; the dialect narrows them to its own session type.
 */

/** One probe: documents tried as writes into one table, none committed. */
export interface ProbeOptions {
  readonly table: TableName;
  /** When set, each whole document is written into this column; otherwise properties map to columns. */
  readonly column: string | null;
  /** The role the application writes as; null: the connecting role writes. */
  readonly role: string | null;
  readonly documents: Iterable<ProbeDocument> | AsyncIterable<ProbeDocument>;
  readonly statementTimeoutMs?: number;
  readonly lockTimeoutMs?: number;
}

export interface DialectProbe {
  /** Tries every document as a write in a transaction that is rolled back; each document's verdict in order. */
  probeDocuments(session: StoreSession, options: ProbeOptions): Promise<ProbeResult[]>;
  /** Whether the store has the table (check --probe: a table only one side has is drift, not a typo). */
  hasTable(session: StoreSession, table: TableName): Promise<boolean>;
  /** " (did you mean ...?)" naming the store's near spellings of the table, else "". */
  nearTablesHint(session: StoreSession, table: TableName): Promise<string>;
}

/** One scan: every row of a table validated, streaming. */
export interface ScanOptions {
  readonly table: TableName;
  /** Validate this column; null: each whole row is the document. */
  readonly column: string | null;
  readonly validator: DocumentValidator;
  /** At most this many invalid rows reach onInvalid; counting goes on past it. */
  readonly limitErrors?: number;
  readonly statementTimeoutMs?: number;
  readonly lockTimeoutMs?: number;
  /** For a URL: give up connecting after this long. */
  readonly connectTimeoutMs?: number;
  /** For a URL: where connection variables are read. */
  readonly env?: NodeJS.ProcessEnv;
  readonly onInvalid?: (row: InvalidRow) => void;
  readonly onProgress?: (progress: ScanProgress) => void;
}

export interface DialectScan {
  /** Reads the table from what the store's driver handed out for scans (a URL it connects to itself, or an open session). */
  scanTable(store: StoreSession | string, options: ScanOptions): Promise<ScanSummary>;
  /** How a report names an invalid row by its key, e.g. `id=42`. */
  rowKeyText(key: InvalidRow["key"]): string;
}

export interface DialectFit<Snapshot extends SnapshotEnvelope = SnapshotEnvelope> {
  /** Whether the snapshot has a table of that name (a view or nothing: false). */
  hasTable(snapshot: Snapshot, table: TableName): boolean;
  /** Every way a document valid under the schema can be rejected by the table's shape. */
  fitSchemaToTable(schema: SchemaEntry, snapshot: Snapshot, tableName: string, options?: FitOptions): FitReport;
  /** The findings of TARGET's fit that SOURCE's does not have: document shapes only TARGET rejects. */
  fitRegressions(source: FitReport, target: FitReport): Finding[];
}

/** A migrations folder's index: where the object a finding names was last written. */
export interface FindingLocator {
  locate(finding: Pick<Finding, "object" | "objectKind">): { file: string; line: number } | null;
}

export interface DialectMigrations {
  /** The migration tools' folder layouts this dialect's migrations driver reads (--migrations-layout offers them). */
  readonly layouts: readonly string[];
  /**
   * Adds file and line to findings that have none, from the first of the pair's stores that is a migrations
   * folder this dialect reads. `cache` keeps each folder's index for the run.
   */
  withMigrationLocations(
    findings: readonly Finding[],
    stores: readonly string[],
    options: { readonly cwd: string; readonly migrationsLayout?: string; readonly cache?: Map<string, Promise<FindingLocator | null>> },
  ): Promise<Finding[]>;
}

/** The live connections a dialect keeps, so a command's overall deadline can drop them all at once. */
export interface DialectConnections {
  /** Called once at the start of every command run, so that one run's abort never reaches the next. */
  beginEpoch(): void;
  /** Destroys every open connection, failing whatever is in flight on it with `reason`, for the rest of this run. */
  abortAll(reason: Error): void;
}
