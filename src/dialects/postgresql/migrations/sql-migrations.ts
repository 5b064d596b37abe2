import { InputError } from "../../../errors.js";
import type { PGlite } from "@electric-sql/pglite";
import { createPglite, type PgliteStartOptions } from "../session/pglite-session.js";
import { describePgError } from "../session/server-session.js";
import { planMigrations, type MigrationLayout, type MigrationPlan, type MigrationScript } from "./migration-layouts.js";
import { isHarmlessMeta, isTransactionControl, mustRunOutsideTransaction, splitSqlScript } from "./sql-statements.js";

/** One statement of one script, where it came from, and how it must run. */
export interface MigrationStatement {
  readonly sql: string;
  readonly line: number;
  readonly outsideTransaction: boolean;
}

export interface PreparedScript {
  readonly script: MigrationScript;
  readonly statements: readonly MigrationStatement[];
  /** The script holds its own BEGIN/COMMIT: its statements run exactly as written, never wrapped. */
  readonly ownTransactions: boolean;
}

/** A migrations folder read, ordered and split: everything short of running it. */
export interface PreparedMigrations {
  readonly plan: MigrationPlan;
  readonly scripts: readonly PreparedScript[];
  /** What was skipped and why (psql meta-commands), to show the user. */
  readonly notes: readonly string[];
  readonly extensions: readonly string[];
}

/**
 * Reads and checks a migrations file or folder before any engine starts: the tool's order, the "up"
 * parts only, statements split with their lines; a psql meta-command that would change what the script
 * does is refused here, naming file and line, so nothing is applied halfway.
 */
export async function prepareMigrations(path: string, layout?: MigrationLayout): Promise<PreparedMigrations> {
  const plan = await planMigrations(path, layout);
  const notes: string[] = [];
  const extensions = new Set<string>();
  const scripts = plan.scripts.map((script): PreparedScript => {
    const statements: MigrationStatement[] = [];
    for (const piece of splitSqlScript(script.sql)) {
      const line = script.firstLine + piece.line - 1;
      const where = `${script.label}:${line}`;
      if (piece.kind === "meta") {
        const command = piece.text.split(/\s/, 1)[0];
        if (!isHarmlessMeta(piece.text)) {
          throw new InputError(`${where}: psql meta-command ${command} only works in psql and would change what the migration does; driftgate cannot run it (replace it with SQL)`);
        }
        notes.push(`${where}: skipped psql meta-command ${command} (it only affects psql's own output)`);
        continue;
      }
      extensionsNamedIn(piece.text).forEach((name) => extensions.add(name));
      statements.push({ sql: piece.text, line, outsideTransaction: mustRunOutsideTransaction(piece.text) });
    }
    return { script, statements, ownTransactions: statements.some((s) => isTransactionControl(s.sql)) };
  });
  return { plan, scripts, notes, extensions: [...extensions] };
}

/**
 * Applies prepared migrations in order. A script runs in one transaction, as the tools run it, except
 * statements PostgreSQL refuses inside one (CREATE INDEX CONCURRENTLY, VACUUM, ...), which run on their
 * own between the parts before and after them; a script that manages its own transactions, or is marked
 * to run outside one (dbmate transaction:false, atlas:txmode none, Flyway executeInTransaction=false),
 * runs statement by statement. A failure is bad input naming file, line and PostgreSQL's reason.
 */
export async function applyMigrations(db: PGlite, prepared: PreparedMigrations): Promise<void> {
  for (const { script, statements, ownTransactions } of prepared.scripts) {
    const fail = (statement: MigrationStatement, error: unknown) =>
      new InputError(`migration ${script.label}:${errorLine(statement, error)} failed on the embedded PostgreSQL: ${describePgError(error)}`);
    const runAlone = async (statement: MigrationStatement) => {
      try {
        await db.exec(statement.sql);
      } catch (error) {
        throw fail(statement, error);
      }
    };
    if (script.transaction === "none" || ownTransactions) {
      for (const statement of statements) await runAlone(statement);
    } else {
      let batch: MigrationStatement[] = [];
      for (const statement of statements) {
        if (!statement.outsideTransaction) {
          batch.push(statement);
          continue;
        }
        await runInTransaction(db, batch, fail);
        batch = [];
        await runAlone(statement);
      }
      await runInTransaction(db, batch, fail);
    }
    // psql, and the tools that run a script through it, roll back a transaction a script leaves open.
    if (db.isInTransaction()) {
      throw new InputError(`migration ${script.label} ends inside a transaction it began (BEGIN without COMMIT); its tool would roll it back`);
    }
  }
}

/**
 * Statements in one transaction, sent as one script: one round trip instead of one per statement (a
 * tenth of a cold build of a large folder). When it fails, the transaction is rolled back and replayed
 * statement by statement, so the error names the statement that failed and its line.
 */
async function runInTransaction(db: PGlite, batch: readonly MigrationStatement[], fail: (s: MigrationStatement, e: unknown) => InputError): Promise<void> {
  if (batch.length === 0) return;
  // "\n;\n": a statement may end in a -- comment, which would swallow a semicolon on the same line.
  const script = `BEGIN;\n${batch.map((s) => s.sql).join("\n;\n")}\n;\nCOMMIT;`;
  try {
    await db.exec(script);
    return;
  } catch (error) {
    if (db.isInTransaction()) await db.exec("ROLLBACK");
    await db.exec("BEGIN");
    for (const statement of batch) {
      try {
        await db.exec(statement.sql);
      } catch (replayed) {
        throw fail(statement, replayed);
      }
    }
    await db.exec("ROLLBACK");
    // The replay passed where the batch failed: report the batch, never carry on as if it had worked.
    throw fail(batch[0]!, error);
  }
}

/** The line of the statement, or of the exact spot when PostgreSQL points at one. */
function errorLine(statement: MigrationStatement, error: unknown): number {
  const position = Number((error as { position?: string } | null)?.position);
  if (!Number.isInteger(position) || position < 1) return statement.line;
  return statement.line + (statement.sql.slice(0, position - 1).match(/\n/g)?.length ?? 0);
}

/**
 * Applies the .sql files given, each as a plain script, in the order given (for tests and callers that
 * already hold their own list).
 */
export async function applySqlFiles(db: PGlite, files: readonly string[]): Promise<void> {
  for (const file of files) await applyMigrations(db, await prepareMigrations(file, "plain"));
}

const CREATE_EXTENSION = /\bcreate\s+extension\s+(?:if\s+not\s+exists\s+)?(?:"([^"]+)"|([a-z_][a-z0-9_-]*))/gi;

/** Extension names the migrations create, so the embedded engine can be started with their bundles. */
export function extensionsNamedIn(sql: string): string[] {
  return [...sql.matchAll(CREATE_EXTENSION)].map((m) => (m[1] ?? m[2] ?? "").toLowerCase()).filter(Boolean);
}

/** A fresh PGlite with these migrations applied; closed again if they fail. */
export async function pgliteWithMigrations(prepared: PreparedMigrations, start: PgliteStartOptions = {}): Promise<PGlite> {
  const db = await createPglite(prepared.extensions, start);
  try {
    await applyMigrations(db, prepared);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
