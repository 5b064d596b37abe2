import { randomBytes } from "node:crypto";
import { InputError, StoreError } from "../../errors.js";
import { quoteLiteral } from "../../model/identifiers.js";
import type { ProbeDocument, ProbeError, ProbeResult } from "../../probe/probe-result.js";
import { locationText } from "../../probe/probe-result.js";
import { describePgError } from "./server-session.js";
import type { SqlSession } from "./sql-session.js";
import { displayTable, findColumn, parseTableName, resolveTableTarget, sqlIdent, sqlTable, type TableName, type TableTarget } from "./table-target.js";

export interface ProbeOptions {
  /** SCHEMA.TABLE as typed, or already parsed. */
  readonly table: string | TableName;
  /** When set, each whole document is written into this column; otherwise properties map to columns. */
  readonly column?: string | null;
  /** The role the application writes as: privileges, RLS policies and triggers are judged as that role. */
  readonly role?: string | null;
  readonly documents: Iterable<ProbeDocument> | AsyncIterable<ProbeDocument>;
  /** Server-side limit for one batch of trial writes (default 60 s). */
  readonly statementTimeoutMs?: number;
  /** How long a trial write may wait for a lock held by live traffic before the probe gives up (default 5 s). */
  readonly lockTimeoutMs?: number;
  /** Documents per round trip (default 500); a batch also stops growing at about 1 MB of JSON. */
  readonly batchSize?: number;
}

const DEFAULT_BATCH = 500;
const BATCH_BYTES = 1 << 20;
// Raised after a document's INSERT succeeded, to roll its subtransaction back like a failure would.
const ACCEPTED_SIGNAL = "DG000";

/**
 * Tries each document as an INSERT and reports PostgreSQL's verdict, committing nothing.
 *
 * The whole probe is one transaction that is always rolled back. Inside it, every document runs in its own
 * subtransaction (a PL/pgSQL block with an exception handler, which PostgreSQL implements as a savepoint)
 * that is rolled back whether the INSERT succeeded or not. So each document is judged alone against the
 * store as it is (two documents with the same key do not reject each other), and the subtransaction cache
 * never overflows however many documents are probed. A batch of documents travels in one round trip:
 * one SAVEPOINT/INSERT/ROLLBACK TO exchange per document would cap the probe at a few thousand per second.
 *
 * Deferrable constraints are made IMMEDIATE, because the COMMIT that would check them never happens.
 */
export async function probeDocuments(session: SqlSession, options: ProbeOptions): Promise<ProbeResult[]> {
  const table = typeof options.table === "string" ? parseTableName(options.table) : options.table;
  const target = await resolveTableTarget(session, table);
  if (target.kind === "m") throw new InputError(`${displayTable(target)} is a materialized view: it cannot be written to`);
  if (target.kind === "f") {
    throw new InputError(`${displayTable(target)} is a foreign table: a trial write would reach another server, so probe refuses it`);
  }
  const column = options.column ? findColumn(target, options.column).name : null;
  const results: ProbeResult[] = [];
  let open = false;
  try {
    await begin(session, options);
    open = true;
    let batch: ProbeDocument[] = [];
    let texts: string[] = [];
    let bytes = 0;
    const limit = Math.max(1, options.batchSize ?? DEFAULT_BATCH);
    for await (const doc of options.documents) {
      const text = documentText(doc, column);
      batch.push(doc);
      texts.push(text);
      bytes += text.length;
      if (batch.length >= limit || bytes >= BATCH_BYTES) {
        results.push(...(await runBatch(session, target, batch, texts)));
        batch = [];
        texts = [];
        bytes = 0;
      }
    }
    if (batch.length > 0) results.push(...(await runBatch(session, target, batch, texts)));
  } finally {
    if (open) await rollback(session);
  }
  return results;
}

function documentText(doc: ProbeDocument, column: string | null): string {
  if (column !== null) return JSON.stringify({ [column]: doc.document });
  const value = doc.document;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new InputError(
      `${locationText(doc)}: a document must be a JSON object (its properties become columns); to write whole documents into one json/jsonb column, give --column`,
    );
  }
  return JSON.stringify(value);
}

async function begin(session: SqlSession, options: ProbeOptions): Promise<void> {
  const statementTimeout = Math.max(1, Math.floor(options.statementTimeoutMs ?? 60_000));
  const lockTimeout = Math.max(1, Math.floor(options.lockTimeoutMs ?? 5_000));
  try {
    await session.script(
      [
        "BEGIN ISOLATION LEVEL READ COMMITTED READ WRITE;",
        `SET LOCAL statement_timeout = ${statementTimeout};`,
        `SET LOCAL lock_timeout = ${lockTimeout};`,
        // If driftgate stalls with the transaction open, the server ends it rather than keep its locks.
        `SET LOCAL idle_in_transaction_session_timeout = ${Math.max(statementTimeout, 60_000)};`,
        "SET CONSTRAINTS ALL IMMEDIATE;",
      ].join("\n"),
    );
  } catch (error) {
    await rollback(session);
    throw new StoreError(`cannot start the probe transaction: ${describePgError(error)}`, { cause: error });
  }
  if (options.role) {
    try {
      await session.script(`SET LOCAL ROLE ${sqlIdent(options.role)};`);
    } catch (error) {
      await rollback(session);
      const code = (error as { code?: string }).code;
      if (code === "22023" || code === "42704") throw new InputError(`role ${JSON.stringify(options.role)} does not exist`, { cause: error });
      throw new StoreError(`cannot act as role ${JSON.stringify(options.role)}: ${describePgError(error)}`, { cause: error });
    }
  }
}

async function rollback(session: SqlSession): Promise<void> {
  // A dead connection has nothing left to roll back: the server aborted the transaction when it died.
  await session.script("ROLLBACK;").catch(() => undefined);
}

interface RejectedRow {
  readonly i: number;
  readonly sqlstate: string;
  readonly message: string;
  readonly detail: string;
  readonly hint: string;
  readonly constraint: string;
  readonly column: string;
  readonly table: string;
  readonly schema: string;
}

async function runBatch(session: SqlSession, target: TableTarget, batch: readonly ProbeDocument[], texts: readonly string[]): Promise<ProbeResult[]> {
  const sql = batchScript(target, `[${texts.join(",")}]`);
  let rows;
  try {
    rows = await session.script(sql);
  } catch (error) {
    throw new StoreError(`probe of ${displayTable(target)} failed: ${describePgError(error)}`, { cause: error });
  }
  const text = rows[rows.length - 1]?.[0]?.["rejected"];
  if (typeof text !== "string") throw new StoreError(`probe of ${displayTable(target)} returned no verdict`);
  const rejected = new Map<number, RejectedRow>();
  for (const row of JSON.parse(text) as RejectedRow[]) {
    // Waiting for a lock, or losing a deadlock, says nothing about the document: the probe could not
    // decide, and calling it a rejection would block a deploy for another session's transaction.
    if (UNDECIDED.has(row.sqlstate)) {
      const doc = batch[row.i];
      throw new StoreError(
        `probe of ${displayTable(target)} could not decide${doc ? ` at ${doc.source}${doc.line === null ? "" : `:${doc.line}`}` : ""}: ${row.message} (SQLSTATE ${row.sqlstate})` +
          (row.sqlstate === "55P03" ? ": another session holds a lock the write needs; retry when it is released, or raise --lock-timeout" : ": retry"),
      );
    }
    rejected.set(row.i, row);
  }
  return batch.map((doc, i): ProbeResult => {
    const where = { source: doc.source, line: doc.line };
    const row = rejected.get(i);
    return row ? { ...where, outcome: "rejected", error: toProbeError(row) } : { ...where, outcome: "accepted" };
  });
}

/** lock_not_available, deadlock_detected, serialization_failure. */
const UNDECIDED = new Set(["55P03", "40P01", "40001"]);

function toProbeError(row: RejectedRow): ProbeError {
  const orNull = (value: string | null | undefined) => (value ? value : null);
  return {
    sqlstate: row.sqlstate,
    message: row.message,
    detail: orNull(row.detail),
    hint: orNull(row.hint),
    constraint: orNull(row.constraint),
    column: orNull(row.column),
    table: orNull(row.table),
    schema: orNull(row.schema),
  };
}

/**
 * One DO block per batch. The INSERT names exactly the document's properties, so omitted columns get their
 * defaults (and a default that raises is caught), and a property with no column fails as it would for the
 * application. json_populate_record leaves every type conversion to PostgreSQL itself.
 */
function batchScript(target: TableTarget, documentsJson: string): string {
  const table = sqlTable(target);
  const body = `
DECLARE
  doc json;
  position int := -1;
  columns text;
  rejected jsonb := '[]';
  e_state text; e_message text; e_detail text; e_hint text; e_constraint text; e_column text; e_table text; e_schema text;
BEGIN
  FOR doc IN SELECT value FROM json_array_elements(${quoteLiteral(documentsJson)}::json) LOOP
    position := position + 1;
    BEGIN
      SELECT string_agg(quote_ident(key), ', ') INTO columns FROM json_object_keys(doc) AS key;
      IF columns IS NULL THEN
        EXECUTE ${quoteLiteral(`INSERT INTO ${table} DEFAULT VALUES`)};
      ELSE
        EXECUTE ${quoteLiteral(`INSERT INTO ${table} (`)} || columns || ') SELECT ' || columns
             || ${quoteLiteral(` FROM json_populate_record(NULL::${table}, $1)`)} USING doc;
      END IF;
      RAISE SQLSTATE '${ACCEPTED_SIGNAL}';
    EXCEPTION
      WHEN SQLSTATE '${ACCEPTED_SIGNAL}' THEN NULL;
      WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS e_state = RETURNED_SQLSTATE, e_message = MESSAGE_TEXT, e_detail = PG_EXCEPTION_DETAIL,
          e_hint = PG_EXCEPTION_HINT, e_constraint = CONSTRAINT_NAME, e_column = COLUMN_NAME, e_table = TABLE_NAME, e_schema = SCHEMA_NAME;
        rejected := rejected || jsonb_build_array(jsonb_build_object('i', position, 'sqlstate', e_state, 'message', e_message,
          'detail', e_detail, 'hint', e_hint, 'constraint', e_constraint, 'column', e_column, 'table', e_table, 'schema', e_schema));
    END;
  END LOOP;
  PERFORM set_config('driftgate.probe_rejected', rejected::text, true);
END`;
  const tag = dollarTag(body);
  return `DO ${tag}${body}${tag};\nSELECT current_setting('driftgate.probe_rejected') AS rejected;`;
}

function dollarTag(body: string): string {
  for (;;) {
    const tag = `$dg_${randomBytes(6).toString("hex")}$`;
    if (!body.includes(tag)) return tag;
  }
}
