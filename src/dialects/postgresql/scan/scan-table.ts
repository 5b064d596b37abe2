import { InputError, StoreError } from "../../../errors.js";
import type { InvalidRow, RowKeyKind, ScanProgress, ScanSummary } from "./scan-result.js";
import { DEFAULT_SCAN_STATEMENT_TIMEOUT_MS } from "../../../schemas/scan-result.js";
import { createDocumentValidator, type DocumentValidator } from "../../../schemas/document-validator.js";
import { connectForCopy } from "../catalog/copy-connection.js";
import { COPY_CSV_OPTIONS, CopyRecordParser } from "../catalog/copy-records.js";
import { describePgError, roundTripTimeoutMs } from "../session/server-session.js";
import type { Row, SqlSession } from "../session/sql-session.js";
import { displayTable, findColumn, parseTableName, resolveTableTarget, sqlIdent, sqlTable, type TableName, type TableTarget } from "../probe/table-target.js";

export interface ScanOptions {
  /** SCHEMA.TABLE as typed, or already parsed. */
  readonly table: string | TableName;
  /** Validate this json/jsonb (or text) column; by default each whole row, as row_to_json renders it, is the document. */
  readonly column?: string | null;
  /** A compiled validator; or give `schema` and one is compiled here. */
  readonly validator?: DocumentValidator;
  /** A schema object, or a schema file / name / $id resolved against `schemasDir` (default <cwd>/schemas). */
  readonly schema?: string | object | boolean;
  readonly cwd?: string;
  readonly schemasDir?: string | null;
  /** At most this many invalid rows reach onInvalid; counting goes on past it. Default: no limit. */
  readonly limitErrors?: number;
  /**
   * Server-side statement timeout (default 10 min). On a server the table is read by one COPY statement,
   * so this bounds the whole read; through a cursor (PGlite, or a SqlSession) it bounds each fetch.
   */
  readonly statementTimeoutMs?: number;
  /** How long the read may wait for a lock another session holds on the table (default 5 s). */
  readonly lockTimeoutMs?: number;
  /** For a URL: give up connecting after this long (default 10 s). */
  readonly connectTimeoutMs?: number;
  /** For a URL: where PG* variables are read (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** Cursor reads only: about this much JSON text per fetch (default 4 MB), which bounds memory whatever the row width. */
  readonly batchBytes?: number;
  readonly onInvalid?: (row: InvalidRow) => void;
  readonly onProgress?: (progress: ScanProgress) => void;
}

export const DEFAULT_LOCK_TIMEOUT_MS = 5_000;

function statementTimeoutOf(options: ScanOptions): number {
  return Math.max(1, Math.floor(options.statementTimeoutMs ?? DEFAULT_SCAN_STATEMENT_TIMEOUT_MS));
}
const CURSOR = "driftgate_scan";
const FIRST_BATCH = 1_000;
const MAX_BATCH = 20_000;
const MIN_BATCH = 50;
const PROGRESS_EVERY_ROWS = 10_000;
const TEXT_TYPES = /^(json|jsonb|text|character varying(\(\d+\))?|character(\(\d+\))?)$/;

/**
 * Validates every row of a table against a JSON Schema, streaming, in one READ ONLY transaction (a single
 * consistent snapshot) that is rolled back. Memory stays flat whatever the table's size.
 *
 * Given a postgres:// URL, it connects itself and reads with COPY (SELECT ...) TO STDOUT: the server
 * streams while Node parses and validates, and backpressure pauses the server when validation falls
 * behind. Given a SqlSession (PGlite, or a session a caller already holds), it reads through a
 * server-side cursor instead: plain SQL that any session can run, in batches sized to about `batchBytes`
 * of JSON, the next batch requested before the current one is validated.
 */
export async function scanTable(store: SqlSession | string, options: ScanOptions): Promise<ScanSummary> {
  if (!options.validator && options.schema === undefined) throw new InputError("scanTable needs a validator or a schema");
  const validator = options.validator ?? (await createDocumentValidator(options.schema!, { cwd: options.cwd, schemasDir: options.schemasDir }));
  if (typeof store !== "string") return scanWith(store, null, validator, options);
  const connection = await connectForCopy(store, {
    connectTimeoutMs: options.connectTimeoutMs,
    silenceTimeoutMs: roundTripTimeoutMs(statementTimeoutOf(options)),
    env: options.env,
  });
  try {
    return await scanWith(connection.session, (sql) => connection.copyOut(sql), validator, options);
  } finally {
    await connection.close();
  }
}

interface KeyPlan {
  readonly kind: RowKeyKind;
  readonly columns: readonly string[];
  /** One SQL expression rendering the key as a JSON array of texts; null when rows are numbered. */
  readonly sql: string | null;
}

function keyPlan(target: TableTarget): KeyPlan {
  const plan = (kind: RowKeyKind, columns: readonly string[], parts: readonly string[]): KeyPlan => ({
    kind,
    columns,
    // A JSON array keeps any key text (tabs, newlines, quotes) intact through COPY and is parsed only for an invalid row.
    sql: `json_build_array(${parts.join(", ")})::text`,
  });
  if (target.primaryKey.length > 0) return plan("primary-key", target.primaryKey, target.primaryKey.map((c) => `r.${sqlIdent(c)}::text`));
  // Partitions each number their rows from (0,1): the partition's name is part of a ctid's identity.
  if (target.kind === "p") return plan("ctid", ["tableoid", "ctid"], ["r.tableoid::regclass::text", "r.ctid::text"]);
  if (target.kind === "r" || target.kind === "m") return plan("ctid", ["ctid"], ["r.ctid::text"]);
  return { kind: "position", columns: ["row"], sql: null };
}

type CopyOut = (sql: string) => AsyncIterable<Buffer>;

async function scanWith(session: SqlSession, copyOut: CopyOut | null, validator: DocumentValidator, options: ScanOptions): Promise<ScanSummary> {
  const started = performance.now();
  const table = typeof options.table === "string" ? parseTableName(options.table) : options.table;
  const target = await resolveTableTarget(session, table);
  let documentSql = "row_to_json(r.*)::text";
  let column: string | null = null;
  if (options.column) {
    const found = findColumn(target, options.column);
    if (!TEXT_TYPES.test(found.type)) {
      throw new InputError(`column ${JSON.stringify(found.name)} of ${displayTable(target)} is ${found.type}: scan --column needs a json, jsonb or text column`);
    }
    column = found.name;
    documentSql = `r.${sqlIdent(found.name)}::text`;
  }
  const key = keyPlan(target);
  const select = `SELECT ${key.sql === null ? "" : `${key.sql} AS k, `}${documentSql} AS d FROM ${sqlTable(target)} AS r`;
  const statementTimeout = statementTimeoutOf(options);
  const lockTimeout = Math.max(1, Math.floor(options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS));
  const limit = options.limitErrors ?? Number.POSITIVE_INFINITY;
  const where = displayTable(target);

  let rows = 0;
  let invalid = 0;
  let listed = 0;
  const judge = (keyText: string | null | undefined, text: string | null): void => {
    rows++;
    const errors = text === null ? validator.check(null) : validator.checkText(text);
    if (errors === null) return;
    invalid++;
    if (listed < limit && options.onInvalid) {
      listed++;
      options.onInvalid({ key: keyOf(key, keyText, rows), errors });
    }
  };
  const progress = () => options.onProgress?.({ rows, invalid, estimatedRows: target.estimatedRows });
  const fail = (error: unknown, doing: string): StoreError => {
    const code = (error as { code?: string } | null)?.code;
    const hint =
      code === "57014"
        ? ` (statement timeout ${statementTimeout} ms: raise it with --statement-timeout)`
        : code === "55P03"
          ? ` (waited ${lockTimeout} ms for a lock on ${where} that another session holds: retry when it is released, or raise --lock-timeout)`
          : "";
    return new StoreError(`scan of ${where} failed while ${doing}: ${describePgError(error)}${hint}`, { cause: error });
  };

  try {
    await session.script(["BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;", `SET LOCAL statement_timeout = ${statementTimeout};`, `SET LOCAL lock_timeout = ${lockTimeout};`].join("\n"));
  } catch (error) {
    await session.script("ROLLBACK;").catch(() => undefined);
    throw fail(error, "starting a read-only transaction");
  }
  try {
    if (copyOut) await readByCopy(copyOut, select, key.sql === null ? 1 : 2, judge, progress, fail);
    else await readByCursor(session, select, options.batchBytes, key.sql !== null, judge, progress, fail);
  } finally {
    await session.script("ROLLBACK;").catch(() => undefined);
  }
  return {
    table: where,
    column,
    keyKind: key.kind,
    keyColumns: key.columns,
    rows,
    valid: rows - invalid,
    invalid,
    listed: options.onInvalid ? listed : 0,
    elapsedMs: Math.round(performance.now() - started),
  };
}

type Judge = (keyText: string | null | undefined, text: string | null) => void;
type Fail = (error: unknown, doing: string) => StoreError;

async function readByCopy(copyOut: CopyOut, select: string, fieldCount: number, judge: Judge, progress: () => void, fail: Fail): Promise<void> {
  let rows = 0;
  const parser = new CopyRecordParser(
    fieldCount,
    fieldCount === 2
      ? (fields) => {
          judge(fields[0], fields[1]!);
          if (++rows % PROGRESS_EVERY_ROWS === 0) progress();
        }
      : (fields) => {
          judge(null, fields[0]!);
          if (++rows % PROGRESS_EVERY_ROWS === 0) progress();
        },
  );
  try {
    for await (const chunk of copyOut(`COPY (${select}) TO STDOUT WITH (${COPY_CSV_OPTIONS})`)) parser.push(chunk);
    parser.end();
  } catch (error) {
    throw fail(error, `reading rows after row ${rows}`);
  }
  progress();
}

async function readByCursor(
  session: SqlSession,
  select: string,
  batchBytesOption: number | undefined,
  keyed: boolean,
  judge: Judge,
  progress: () => void,
  fail: Fail,
): Promise<void> {
  const batchBytes = Math.max(1 << 16, batchBytesOption ?? 4 << 20);
  try {
    await session.script(`DECLARE ${CURSOR} NO SCROLL CURSOR FOR ${select};`);
  } catch (error) {
    throw fail(error, "opening a cursor");
  }
  let rows = 0;
  let pending: Promise<Row[]> | null = null;
  const fetch = (count: number) => session.query(`FETCH FORWARD ${count} FROM ${CURSOR}`);
  try {
    let requested = FIRST_BATCH;
    pending = fetch(requested);
    for (;;) {
      let batch: Row[];
      try {
        batch = await pending!;
      } catch (error) {
        pending = null;
        throw fail(error, `reading rows after row ${rows}`);
      }
      pending = null;
      const done = batch.length < requested;
      if (!done) {
        let bytes = 0;
        for (const row of batch) bytes += (row["d"] as string | null)?.length ?? 4;
        requested = Math.min(MAX_BATCH, Math.max(MIN_BATCH, Math.floor(batchBytes / Math.max(1, bytes / batch.length))));
        pending = fetch(requested);
      }
      for (const row of batch) judge(keyed ? (row["k"] as string) : null, row["d"] as string | null);
      rows += batch.length;
      progress();
      if (done) break;
    }
  } finally {
    // A fetch still in flight must settle before the transaction ends, and its failure is already moot.
    await pending?.catch(() => undefined);
  }
}

function keyOf(plan: KeyPlan, keyText: string | null | undefined, position: number): Record<string, string | null> {
  if (plan.kind === "position" || !keyText) return { row: String(position) };
  const values = JSON.parse(keyText) as (string | null)[];
  const key: Record<string, string | null> = {};
  plan.columns.forEach((column, i) => {
    key[column] = values[i] ?? null;
  });
  return key;
}
