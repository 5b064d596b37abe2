/** What every probe run is given besides its stores: the documents, where they go, and the deadlines. */
export interface ProbeInputs {
  /** .json files (one document each), .ndjson/.jsonl files (one per line), or "-" for NDJSON on stdin. */
  readonly docs: readonly string[];
  readonly table: string;
  readonly column?: string | null;
  readonly role?: string | null;
  /** Probe even an environment marked "probe": false. */
  readonly force?: boolean;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdin: NodeJS.ReadableStream;
  readonly connectTimeoutMs?: number;
  readonly statementTimeoutMs?: number;
  readonly lockTimeoutMs?: number;
}
