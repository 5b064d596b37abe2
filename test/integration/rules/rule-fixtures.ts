import { existsSync, readdirSync, readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import type { PGlite } from "@electric-sql/pglite";
import type { Finding, Severity } from "../../../src/model/finding.js";
import type { Snapshot } from "../../../src/dialects/postgresql/model/snapshot.js";
import { readSnapshot } from "../../../src/dialects/postgresql/catalog/read-snapshot.js";
import { pgliteSession } from "../../../src/dialects/postgresql/session/pglite-session.js";

/**
 * Rule fixtures: test/fixtures/rules/<name>/{source.sql, target.sql, expected.json} and, optionally,
 * roles.sql. Role names are written as __name__ placeholders: roles are cluster-wide on a server, so each
 * run gets its own names, and findings are mapped back to the placeholders before comparing.
 */
export interface ExpectedFinding {
  readonly rule: string;
  readonly severity: Severity;
  readonly object: string;
}

export interface RuleFixture {
  readonly name: string;
  readonly description: string;
  readonly source: string;
  readonly target: string;
  /** Cluster-level roles both sides share; created once per side on PGlite, once per cluster on a server. */
  readonly roles: string;
  readonly findings: readonly ExpectedFinding[];
  /** Findings with SOURCE and TARGET swapped, when the fixture checks direction. */
  readonly swapped?: readonly ExpectedFinding[];
  /** Engines the fixture can run on; a fixture that changes a role's attributes cannot run on one server cluster. */
  readonly engines: readonly ("pglite" | "server")[];
  /** writes.sql: the application's writes of the case, proving the severity (see rule-writes.ts); "" when absent. */
  readonly writes: string;
}

const ROOT = new URL("../../fixtures/rules/", import.meta.url);

export function loadRuleFixtures(): RuleFixture[] {
  return readdirSync(ROOT, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const read = (file: string) => readFileSync(new URL(`${name}/${file}`, ROOT), "utf8");
      const expected = JSON.parse(read("expected.json")) as Omit<RuleFixture, "name" | "source" | "target" | "roles"> & { engines?: RuleFixture["engines"] };
      return {
        name,
        description: expected.description,
        source: read("source.sql"),
        target: read("target.sql"),
        roles: existsSync(new URL(`${name}/roles.sql`, ROOT)) ? read("roles.sql") : "",
        findings: expected.findings,
        ...(expected.swapped ? { swapped: expected.swapped } : {}),
        engines: expected.engines ?? ["pglite", "server"],
        writes: existsSync(new URL(`${name}/writes.sql`, ROOT)) ? read("writes.sql") : "",
      };
    });
}

/** Placeholder -> role name unique to this run. */
export type RoleNames = ReadonlyMap<string, string>;

export function roleNamesFor(fixture: RuleFixture): RoleNames {
  const run = randomBytes(3).toString("hex");
  const placeholders = new Set(`${fixture.roles}\n${fixture.source}\n${fixture.target}`.match(/__[a-z][a-z0-9_]*?__/g) ?? []);
  return new Map([...placeholders].sort().map((p) => [p, `dgr_${p.slice(2, -2)}_${run}`]));
}

export function withRoles(sql: string, names: RoleNames): string {
  let out = sql;
  for (const [placeholder, name] of names) out = out.replaceAll(placeholder, name);
  return out;
}

/** A finding as expected.json states it, with run-specific role names turned back into placeholders. */
export function asExpected(finding: Finding, names: RoleNames): ExpectedFinding {
  let object = finding.object;
  for (const [placeholder, name] of names) object = object.replaceAll(name, placeholder);
  return { rule: finding.rule, severity: finding.severity, object };
}

export function sortExpected(list: readonly ExpectedFinding[]): ExpectedFinding[] {
  const key = (f: ExpectedFinding) => `${f.rule}\u0000${f.object}\u0000${f.severity}`;
  return [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * Brings an embedded database back to its freshly started state between fixtures: every schema but
 * public, every role but the bootstrap one, and every database- and role-level setting the fixtures may
 * have made. Tests compare against a baseline snapshot afterwards, so a leftover cannot go unnoticed.
 */
export const RESET_PGLITE = `
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT rolname FROM pg_roles WHERE rolname !~ '^pg_' AND rolname <> current_user LOOP
    EXECUTE format('DROP OWNED BY %I CASCADE', r.rolname);
    EXECUTE format('DROP ROLE %I', r.rolname);
  END LOOP;
  EXECUTE format('ALTER ROLE %I RESET ALL', current_user);
END
$$;
${resetDatabaseSql()}`;

/**
 * Resets one database's own contents (schemas, extensions, database-level settings and grants); roles
 * are cluster-wide and dropped by their owners. On a server the scratch databases are reused this way:
 * dropping and creating two databases per fixture costs seconds each.
 */
export function resetDatabaseSql(): string {
  // READ WRITE explicitly: a fixture may have made the database read-only by default.
  return `
BEGIN READ WRITE;
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' LOOP
    EXECUTE format('DROP EXTENSION %I CASCADE', r.extname);
  END LOOP;
  FOR r IN SELECT evtname FROM pg_event_trigger LOOP
    EXECUTE format('DROP EVENT TRIGGER %I', r.evtname);
  END LOOP;
  FOR r IN SELECT pubname FROM pg_publication LOOP
    EXECUTE format('DROP PUBLICATION %I', r.pubname);
  END LOOP;
  FOR r IN SELECT fdwname FROM pg_foreign_data_wrapper LOOP
    EXECUTE format('DROP FOREIGN DATA WRAPPER %I CASCADE', r.fdwname);
  END LOOP;
  FOR r IN SELECT nspname FROM pg_namespace
           WHERE nspname NOT IN ('public', 'information_schema') AND nspname !~ '^pg_' LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', r.nspname);
  END LOOP;
  EXECUTE format('ALTER DATABASE %I RESET ALL', current_database());
  EXECUTE format('ALTER DATABASE %I CONNECTION LIMIT -1', current_database());
  EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO PUBLIC', current_database());
  EXECUTE format('ALTER ROLE %I IN DATABASE %I RESET ALL', current_user, current_database());
END
$$;
RESET ALL;
COMMIT;
`;
}

/**
 * Counts of everything a fixture may leave behind; compared with the fresh engine's counts before each
 * fixture, so a leftover fails loudly instead of leaking into the next fixture's findings. Far cheaper
 * than a snapshot, which matters with 80 fixtures.
 */
export function residueQuery(countRoles: boolean): string {
  return `select json_build_object(
  'roles', ${countRoles ? "(select count(*) from pg_roles where rolname !~ '^pg_')" : "0"},
  'schemas', (select count(*) from pg_namespace where nspname not in ('public', 'information_schema') and nspname !~ '^pg_'),
  'roleSettings', (select count(*) from pg_db_role_setting where setdatabase = (select oid from pg_database where datname = current_database())),
  'publicObjects', (select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public'),
  'publicRoutines', (select count(*) from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public'),
  'publicTypes', (select count(*) from pg_type t join pg_namespace n on n.oid = t.typnamespace where n.nspname = 'public'),
  'extensions', (select count(*) from pg_extension),
  'defaultAcls', (select count(*) from pg_default_acl),
  'database', (select json_build_array(datconnlimit, pg_catalog.array_to_string(coalesce(datacl, acldefault('d', datdba)), ',')) from pg_database where datname = current_database()),
  'publicAcl', (select pg_catalog.array_to_string(nspacl, ',') from pg_namespace where nspname = 'public'),
  'eventTriggers', (select count(*) from pg_event_trigger),
  'publications', (select count(*) from pg_publication),
  'foreignWrappers', (select count(*) from pg_foreign_data_wrapper)
)::text as residue`;
}

export async function residueOf(db: PGlite): Promise<string> {
  const result = await db.query<{ residue: string }>(residueQuery(true));
  return result.rows[0]?.residue ?? "";
}

export async function snapshotPglite(db: PGlite, label: string): Promise<Snapshot> {
  return readSnapshot(pgliteSession(db, false), { label, kind: "migrations" });
}
