import { InputError, StoreError } from "../../errors.js";
import type { InvalidRow, RowKeyKind, ScanProgress, ScanSummary } from "../../scan/scan-result.js";
import { createDocumentValidator, type DocumentValidator } from "../../schemas/document-validator.js";
import { connectServer, describePgError } from "./server-session.js";
import type { Row, SqlSession } from "./sql-session.js";
import { displayTable, findColumn, parseTableName, resolveTableTarget, sqlIdent, sqlTable, type TableName, type TableTarget } from "./table-target.js";

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
  /** Server-side limit for each fetch of rows (default 60 s); raise it for a slow table or a busy server. */
  readonly statementTimeoutMs?: number;
  /** About this much JSON text per fetch (default 4 MB): bounds memory whatever the row width. */
  readonly batchBytes?: number;
  readonly onInvalid?: (row: InvalidRow) => void;
  readonly onProgress?: (progress: ScanProgress) => void;
}

const CURSOR = "driftgate_scan";
const FIRST_BATCH = 1_000;
const MAX_BATCH = 20_000;
const MIN_BATCH = 50;
const TEXT_TYPES = /^(json|jsonb|text|character varying(\(\d+\))?|character(\(\d+\))?)$/;

/**
 * Validates every row of a table against a JSON Schema, streaming: a server-side cursor hands rows over
 * in batches sized to about `batchBytes` of JSON, and the next batch is requested before the current
 * one is validated, so the server produces while Node validates. Memory stays at two batches whatever
 * the table's size. The same code runs on a server and on PGlite: a cursor is plain SQL, unlike COPY,
 * which needs the driver's socket.
 *
 * Read-only: one READ ONLY transaction (a single consistent snapshot of the table) that is rolled back.
 * Pass a postgres:// URL to have a connection opened and closed here.
 */
export async function scanTable(store: SqlSession | string, options: ScanOptions): Promise<ScanSummary> {
  if (!options.validator && options.schema === undefined) throw new InputError("scanTable needs a validator or a schema");
  const validator = options.validator ?? (await createDocumentValidator(options.schema!, { cwd: options.cwd, schemasDir: options.schemasDir }));
  const session = typeof store === "string" ? await connectServer(store) : store;
  try {
    return await scanWith(session, validator, options);
  } finally {
    if (typeof store === "string") await session.close();
  }
}

interface KeyPlan {
  readonly kind: RowKeyKind;
  readonly columns: readonly string[];
  readonly select: readonly string[];
}

function keyPlan(target: TableTarget): KeyPlan {
  if (target.primaryKey.length > 0) {
    return { kind: "primary-key", columns: target.primaryKey, select: target.primaryKey.map((c) => `r.${sqlIdent(c)}::text`) };
  }
  // Partitions each number their rows from (0,1): the partition's name is part of a ctid's identity.
  if (target.kind === "p") return { kind: "ctid", columns: ["tableoid", "ctid"], select: ["r.tableoid::regclass::text", "r.ctid::text"] };
  if (target.kind === "r" || target.kind === "m") return { kind: "ctid", columns: ["ctid"], select: ["r.ctid::text"] };
  return { kind: "position", columns: ["row"], select: [] };
}

async function scanWith(session: SqlSession, validator: DocumentValidator, options: ScanOptions): Promise<ScanSummary> {
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
  const select = [...key.select.map((expr, i) => `${expr} AS k${i}`), `${documentSql} AS d`].join(", ");
  const statementTimeout = Math.max(1, Math.floor(options.statementTimeoutMs ?? 60_000));
  const limit = options.limitErrors ?? Number.POSITIVE_INFINITY;
  const batchBytes = Math.max(1 << 16, options.batchBytes ?? 4 << 20);
  const where = displayTable(target);
  const fail = (error: unknown, doing: string): StoreError => {
    const code = (error as { code?: string } | null)?.code;
    const hint = code === "57014" ? ` (statement timeout ${statementTimeout} ms: raise it with --statement-timeout)` : "";
    return new StoreError(`scan of ${where} failed while ${doing}: ${describePgError(error)}${hint}`, { cause: error });
  };

  try {
    await session.script(
      [
        "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;",
        `SET LOCAL statement_timeout = ${statementTimeout};`,
        `DECLARE ${CURSOR} NO SCROLL CURSOR FOR SELECT ${select} FROM ${sqlTable(target)} AS r;`,
      ].join("\n"),
    );
  } catch (error) {
    await session.script("ROLLBACK;").catch(() => undefined);
    throw fail(error, "opening a cursor");
  }

  let rows = 0;
  let invalid = 0;
  let listed = 0;
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
      for (const row of batch) {
        rows++;
        const text = row["d"] as string | null;
        const errors = text === null ? validator.check(null) : validator.checkText(text);
        if (errors === null) continue;
        invalid++;
        if (listed < limit && options.onInvalid) {
          listed++;
          options.onInvalid({ key: keyOf(key, row, rows), errors });
        }
      }
      options.onProgress?.({ rows, invalid, estimatedRows: target.estimatedRows });
      if (done) break;
    }
  } finally {
    // A fetch still in flight must settle before the transaction ends, and its failure is already moot.
    await pending?.catch(() => undefined);
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

function keyOf(plan: KeyPlan, row: Row, position: number): Record<string, string | null> {
  if (plan.kind === "position") return { row: String(position) };
  const key: Record<string, string | null> = {};
  plan.columns.forEach((column, i) => {
    key[column] = (row[`k${i}`] as string | null) ?? null;
  });
  return key;
}
