import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { Severity } from "../../../src/model/finding.js";
import { withRoles, type ExpectedFinding, type RoleNames, type RuleFixture } from "./rule-fixtures.js";

/**
 * The severity proof: every rule fixture carries writes.sql, the writes an application makes in its case.
 * Each write runs in SOURCE and in TARGET, each in its own transaction that is rolled back, as the
 * application would run it (login settings of database and role in force before BEGIN, then the role's
 * privileges), and the outcomes are held against the severity the fixture expects.
 */

export interface WriteBlock {
  /** What the write is, from its `-- write:` header. */
  readonly title: string;
  /** Role placeholder (`__writer__`) the write runs as; the bootstrap superuser when absent. */
  readonly role?: string;
  readonly sql: string;
}

export type Direction = "forward" | "swapped";

export interface FixtureWrites {
  readonly blocks: readonly WriteBlock[];
  /** Directions whose rated severity no single write can stage (load, crash, a rule that cannot tell direction), with why. */
  readonly unproven: Partial<Record<Direction, string>>;
  /** Why the writes cannot be shown on PGlite, when they cannot. */
  readonly notOnPglite?: string;
}

const HEADER = /^-- write: (.+?)(?: as (__[a-z][a-z0-9_]*?__))?\s*$/;
const UNPROVEN = /^-- unproven (forward|swapped): (.+)$/;
const NOT_ON_PGLITE = /^-- not on pglite: (.+)$/;

/** Parses writes.sql; throws on anything that is not a header, a directive, a comment or SQL inside a block. */
export function parseWrites(text: string, file: string): FixtureWrites {
  const blocks: { title: string; role?: string; lines: string[] }[] = [];
  const unproven: Partial<Record<Direction, string>> = {};
  let notOnPglite: string | undefined;
  for (const line of text.split("\n")) {
    const header = HEADER.exec(line);
    const directive = UNPROVEN.exec(line);
    const pgliteSkip = NOT_ON_PGLITE.exec(line);
    if (header) {
      blocks.push({ title: header[1]!, ...(header[2] ? { role: header[2] } : {}), lines: [] });
    } else if (directive || pgliteSkip) {
      if (blocks.length > 0) throw new Error(`${file}: directive after the first write: ${line}`);
      if (directive) unproven[directive[1] as Direction] = directive[2]!;
      else notOnPglite = pgliteSkip![1]!;
    } else if (blocks.length === 0) {
      if (line.trim() !== "" && !line.startsWith("--")) throw new Error(`${file}: SQL before the first "-- write:" header: ${line}`);
    } else {
      blocks[blocks.length - 1]!.lines.push(line);
    }
  }
  const parsed = blocks.map((b) => ({ title: b.title, ...(b.role ? { role: b.role } : {}), sql: b.lines.join("\n").trim() }));
  for (const block of parsed) {
    if (block.sql === "") throw new Error(`${file}: write "${block.title}" has no SQL`);
    // The harness owns the transaction: a write that ended it would commit into the fixture.
    if (/^\s*(BEGIN|COMMIT|ROLLBACK|END|START TRANSACTION)\b/im.test(block.sql)) throw new Error(`${file}: write "${block.title}" controls the transaction`);
  }
  return { blocks: parsed, unproven, ...(notOnPglite ? { notOnPglite } : {}) };
}

export type Outcome = { readonly ok: true; readonly rows: string } | { readonly ok: false; readonly code: string; readonly message: string };

export function describeOutcome(outcome: Outcome): string {
  return outcome.ok ? `ok ${outcome.rows}` : `fails ${outcome.code} (${outcome.message})`;
}

/** Runs one write on one side (already substituted), as the given real role name or as the bootstrap superuser. */
export type WriteRunner = (role: string | undefined, sql: string) => Promise<Outcome>;

/** Both sides' outcomes of every write, in the fixture's own orientation (SOURCE is source.sql). */
export interface WriteOutcome {
  readonly block: WriteBlock;
  readonly source: Outcome;
  readonly target: Outcome;
}

export async function runWrites(
  writes: FixtureWrites,
  names: RoleNames,
  runners: { readonly source: WriteRunner; readonly target: WriteRunner },
): Promise<WriteOutcome[]> {
  const outcomes: WriteOutcome[] = [];
  for (const block of writes.blocks) {
    const role = block.role ? names.get(block.role) : undefined;
    if (block.role && !role) throw new Error(`write "${block.title}" runs as ${block.role}, which the fixture never creates`);
    const sql = withRoles(block.sql, names);
    // One after the other: writes may take locks or sleep, and the two sides share a cluster on a server.
    const source = await runners.source(role, sql);
    const target = await runners.target(role, sql);
    outcomes.push({ block, source, target });
  }
  return outcomes;
}

const RANK: Record<Severity, number> = { info: 0, risky: 1, breaking: 2 };

/** The severity a direction is judged by: the highest of its findings (forward: those of the fixture's own rule). */
export function ratedSeverity(findings: readonly ExpectedFinding[], rule?: string): Severity | undefined {
  const own = rule ? findings.filter((f) => f.rule === rule) : findings;
  return own.map((f) => f.severity).sort((a, b) => RANK[b] - RANK[a])[0];
}

/**
 * Holds a severity against outcomes. A write SOURCE rejects is not one the application makes (SOURCE is
 * where its writes were validated), so only writes SOURCE accepts count, and at least one must:
 *   - "fails": SOURCE accepts, TARGET rejects;
 *   - "differs": both accept, but what the write returns (RETURNING, a follow-up SELECT) differs, so
 *     TARGET stores something else;
 *   - "same": both accept with the same result.
 * breaking needs a write that fails; risky needs one that fails or differs and a similar one that is the
 * same (it depends on data or timing); info needs every counted write to be the same.
 * Returns why the severity does not hold, or undefined when it does.
 */
export function disagreement(severity: Severity, outcomes: readonly { source: Outcome; target: Outcome }[], unproven?: string): string | undefined {
  const counted = outcomes.filter((o) => o.source.ok);
  if (counted.length === 0) return "no write succeeds in SOURCE, so nothing the application does is shown";
  const kinds = counted.map((o) => kindOf(o.source, o.target));
  const fails = kinds.filter((k) => k === "fails").length;
  const differs = kinds.filter((k) => k === "differs").length;
  const same = kinds.filter((k) => k === "same").length;
  if (unproven !== undefined) {
    // The failing write cannot be staged; the writes may still not show worse than the rating claims.
    if (severity === "info" && fails + differs > 0) return "rated info, yet a write SOURCE accepts fails or differs in TARGET";
    if (severity === "risky" && fails > 0 && same === 0) return "rated risky, yet every write SOURCE accepts fails in TARGET";
    return undefined;
  }
  if (severity === "breaking" && fails === 0) return "rated breaking, but no write that succeeds in SOURCE fails in TARGET";
  if (severity === "risky" && fails + differs === 0) return "rated risky, but no write that succeeds in SOURCE fails or differs in TARGET";
  if (severity === "risky" && same === 0) return "rated risky, but no write passes on both sides: it fails for any data (breaking)";
  if (severity === "info" && fails + differs > 0) return "rated info, but a write that succeeds in SOURCE fails or differs in TARGET";
  return undefined;
}

function kindOf(source: Outcome, target: Outcome): "fails" | "differs" | "same" {
  if (!target.ok) return "fails";
  return source.ok && source.rows === target.rows ? "same" : "differs";
}

export function swapOutcomes(outcomes: readonly WriteOutcome[]): WriteOutcome[] {
  return outcomes.map((o) => ({ block: o.block, source: o.target, target: o.source }));
}

export function outcomeReport(outcomes: readonly WriteOutcome[]): string {
  return outcomes
    .map((o) => `  write "${o.block.title}"${o.block.role ? ` as ${o.block.role}` : ""}: SOURCE ${describeOutcome(o.source)}; TARGET ${describeOutcome(o.target)}`)
    .join("\n");
}

/**
 * Defects other work on issue 9 is fixing: the writes show PostgreSQL's behaviour (`actual`), the
 * fixture still carries today's rating. An entry fails once the rating equals `actual`: remove it then.
 */
export const KNOWN_DISAGREEMENTS: Readonly<Record<string, Partial<Record<Direction, { readonly actual: Severity; readonly item: string }>>>> = {
};

/** Reads a query result (one or several statements) as stable text; int8 may arrive as bigint. */
function rowsText(results: readonly { rows: readonly unknown[] }[]): string {
  return JSON.stringify(
    results.map((r) => r.rows),
    (_, value: unknown) => (typeof value === "bigint" ? value.toString() : value),
  );
}

function failure(error: unknown): Outcome {
  const e = error as { code?: unknown; message?: unknown };
  return { ok: false, code: typeof e.code === "string" ? e.code : "no SQLSTATE", message: String(e.message ?? error) };
}

/**
 * PGlite has one session and no login, so a login is emulated: the settings of pg_db_role_setting apply
 * in PostgreSQL's order (all databases and roles, database, role, role in database; the later wins), a
 * role that may not log in or connect is refused as PostgreSQL would refuse it, and then SET ROLE gives
 * the session the role's privileges (SET SESSION AUTHORIZATION cannot be undone on PGlite). All of it is in force before BEGIN: a transaction's read-only-ness is fixed there.
 */
export function pgliteRunner(db: PGlite): WriteRunner {
  return async (role, sql) => {
    try {
      // One round trip: the login checks, and the login's settings applied in PostgreSQL's order.
      const login = await db.query<{ who: string; canlogin: boolean | null; connect: boolean | null; applied: number }>(
        `select u.who, r.rolcanlogin as canlogin,
                case when r.oid is null then null else has_database_privilege(r.oid, current_database(), 'CONNECT') end as connect,
                (select count(set_config(split_part(e, '=', 1), substr(e, strpos(e, '=') + 1), false))
                   from (select e, rank, ord
                           from pg_db_role_setting s, unnest(s.setconfig) with ordinality as c(e, ord),
                                lateral (select case when s.setrole = 0 and s.setdatabase = 0 then 0
                                                     when s.setrole = 0 then 1 when s.setdatabase = 0 then 2 else 3 end as rank) k
                          where s.setdatabase in (0, (select oid from pg_database where datname = current_database()))
                            and s.setrole in (0, coalesce(r.oid, 0))
                          order by rank, ord) ordered)::int as applied
           from (select coalesce($1::text, current_user::text) as who) u left join pg_roles r on r.rolname = u.who`,
        [role ?? null],
      );
      const row = login.rows[0]!;
      if (row.canlogin === null) return { ok: false, code: "28000", message: `role "${row.who}" does not exist` };
      if (!row.canlogin) return { ok: false, code: "28000", message: `role "${row.who}" is not permitted to log in` };
      if (!row.connect) return { ok: false, code: "42501", message: "permission denied for database (CONNECT)" };
      await db.exec(role ? `SET ROLE "${role}"; BEGIN` : "BEGIN");
      try {
        return { ok: true, rows: rowsText(await db.exec(sql)) };
      } catch (error) {
        return failure(error);
      }
    } finally {
      await db.exec("ROLLBACK; RESET ROLE; RESET ALL");
    }
  };
}

/**
 * On a server the login is real: one connection per role and side (settings of database and role apply
 * at login, privileges are the role's), reused for the fixture's writes, each in its own transaction.
 */
export class ServerRunners {
  private readonly clients = new Map<string, Promise<pg.Client | Outcome>>();

  constructor(private readonly url: string, private readonly admin: string) {}

  readonly run: WriteRunner = async (role, sql) => {
    const client = await this.client(role ?? this.admin);
    if (!(client instanceof pg.Client)) return client;
    await client.query("BEGIN");
    try {
      const result = (await client.query(sql)) as pg.QueryResult | pg.QueryResult[];
      return { ok: true, rows: rowsText(Array.isArray(result) ? result : [result]) };
    } catch (error) {
      return failure(error);
    } finally {
      await client.query("ROLLBACK");
    }
  };

  private client(user: string): Promise<pg.Client | Outcome> {
    let pending = this.clients.get(user);
    if (!pending) {
      const url = new URL(this.url);
      url.username = user;
      const client = new pg.Client({ connectionString: url.toString() });
      pending = client.connect().then(
        () => client,
        (error: unknown) => failure(error),
      );
      this.clients.set(user, pending);
    }
    return pending;
  }

  /** Ends every connection; roles cannot be dropped while they are connected. */
  async close(): Promise<void> {
    const clients = await Promise.all(this.clients.values());
    this.clients.clear();
    await Promise.all(clients.map((c) => (c instanceof pg.Client ? c.end() : undefined)));
  }
}

/** The whole proof for one fixture on one engine; returns every problem, so one run names them all. */
export function proofProblems(fixture: RuleFixture, writes: FixtureWrites, outcomes: readonly WriteOutcome[]): string[] {
  const problems: string[] = [];
  const directions: [Direction, readonly ExpectedFinding[] | undefined, string | undefined, readonly WriteOutcome[]][] = [
    ["forward", fixture.findings, fixture.name, outcomes],
    ["swapped", fixture.swapped, undefined, swapOutcomes(outcomes)],
  ];
  for (const [direction, findings, rule, view] of directions) {
    if (!findings) continue;
    const rated = ratedSeverity(findings, rule);
    if (!rated) {
      problems.push(`${fixture.name} (${direction}): expected.json has no finding of rule ${rule ?? "any"}`);
      continue;
    }
    const known = KNOWN_DISAGREEMENTS[fixture.name]?.[direction];
    const problem = disagreement(rated, view, writes.unproven[direction]);
    if (known) {
      // Stale once the fix has changed the rating; until then the writes must show what PostgreSQL does.
      if (rated === known.actual) problems.push(`${fixture.name} (${direction}): KNOWN_DISAGREEMENTS lists it (${known.item}), but it is rated ${rated} now: remove the entry`);
      const actualProblem = disagreement(known.actual, view);
      if (actualProblem) problems.push(`${fixture.name} (${direction}): known disagreement, but the writes do not show ${known.actual} either: ${actualProblem}\n${outcomeReport(view)}`);
      continue;
    }
    if (problem) problems.push(`${fixture.name} (${direction}): ${problem}\n${outcomeReport(view)}`);
  }
  return problems;
}
