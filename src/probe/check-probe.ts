import { InputError } from "../errors.js";
import type { MigrationsOptions } from "../sources/migrations-store.js";
import type { Finding } from "../model/finding.js";
import { resolveDocumentSources } from "../schemas/validate-sources.js";
import { probeDocuments } from "../stores/postgres/probe-documents.js";
import { displayTable, parseTableName } from "../stores/postgres/table-target.js";
import { compareProbes } from "./compare-probes.js";
import { assertProbeAllowed, openProbeStore } from "./open-probe-store.js";
import type { ProbeDocument, ProbeResult } from "./probe-result.js";
import { readDocuments } from "./read-documents.js";

export interface CheckProbeOptions {
  readonly source: string;
  readonly target: string;
  /** DOCS arguments as given on the command line (.json, .ndjson/.jsonl, "-"). */
  readonly docs: readonly string[];
  readonly table: string;
  readonly column?: string | null;
  readonly role?: string | null;
  /** Probe even environments marked "probe": false. */
  readonly force?: boolean;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdin: NodeJS.ReadableStream;
  readonly connectTimeoutMs?: number;
  readonly statementTimeoutMs?: number;
  readonly lockTimeoutMs?: number;
  /** How SQL-migration stores are read (layout, cache). */
  readonly migrations?: Omit<MigrationsOptions, "env">;
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
 */
export async function runCheckProbe(options: CheckProbeOptions): Promise<CheckProbeOutcome> {
  const table = parseTableName(options.table);
  const sources = await resolveDocumentSources(options.docs, options.cwd);
  const documents: ProbeDocument[] = [];
  for await (const doc of readDocuments(sources, options.stdin)) documents.push(doc);
  if (documents.length === 0) throw new InputError("--probe: the inputs hold no JSON document");
  const storeOptions = { cwd: options.cwd, env: options.env, force: options.force, connectTimeoutMs: options.connectTimeoutMs, ...options.migrations };
  const probeOptions = {
    table,
    column: options.column ?? null,
    role: options.role ?? null,
    documents,
    statementTimeoutMs: options.statementTimeoutMs,
    lockTimeoutMs: options.lockTimeoutMs,
  };
  for (const ref of [options.source, options.target]) await assertProbeAllowed(ref, storeOptions);
  const results: ProbeResult[][] = [];
  const opened = [];
  // Opening both first means a refused or unreachable TARGET is found before SOURCE takes any locks.
  try {
    for (const ref of [options.source, options.target]) opened.push(await openProbeStore(ref, storeOptions));
    for (const store of opened) results.push(await probeDocuments(store.session, probeOptions));
  } finally {
    for (const store of opened) await store.session.close();
  }
  const [source, target] = results as [ProbeResult[], ProbeResult[]];
  return { findings: compareProbes(source, target, { table: displayTable(table) }), source, target };
}
