import { InputError } from "../errors.js";
import { resolveDocumentSources } from "../schemas/validate-sources.js";
import { dialectNamed, dialectOperation } from "../dialects/index.js";
import type { MigrationReadOptions } from "../model/store-driver.js";
import { parseTableName } from "../model/table-name.js";
import { resolveStoreHandle } from "../stores/store-handle.js";
import { assertHandleProbeAllowed } from "./open-probe-store.js";
import { locationText, probeErrorText, type ProbeDocument, type ProbeResult } from "../model/probe-result.js";
import type { ProbeInputs } from "./probe-inputs.js";
import { readDocuments } from "./read-documents.js";

export interface ProbeRequest extends MigrationReadOptions, ProbeInputs {
  /** A live store: a URL, an environment, SQL migrations. */
  readonly store: string;
}

/** The outcome of `driftgate probe`: every document's verdict, nothing committed. */
export interface ProbeRun {
  /** How the store is named in output: the environment with its store, or the store's label. */
  readonly store: string;
  /** As printed, e.g. public."Weird; Table". */
  readonly table: string;
  readonly role: string | null;
  readonly results: readonly ProbeResult[];
  readonly summary: { readonly documents: number; readonly accepted: number; readonly rejected: number };
}

/**
 * `driftgate probe`: reads the first document before any store is touched (an empty or broken input
 * fails fast), refuses an environment marked "probe": false unless forced, then tries every document as
 * an INSERT in a transaction that is rolled back, streaming the documents.
 */
export async function runProbe(request: ProbeRequest): Promise<ProbeRun> {
  const table = parseTableName(request.table);
  const sources = await resolveDocumentSources(request.docs, request.cwd);
  const documents = await startedDocuments(readDocuments(sources, request.stdin));
  const handle = await resolveStoreHandle(request.store, request);
  assertHandleProbeAllowed(handle, request.force);
  const session = await handle.session();
  let results: ProbeResult[];
  try {
    // The session's own dialect writes the documents: the SQL of a trial write is the store's.
    results = await dialectOperation(session.dialect, "probe", "probe").probeDocuments(session, {
      table,
      column: request.column ?? null,
      role: request.role ?? null,
      documents,
      statementTimeoutMs: request.statementTimeoutMs,
      lockTimeoutMs: request.lockTimeoutMs,
    });
  } finally {
    await session.close();
  }
  const rejected = results.filter((r) => r.outcome === "rejected").length;
  return { store: handle.name, table: dialectNamed(session.dialect).displayTable(table), role: request.role ?? null, results, summary: { documents: results.length, accepted: results.length - rejected, rejected } };
}

/** The text report: each rejected document with PostgreSQL's error, then one summary line. */
export function probeRunText(run: ProbeRun): string {
  let out = "";
  for (const result of run.results) {
    if (result.outcome !== "rejected") continue;
    out += `${locationText(result)} rejected: ${probeErrorText(result.error)}\n`;
    if (result.error.detail) out += `  detail: ${result.error.detail}\n`;
    if (result.error.hint) out += `  hint: ${result.error.hint}\n`;
  }
  const { summary } = run;
  const role = run.role ? ` as role ${run.role}` : "";
  return (
    out +
    `probe of ${run.table} in ${run.store}${role}: ${summary.documents} document${summary.documents === 1 ? "" : "s"}, ` +
    `${summary.accepted} accepted, ${summary.rejected} rejected; nothing committed (rolled back)\n`
  );
}

/** The JSON report, keys in a fixed order. */
export function probeRunJson(run: ProbeRun): string {
  const report = { store: run.store, table: run.table, role: run.role, committed: false, results: run.results, summary: run.summary };
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** A probe of no documents proves nothing; a gate fed an empty file by mistake must not pass. */
async function startedDocuments(documents: AsyncGenerator<ProbeDocument>): Promise<AsyncIterable<ProbeDocument>> {
  const first = await documents.next();
  if (first.done) throw new InputError("no documents to probe: the inputs hold no JSON document");
  return (async function* () {
    yield first.value;
    yield* documents;
  })();
}
