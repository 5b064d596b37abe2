import type { Dialect } from "../diff/dialect.js";
import { judgeWith, type JudgeOptions } from "../diff/judge.js";
import { InputError } from "../errors.js";
import { readSnapshotEnvelope } from "../files/snapshot-file.js";
import type { Finding } from "../model/finding.js";
import type { SnapshotEnvelope } from "../model/snapshot-envelope.js";
import { postgresql } from "./postgresql/index.js";
import type { Snapshot as PostgresqlSnapshot } from "./postgresql/model/snapshot.js";
import type { SqlSession as PostgresqlSession } from "./postgresql/session/sql-session.js";

/**
 * The dialects driftgate knows, in one list (as kysely lists its dialects). Adding one is a folder beside
 * postgresql/ and a line here; nothing else in the engine names a dialect.
 */
export const DIALECTS: readonly Dialect<never, never>[] = [postgresql as unknown as Dialect<never, never>];

/** A snapshot of any dialect driftgate knows. */
export type Snapshot = PostgresqlSnapshot;

/**
 * A live session of any dialect driftgate knows, for library callers that query a store themselves
 * (openStore). The engine itself passes sessions as the neutral StoreSession.
 */
export type Session = PostgresqlSession;

/** The dialect called `name`; unknown, it is refused in one line, prefixed with `what` (a file) when given. */
export function dialectNamed(name: string, what?: string): Dialect<SnapshotEnvelope, unknown> {
  const dialect = DIALECTS.find((d) => d.name === name);
  if (!dialect) {
    const refusal = `snapshots of dialect "${name}" are not supported by this driftgate (known: ${DIALECTS.map((d) => d.name).join(", ")})`;
    throw new InputError(what ? `${what}: ${refusal}` : refusal);
  }
  return dialect as unknown as Dialect<SnapshotEnvelope, unknown>;
}

/**
 * The dialect a session, a scan source or a snapshot belongs to, with the operation a command needs; a
 * dialect without it (no probe or scan SQL yet) is refused in one line rather than half-run.
 */
export function dialectOperation<K extends "probe" | "scan" | "fit">(dialectName: string, operation: K, what: string): NonNullable<Dialect<SnapshotEnvelope, unknown>[K]> {
  const found = dialectNamed(dialectName)[operation];
  if (!found) throw new InputError(`${what} is not supported for ${dialectName} stores by this driftgate`);
  return found as NonNullable<Dialect<SnapshotEnvelope, unknown>[K]>;
}

/**
 * Judges every difference between SOURCE (where writes were validated) and TARGET (about to receive the
 * deploy) with their dialect's rules. Pure and deterministic: the same two snapshots give the same
 * findings, ids and order. Two dialects never compare: a write proven in one says nothing of the other.
 */
export function judge(source: Snapshot, target: Snapshot, options: JudgeOptions = {}): Finding[] {
  if (source.dialect !== target.dialect) {
    throw new InputError(`cannot compare a ${source.dialect} snapshot with a ${target.dialect} one`);
  }
  return judgeWith(dialectNamed(source.dialect), source, target, options);
}

/** Reads a snapshot file of any known dialect (format 2 converted), validated by its dialect and frozen. */
export async function readSnapshotFile(path: string): Promise<Snapshot> {
  const envelope = await readSnapshotEnvelope(path, (data, what) => {
    const name = (data as { dialect?: unknown }).dialect;
    if (typeof name !== "string") throw new InputError(`${what} is invalid: (top level): must have required property 'dialect'`);
    // Named with the file: a command given several files must say which one it cannot read.
    dialectNamed(name, what).validateSnapshot(data, what);
  });
  return envelope as Snapshot;
}

export type { JudgeOptions };
