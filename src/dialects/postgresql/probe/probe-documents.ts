import { randomBytes } from "node:crypto";
import { InputError, StoreError } from "../../../errors.js";
import { quoteLiteral } from "../model/identifiers.js";
import type { ProbeDocument, ProbeError, ProbeResult } from "../../../model/probe-result.js";
import { locationText } from "../../../model/probe-result.js";
import { isProbeFailure, probeFailureCondition } from "./probe-failure-codes.js";
import { describePgError } from "../session/server-session.js";
import type { SqlSession } from "../session/sql-session.js";
import { writerDefaults, type WriterDefaults, type WriterSetting } from "../catalog/writer-settings.js";
import { displayTable, findColumn, parseTableName, resolveTableTarget, sqlIdent, sqlTable, type TableName, type TableTarget } from "./table-target.js";

export interface ProbeOptions {
  /** SCHEMA.TABLE as typed, or already parsed. */
  readonly table: string | TableName;
  /** When set, each whole document is written into this column; otherwise properties map to columns. */
  readonly column?: string | null;
  /**
   * The role the application writes as: privileges, RLS policies and triggers are judged as that role, and
   * the writes run with the settings it logs in with (see writerDefaults). Null: the connecting role writes.
   */
  readonly role?: string | null;
  readonly documents: Iterable<ProbeDocument> | AsyncIterable<ProbeDocument>;
  /**
   * Server-side limit for one batch of trial writes (default 60 s); for one document when the writing role
   * has a statement_timeout of its own (then the lower of the two holds each document's INSERT).
   */
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
    const transaction = await begin(session, options);
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
        results.push(...(await runBatch(session, target, transaction, batch, texts)));
        batch = [];
        texts = [];
        bytes = 0;
      }
    }
    if (batch.length > 0) results.push(...(await runBatch(session, target, transaction, batch, texts)));
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

/** How the probe's transaction was set up: the writer's statement_timeout decides how documents are timed. */
interface ProbeTransaction {
  /** The writing role's own statement_timeout in ms (0 = none): each document's INSERT is held to it. */
  readonly writerStatementTimeoutMs: number;
  readonly statementTimeoutMs: number;
}

/**
 * Opens the probe's transaction the way the application's would start: with the writing role's defaults
 * (read-only, isolation, search_path, timeouts, custom settings; see writerDefaults). A transaction's
 * read-only-ness and isolation are fixed at BEGIN, so they go into BEGIN itself; everything else is applied
 * with SET LOCAL semantics (set_config(..., true)) so that nothing outlives the transaction, which is
 * always rolled back.
 */
async function begin(session: SqlSession, options: ProbeOptions): Promise<ProbeTransaction> {
  const statementTimeout = Math.max(1, Math.floor(options.statementTimeoutMs ?? 60_000));
  const lockTimeout = Math.max(1, Math.floor(options.lockTimeoutMs ?? 5_000));
  let defaults: WriterDefaults;
  try {
    defaults = await writerDefaults(session, options.role ?? null);
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw new StoreError(`cannot read the writing role's settings: ${describePgError(error)}`, { cause: error });
  }
  let writerTimeout = 0;
  try {
    await session.script(`BEGIN ISOLATION LEVEL ${defaults.isolation} ${defaults.readOnly ? "READ ONLY" : "READ WRITE"};`);
    // Applied before SET ROLE, as PostgreSQL applies them at login: with the rights of whoever set them.
    const rows = await session.script(applySettingsScript(defaults.apply));
    const applied = rows[rows.length - 1]?.[0] ?? {};
    const failures = JSON.parse(String(applied["failures"] ?? "[]")) as { name: string; sqlstate: string; message: string; category: string | null; context: string | null }[];
    // A logging setting the connecting role may not set changes what the server logs, never a write's
    // outcome; a backend setting (log_connections, post_auth_delay) only acts as a session starts.
    const blocking = failures.filter(
      (f) => !/^(Reporting and Logging|Statistics)/.test(f.category ?? "") && f.context !== "backend" && f.context !== "superuser-backend",
    );
    if (blocking.length > 0) {
      const f = blocking[0]!;
      throw new StoreError(
        `cannot write with ${options.role ? `role ${JSON.stringify(options.role)}'s` : "the writing role's"} setting ${f.name}: ${f.message} (SQLSTATE ${f.sqlstate}); ` +
          "connect as the writing role itself or as a superuser",
      );
    }
    writerTimeout = Math.max(0, Number(applied["statement_timeout"] ?? 0) || 0);
    // With the writer's own statement_timeout, a document's INSERT may run that long; a lock wait gives up at
    // half of it, so that a wait is reported as a wait (the probe could not run), not as the document's timeout.
    const documentTimeout = writerTimeout > 0 ? Math.min(writerTimeout, statementTimeout) : statementTimeout;
    const waitTimeout = writerTimeout > 0 ? Math.max(1, Math.min(lockTimeout, Math.floor(writerTimeout / 2))) : lockTimeout;
    await session.script(
      [
        `SET LOCAL statement_timeout = ${documentTimeout};`,
        `SET LOCAL lock_timeout = ${waitTimeout};`,
        // If driftgate stalls with the transaction open, the server ends it rather than keep its locks.
        `SET LOCAL idle_in_transaction_session_timeout = ${Math.max(statementTimeout, 60_000)};`,
        "SET CONSTRAINTS ALL IMMEDIATE;",
      ].join("\n"),
    );
  } catch (error) {
    await rollback(session);
    if (error instanceof StoreError) throw error;
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
  return { writerStatementTimeoutMs: writerTimeout, statementTimeoutMs: statementTimeout };
}

/** One round trip: every setting in its own subtransaction, failures collected rather than aborting the probe. */
function applySettingsScript(settings: readonly WriterSetting[]): string {
  const steps = settings.map(
    (s) => `  BEGIN PERFORM pg_catalog.set_config(${quoteLiteral(s.name)}, ${quoteLiteral(s.value)}, true);
  EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS e_state = RETURNED_SQLSTATE, e_message = MESSAGE_TEXT;
    failures := failures || jsonb_build_array(jsonb_build_object('name', ${quoteLiteral(s.name)}, 'sqlstate', e_state, 'message', e_message,
      'category', (SELECT category FROM pg_catalog.pg_settings WHERE name = ${quoteLiteral(s.name)}),
      'context', (SELECT context FROM pg_catalog.pg_settings WHERE name = ${quoteLiteral(s.name)})));
  END;`,
  );
  const body = `
DECLARE
  failures jsonb := '[]';
  e_state text; e_message text;
BEGIN
${steps.join("\n")}
  PERFORM pg_catalog.set_config('driftgate.probe_setting_failures', failures::text, true);
END`;
  const tag = dollarTag(body);
  return `DO ${tag}${body}${tag};
SELECT pg_catalog.current_setting('driftgate.probe_setting_failures') AS failures,
       (SELECT setting FROM pg_catalog.pg_settings WHERE name = 'statement_timeout') AS statement_timeout;`;
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

async function runBatch(
  session: SqlSession,
  target: TableTarget,
  transaction: ProbeTransaction,
  batch: readonly ProbeDocument[],
  texts: readonly string[],
): Promise<ProbeResult[]> {
  const sql = batchScript(target, texts, transaction.writerStatementTimeoutMs);
  let rows;
  try {
    rows = await session.script(sql);
  } catch (error) {
    throw new StoreError(`probe of ${displayTable(target)} failed: ${describePgError(error)}${couldNotRun(error)}`, { cause: error });
  }
  const text = rows[rows.length - 1]?.[0]?.["rejected"];
  if (typeof text !== "string") throw new StoreError(`probe of ${displayTable(target)} returned no verdict`);
  const rejected = new Map<number, RejectedRow>();
  for (const row of JSON.parse(text) as RejectedRow[]) {
    // Raised again inside the block; checked here too so that no such error can ever become a verdict.
    if (isProbeFailure(row.sqlstate) && !(row.sqlstate === "57014" && transaction.writerStatementTimeoutMs > 0)) {
      throw new StoreError(`probe of ${displayTable(target)} failed: ${row.message} (SQLSTATE ${row.sqlstate})${couldNotRun(row)}`);
    }
    rejected.set(row.i, row);
  }
  return batch.map((doc, i): ProbeResult => {
    const where = { source: doc.source, line: doc.line };
    const row = rejected.get(i);
    return row ? { ...where, outcome: "rejected", error: toProbeError(row) } : { ...where, outcome: "accepted" };
  });
}

/** Why a failed batch is not a verdict, in words a reader of the gate's output can act on. */
function couldNotRun(error: unknown): string {
  const code = (error as { code?: string; sqlstate?: string } | null)?.code ?? (error as { sqlstate?: string } | null)?.sqlstate ?? "";
  const why =
    code === "55P03"
      ? "a lock held by another session outlasted the lock timeout (--lock-timeout)"
      : code === "57014"
        ? "the statement was canceled (--statement-timeout, or a cancel from outside)"
        : code === "40001" || code === "40P01"
          ? "a concurrent transaction conflicted with the probe"
          : "";
  return `; the probe could not run${why ? ` (${why})` : ""}, which says nothing about the documents: no verdict`;
}

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
 *
 * An error that is not the document's fault (isProbeFailure: a lock wait, a deadlock, a shutdown) is raised
 * again, which ends the probe instead of being counted as a rejection.
 *
 * When the writing role has a statement_timeout (writerTimeoutMs > 0), each document is its own DO statement
 * in the same round trip: PostgreSQL times every statement of a multi-statement query separately, so each
 * INSERT is held to the timeout the application's INSERT would meet, and one that runs past it is rejected
 * with PostgreSQL's own 57014.
 */
function batchScript(target: TableTarget, texts: readonly string[], writerTimeoutMs: number): string {
  const chunks = writerTimeoutMs > 0 ? texts.map((text, i) => ({ first: i, texts: [text] })) : [{ first: 0, texts }];
  const blocks = chunks.map((chunk) => documentBlock(target, `[${chunk.texts.join(",")}]`, chunk.first, writerTimeoutMs));
  return `${blocks.join("\n")}\nSELECT current_setting('driftgate.probe_rejected') AS rejected;`;
}

function documentBlock(target: TableTarget, documentsJson: string, first: number, writerTimeoutMs: number): string {
  const table = sqlTable(target);
  const record = `
        GET STACKED DIAGNOSTICS e_state = RETURNED_SQLSTATE, e_message = MESSAGE_TEXT, e_detail = PG_EXCEPTION_DETAIL,
          e_hint = PG_EXCEPTION_HINT, e_constraint = CONSTRAINT_NAME, e_column = COLUMN_NAME, e_table = TABLE_NAME, e_schema = SCHEMA_NAME;
        IF ${probeFailureCondition("e_state")} THEN RAISE; END IF;
        rejected := rejected || jsonb_build_array(jsonb_build_object('i', position, 'sqlstate', e_state, 'message', e_message,
          'detail', e_detail, 'hint', e_hint, 'constraint', e_constraint, 'column', e_column, 'table', e_table, 'schema', e_schema));`;
  // Only the writer's own statement_timeout is a verdict; a cancel from outside, or before that time, is not.
  const timedOut =
    writerTimeoutMs > 0
      ? `
      WHEN query_canceled THEN
        IF clock_timestamp() - started < ${quoteLiteral(`${Math.floor(writerTimeoutMs * 0.9)} milliseconds`)}::interval THEN RAISE; END IF;${record.replace(
          `IF ${probeFailureCondition("e_state")} THEN RAISE; END IF;`,
          "",
        )}`
      : "";
  const body = `
DECLARE
  doc json;
  position int := ${first - 1};
  columns text;
  started timestamptz := clock_timestamp();
  rejected jsonb := ${first === 0 ? "'[]'" : "current_setting('driftgate.probe_rejected')::jsonb"};
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
      WHEN SQLSTATE '${ACCEPTED_SIGNAL}' THEN NULL;${timedOut}
      WHEN assert_failure THEN${record}
      WHEN OTHERS THEN${record}
    END;
  END LOOP;
  PERFORM set_config('driftgate.probe_rejected', rejected::text, true);
END`;
  const tag = dollarTag(body);
  return `DO ${tag}${body}${tag};`;
}

function dollarTag(body: string): string {
  for (;;) {
    const tag = `$dg_${randomBytes(6).toString("hex")}$`;
    if (!body.includes(tag)) return tag;
  }
}
