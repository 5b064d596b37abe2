/**
 * Which errors of a trial write are the store's verdict on the document, and which only say the probe could
 * not run. A verdict is what the application's write of the same document would meet whenever it ran:
 * constraints (23), data conversion (22), privileges and RLS (42501) and every other class 42 error, a
 * read-only default (25006), a trigger's RAISE (P0001) or ASSERT (P0004), a write through a view the store
 * cannot do (0A000, 44000), limits a document hits (54). The errors below depend on the moment instead: a
 * lock held by live traffic, a conflict with a concurrent transaction, the server shutting down or out of
 * resources, the connection going away. Counting those as rejections would make a briefly locked SOURCE
 * "reject" what TARGET rejects too (the drift disappears) or a locked TARGET "reject" what it accepts (a
 * false breaking finding), so they end the probe instead: exit 3, the cause named, no verdict.
 *
 * query_canceled (57014) is here too: a cancel from outside or the probe's own time limit for a batch.
 * When the writing role has a statement_timeout of its own, each document runs as its own statement held to
 * it, and a document that runs past it is the store's verdict (the application's INSERT is canceled the same
 * way); lock waits then give up at half that timeout, so a wait still surfaces as 55P03, not as the document's.
 */
const CLASSES = [
  "08", // connection exception
  "53", // insufficient resources: disk full, out of memory, too many connections
  "57", // operator intervention: query_canceled, admin/crash shutdown, cannot connect now, database dropped
  "58", // system error: I/O errors
  "XX", // internal error, data or index corrupted
  "F0", // configuration file error
];
const CODES = [
  "55P03", // lock_not_available: lock_timeout while live traffic holds a lock (CREATE INDEX, LOCK TABLE)
  "55006", // object_in_use
  "40000", // transaction_rollback
  "40001", // serialization_failure: a concurrent transaction, not the document
  "40003", // statement_completion_unknown
  "40P01", // deadlock_detected
  "25P02", // in_failed_sql_transaction
  "25P03", // idle_in_transaction_session_timeout
  "72000", // snapshot_too_old
  "HV00N", // fdw_unable_to_establish_connection (a trigger writing through a foreign table)
];

/** True when an error with this SQLSTATE says nothing about the document (see above). */
export function isProbeFailure(sqlstate: string): boolean {
  return CODES.includes(sqlstate) || CLASSES.includes(sqlstate.slice(0, 2));
}

/** The same test in SQL, over a text expression holding a SQLSTATE. */
export function probeFailureCondition(expression: string): string {
  const classes = CLASSES.map((c) => `'${c}'`).join(", ");
  const codes = CODES.map((c) => `'${c}'`).join(", ");
  return `(substr(${expression}, 1, 2) IN (${classes}) OR ${expression} IN (${codes}))`;
}
