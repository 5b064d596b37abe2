import { InputError, StoreError } from "../errors.js";
import { dialectNamed, dialectOperation } from "../dialects/index.js";
import type { MigrationReadOptions, StoreSession } from "../model/store-driver.js";
import { parseTableName } from "../model/table-name.js";
import type { Finding } from "../model/finding.js";
import { resolveDocumentSources } from "../schemas/validate-sources.js";
import { resolveStoreHandle, type StoreHandle } from "../stores/store-handle.js";
import { compareProbes, nothingAcceptedFinding, tableMissingFinding } from "./compare-probes.js";
import { assertHandleProbeAllowed } from "./open-probe-store.js";
import type { ProbeDocument, ProbeResult } from "../model/probe-result.js";
import type { ProbeInputs } from "./probe-inputs.js";
import { readDocuments } from "./read-documents.js";

export interface CheckProbeOptions extends ProbeInputs {
  readonly source: string;
  readonly target: string;
  /**
   * SOURCE and TARGET already resolved (check's handles, which keep the embedded databases they built for
   * the snapshots): used instead of resolving the references again, and left open for their owner to close.
   */
  readonly stores?: { readonly source: StoreHandle; readonly target: StoreHandle };
  /** How SQL-migration stores are read (layout, cache). */
  readonly migrations?: MigrationReadOptions;
}

export interface CheckProbeOutcome {
  readonly findings: Finding[];
  readonly source: readonly ProbeResult[];
  readonly target: readonly ProbeResult[];
}

/**
 * Everything `check --probe` needs in one call: reads the documents once, probes SOURCE then TARGET with
 * them (each in a transaction that is rolled back; environments marked "probe": false refused unless
 * `force`), and returns the breaking findings for documents SOURCE accepts and TARGET rejects.
 * Both stores are checked for "probe": false before either is opened.
 *
 * The table missing in TARGET is a breaking finding (every write SOURCE takes fails there); missing in
 * SOURCE only, a risky one (nothing validated in SOURCE writes to it, so nothing can be compared); missing in
 * both, bad input. A probe that could not run on either side (a lock wait, a conflict, a lost connection) is
 * a StoreError naming the side: no verdict, no finding.
 */
export async function runCheckProbe(options: CheckProbeOptions): Promise<CheckProbeOutcome> {
  const table = parseTableName(options.table);
  const sources = await resolveDocumentSources(options.docs, options.cwd);
  const documents: ProbeDocument[] = [];
  for await (const doc of readDocuments(sources, options.stdin)) documents.push(doc);
  if (documents.length === 0) throw new InputError("--probe: the inputs hold no JSON document");
  const storeOptions = {
    cwd: options.cwd,
    env: options.env,
    force: options.force,
    connectTimeoutMs: options.connectTimeoutMs,
    statementTimeoutMs: options.statementTimeoutMs,
    ...options.migrations,
  };
  const probeOptions = {
    table,
    column: options.column ?? null,
    role: options.role ?? null,
    documents,
    statementTimeoutMs: options.statementTimeoutMs,
    lockTimeoutMs: options.lockTimeoutMs,
  };
  // Resolving opens nothing: both are checked for "probe": false before either is touched.
  const own = options.stores === undefined;
  const resolve = (reference: string) => resolveStoreHandle(reference, { ...storeOptions, keepSession: true });
  const handles = options.stores ? [options.stores.source, options.stores.target] : [await resolve(options.source), await resolve(options.target)];
  for (const handle of handles) assertHandleProbeAllowed(handle, options.force);
  const sides = ["SOURCE", "TARGET"] as const;
  const results: (ProbeResult[] | null)[] = [];
  const opened: { session: StoreSession; label: string }[] = [];
  let shown = "";
  // Opening both first means a refused or unreachable TARGET is found before SOURCE takes any locks.
  try {
    for (const handle of handles) opened.push({ session: await handle.session(), label: handle.label });
    // Each store is probed by its own dialect; tables are named as SOURCE's prints them.
    const probes = opened.map((store) => dialectOperation(store.session.dialect, "probe", "--probe"));
    shown = dialectNamed(opened[0]!.session.dialect).displayTable(table);
    // A table one side lacks is drift, not a typo: only when neither has it is the name bad input.
    const missing: boolean[] = [];
    for (const [i, store] of opened.entries()) missing.push(!(await probes[i]!.hasTable(store.session, table)));
    if (missing[0] && missing[1]) {
      throw new InputError(`table ${shown} does not exist in SOURCE or in TARGET${await probes[0]!.nearTablesHint(opened[0]!.session, table)}`);
    }
    for (const [i, store] of opened.entries()) {
      if (missing[i]) {
        results.push(null);
        continue;
      }
      try {
        results.push(await probes[i]!.probeDocuments(store.session, probeOptions));
      } catch (error) {
        // Name the side: "the probe could not run" must say which store to look at.
        if (error instanceof StoreError) throw new StoreError(`${sides[i]} ${store.label}: ${error.message}`, { cause: error });
        throw error;
      }
    }
  } finally {
    // Handles this call resolved are its own to close; the caller's stay open for the rest of its run.
    if (own) for (const handle of handles) await handle.close();
  }
  const [source, target] = results as [ProbeResult[] | null, ProbeResult[] | null];
  if (source === null) return { findings: [tableMissingFinding("SOURCE", shown, target!)], source: [], target: target! };
  if (target === null) return { findings: [tableMissingFinding("TARGET", shown, source)], source, target: [] };
  const findings = compareProbes(source, target, { table: shown });
  const nothing = nothingAcceptedFinding(shown, source, target);
  return { findings: nothing ? [...findings, nothing] : findings, source, target };
}
