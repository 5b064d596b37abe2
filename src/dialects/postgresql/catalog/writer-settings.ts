import { StoreError } from "../../../errors.js";
import type { SqlSession } from "../session/sql-session.js";

/** One setting the writing role would log in with, and the level of pg_db_role_setting it comes from. */
export interface WriterSetting {
  readonly name: string;
  readonly value: string;
  readonly level: "global" | "database" | "role" | "role in database" | "server";
}

/** What a transaction of the application's writing role starts with. */
export interface WriterDefaults {
  /** default_transaction_read_only as the writer gets it (or the server is a standby). */
  readonly readOnly: boolean;
  /** default_transaction_isolation as the writer gets it, spelled for BEGIN ISOLATION LEVEL. */
  readonly isolation: string;
  /** Settings to apply with set_config(name, value, true) inside the probe's transaction, before SET ROLE. */
  readonly apply: readonly WriterSetting[];
}

// Settings the probe decides itself (timeouts bound the probe; transaction modes are fixed at BEGIN) or that
// would change who is writing: they are read for the transaction's defaults, never applied as they are.
const NOT_APPLIED = new Set([
  "role",
  "session_authorization",
  "default_transaction_read_only",
  "default_transaction_isolation",
  "default_transaction_deferrable",
  "transaction_read_only",
  "transaction_isolation",
  "transaction_deferrable",
  "lock_timeout",
  "idle_in_transaction_session_timeout",
]);

// pg_db_role_setting levels in PostgreSQL's order at login: later ones win.
const LEVELS = ["global", "database", "role", "role in database"] as const;

interface SettingRow {
  level: number;
  login: boolean;
  name: string;
  value: string;
  [key: string]: unknown;
}

interface CurrentRow {
  name: string;
  setting: string | null;
  source: string;
  boot_val: string | null;
  [key: string]: unknown;
}

/**
 * The defaults the application's writing role gets when it logs in: the server's configuration, then
 * `ALTER ROLE ALL SET`, the database's settings, the role's, and the role's in this database
 * (pg_db_role_setting, applied in PostgreSQL's order). Role-level settings apply at login, not at SET ROLE,
 * so a probe `--as-role W` run by another login would otherwise write with the login's settings (a read-only
 * reader's, say) instead of W's. `role` null means the connecting role itself writes.
 *
 * A setting given in the connection (URL options, PGOPTIONS) outranks all of these at login, as it does in
 * PostgreSQL, and is left as it is. A setting that only the connecting role has at role level is reset to the
 * server's own value (pg_file_settings, else the built-in default); when the server's configuration cannot be
 * read, the probe fails closed rather than write with a value the writer would not have.
 */
export async function writerDefaults(session: SqlSession, role: string | null): Promise<WriterDefaults> {
  const rows = await session.query<SettingRow>(
    `WITH me AS (
       SELECT (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database()) AS db,
              (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = session_user) AS login,
              COALESCE((SELECT oid FROM pg_catalog.pg_roles WHERE rolname = $1), CASE WHEN $1::text IS NULL THEN
                (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = session_user) END) AS writer)
     SELECT (CASE WHEN s.setrole = 0 THEN 0 ELSE 2 END + CASE WHEN s.setdatabase = 0 THEN 0 ELSE 1 END)::int AS level,
            (s.setrole <> 0 AND s.setrole = me.login AND me.login IS DISTINCT FROM me.writer) AS login,
            lower(split_part(c.item, '=', 1)) AS name, substr(c.item, strpos(c.item, '=') + 1) AS value
       FROM pg_catalog.pg_db_role_setting s CROSS JOIN me
       CROSS JOIN LATERAL unnest(s.setconfig) WITH ORDINALITY AS c(item, ord)
      WHERE s.setdatabase IN (0, me.db) AND (s.setrole = 0 OR s.setrole = me.writer OR s.setrole = me.login)
      ORDER BY 1, c.ord`,
    [role],
  );
  const winners = new Map<string, WriterSetting>();
  const maskedByLogin = new Set<string>();
  for (const row of rows) {
    if (row.login) maskedByLogin.add(row.name);
    else winners.set(row.name, { name: row.name, value: row.value, level: LEVELS[row.level]! });
  }
  const names = [...new Set([...winners.keys(), ...maskedByLogin, "default_transaction_read_only", "default_transaction_isolation"])];
  const current = new Map(
    (
      await session.query<CurrentRow>(
        `SELECT lower(name) AS name, setting, source, boot_val FROM pg_catalog.pg_settings WHERE lower(name) = ANY($1::text[])`,
        [names],
      )
    ).map((r) => [r.name, r]),
  );
  const recovery = (await session.query<{ standby: boolean }>("SELECT pg_catalog.pg_is_in_recovery() AS standby"))[0]?.standby === true;

  // Only the connecting role set these: the writer gets the server's value, which the session no longer shows.
  const fallbacks = [...maskedByLogin].filter((name) => !winners.has(name) && current.get(name)?.source !== "client");
  if (fallbacks.length > 0) {
    const file = await serverFileSettings(session, fallbacks, role);
    for (const name of fallbacks) {
      const value = file.get(name) ?? current.get(name)?.boot_val ?? "";
      winners.set(name, { name, value, level: "server" });
    }
  }
  const effective = (name: string): string => {
    const info = current.get(name);
    if (info?.source === "client") return info.setting ?? "";
    return winners.get(name)?.value ?? info?.setting ?? "";
  };
  const apply = [...winners.values()].filter((s) => !NOT_APPLIED.has(s.name) && current.get(s.name)?.source !== "client");
  return {
    readOnly: recovery || parseBool(effective("default_transaction_read_only")),
    isolation: isolationLevel(effective("default_transaction_isolation")),
    apply,
  };
}

async function serverFileSettings(session: SqlSession, names: readonly string[], role: string | null): Promise<Map<string, string>> {
  const readable = await session.query<{ ok: boolean }>(
    "SELECT pg_catalog.has_function_privilege('pg_catalog.pg_show_all_file_settings()', 'EXECUTE') AS ok",
  );
  if (readable[0]?.ok !== true) {
    throw new StoreError(
      `cannot tell which ${names.join(", ")} role ${JSON.stringify(role)} logs in with: the connecting role sets ${names.length === 1 ? "it" : "them"} itself, ` +
        "and the server's own value is in its configuration, which only a superuser reads (pg_file_settings); " +
        "connect as the writing role itself or as a superuser, or GRANT EXECUTE ON FUNCTION pg_catalog.pg_show_all_file_settings() to the connecting role",
    );
  }
  const rows = await session.query<{ name: string; setting: string }>(
    `SELECT DISTINCT ON (lower(name)) lower(name) AS name, setting FROM pg_catalog.pg_file_settings
      WHERE applied AND error IS NULL AND lower(name) = ANY($1::text[]) ORDER BY lower(name), seqno DESC`,
    [names],
  );
  return new Map(rows.map((r) => [r.name, r.setting]));
}

/** PostgreSQL's own boolean spellings for settings (on, off, true, false, yes, no, 1, 0 and unique prefixes). */
export function parseBool(text: string): boolean {
  const value = text.trim().toLowerCase().replace(/^'(.*)'$/, "$1");
  if (value === "") return false;
  if ("true".startsWith(value) || "yes".startsWith(value) || value === "on" || value === "1") return true;
  if ("false".startsWith(value) || "no".startsWith(value) || value === "off" || value === "of" || value === "0") return false;
  throw new StoreError(`cannot read the setting value ${JSON.stringify(text)} as a boolean`);
}

function isolationLevel(text: string): string {
  const value = text.trim().toLowerCase().replace(/^'(.*)'$/, "$1").replace(/\s+/g, " ");
  if (["serializable", "repeatable read", "read committed", "read uncommitted"].includes(value)) return value.toUpperCase();
  // An unset or unreadable isolation is PostgreSQL's default.
  return "READ COMMITTED";
}
