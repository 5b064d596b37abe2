import { quoteIdent } from "../model/identifiers.js";
import type { RoleSetting, SnapshotContent } from "../model/snapshot.js";
import { compareText } from "../model/canonical-json.js";
import type { RuleContext } from "./rule-context.js";
import { settingValue } from "./sql-hints.js";

/** Where a setting is set: the server, the database (every role), or one role (here or in every database). */
export interface SettingScope {
  readonly level: "server" | "database" | "role";
  readonly role: string | null;
  readonly allDatabases: boolean;
}

/** One setting as a session would see it at one scope on each side; undefined = not set anywhere we can see. */
export interface SettingPair {
  readonly name: string;
  readonly scope: SettingScope;
  /** How findings name it, e.g. "statement_timeout (role writer)". */
  readonly object: string;
  /** The scope as a phrase, e.g. "for role writer in this database". */
  readonly where: string;
  readonly source?: string;
  readonly target?: string;
  /** The SQL that sets SOURCE's value at this scope in TARGET. */
  readonly hint: string;
}

/**
 * Settings whose values describe the machine or the build, not the behaviour writes see. They differ
 * between any two servers; reporting them would bury real drift.
 */
const MACHINE_SPECIFIC = new Set([
  "server_version",
  "server_version_num",
  "data_directory",
  "config_file",
  "hba_file",
  "ident_file",
  "external_pid_file",
  "cluster_name",
  "port",
  "listen_addresses",
  "unix_socket_directories",
  "data_directory_mode",
  "shared_memory_size",
  "shared_memory_size_in_huge_pages",
  "lc_messages",
  "application_name",
  "transaction_read_only",
  "in_hot_standby",
]);

export function settingPairs(context: RuleContext): SettingPair[] {
  const out: SettingPair[] = [];
  const server = (c: SnapshotContent) => new Map(c.settings.map((s) => [s.name.toLowerCase(), s]));
  const sourceServer = server(context.source);
  const targetServer = server(context.target);
  const database = context.target.database.name;

  if (context.comparesServerSettings) {
    const names = [...new Set([...sourceServer.keys(), ...targetServer.keys()])].sort(compareText);
    for (const key of names) {
      if (MACHINE_SPECIFIC.has(key)) continue;
      const s = sourceServer.get(key);
      const t = targetServer.get(key);
      // A setting one server version lacks is a fact about versions, not drift.
      if ((!s || !t) && !context.sameServerVersion) continue;
      // Captured values are what a new session sees, so they already include ALTER DATABASE ... SET:
      // that difference is reported once, at the database level where it was made.
      if (databaseWide(context.source, key) || databaseWide(context.target, key)) continue;
      const name = (s ?? t)!.name;
      const unit = (s ?? t)!.unit;
      out.push({
        name,
        scope: { level: "server", role: null, allDatabases: true },
        object: `${name} (server)`,
        where: scopePhrase({ level: "server", role: null, allDatabases: true }),
        ...(s ? { source: withUnit(s.value, unit) } : {}),
        ...(t ? { target: withUnit(t.value, t.unit) } : {}),
        hint: s ? `ALTER SYSTEM SET ${name} = ${settingValue(name, withUnit(s.value, unit))};` : `ALTER SYSTEM RESET ${name};`,
      });
    }
  }

  const keyOf = (r: RoleSetting) => `${r.role ?? ""}\u0000${r.allDatabases}\u0000${r.name.toLowerCase()}`;
  const keys = new Map<string, RoleSetting>();
  for (const r of [...context.source.roleSettings, ...context.target.roleSettings]) if (!keys.has(keyOf(r))) keys.set(keyOf(r), r);
  for (const [, r] of [...keys].sort(([a], [b]) => compareText(a, b))) {
    const s = effectiveValue(context.source, r, context.comparesServerSettings ? sourceServer : undefined);
    const t = effectiveValue(context.target, r, context.comparesServerSettings ? targetServer : undefined);
    const scope: SettingScope = { level: r.role === null ? "database" : "role", role: r.role, allDatabases: r.allDatabases };
    const alter =
      r.role === null
        ? r.allDatabases
          ? "ALTER ROLE ALL"
          : `ALTER DATABASE ${quoteIdent(database)}`
        : `ALTER ROLE ${quoteIdent(r.role)}${r.allDatabases ? "" : ` IN DATABASE ${quoteIdent(database)}`}`;
    const own = context.source.roleSettings.find((x) => keyOf(x) === keyOf(r));
    out.push({
      name: r.name,
      scope,
      object: `${r.name} (${scopeLabel(scope)})`,
      where: scopePhrase(scope),
      ...(s !== undefined ? { source: s } : {}),
      ...(t !== undefined ? { target: t } : {}),
      hint: own ? `${alter} SET ${r.name} = ${settingValue(r.name, own.value)};` : `${alter} RESET ${r.name};`,
    });
  }
  return out;
}

function databaseWide(content: SnapshotContent, name: string): boolean {
  return content.roleSettings.some((r) => r.role === null && r.name.toLowerCase() === name);
}

/** The scope as a phrase for messages, e.g. "for role writer in this database". */
function scopePhrase(scope: SettingScope): string {
  if (scope.level === "server") return "server-wide, as a new session sees it";
  if (scope.level === "database") return scope.allDatabases ? "for every role in every database" : "for this database";
  return `for role ${quoteIdent(scope.role ?? "")} ${scope.allDatabases ? "in every database" : "in this database"}`;
}

function scopeLabel(scope: SettingScope): string {
  if (scope.level === "database") return scope.allDatabases ? "every role, every database" : "database";
  return `role ${quoteIdent(scope.role ?? "")}${scope.allDatabases ? "" : " in database"}`;
}

/**
 * The value a session at this scope starts with: the most specific of role-in-database, role, database,
 * every-role and server settings, as PostgreSQL applies them at connection.
 */
function effectiveValue(
  content: SnapshotContent,
  at: RoleSetting,
  server: ReadonlyMap<string, { value: string; unit: string | null }> | undefined,
): string | undefined {
  const name = at.name.toLowerCase();
  const find = (role: string | null, all: boolean) =>
    content.roleSettings.find((r) => r.role === role && r.allDatabases === all && r.name.toLowerCase() === name)?.value;
  const chain: (string | undefined)[] = [];
  if (at.role !== null) {
    if (!at.allDatabases) chain.push(find(at.role, false));
    chain.push(find(at.role, true));
  }
  if (at.role !== null || !at.allDatabases) chain.push(find(null, false));
  chain.push(find(null, true));
  const s = server?.get(name);
  chain.push(s ? withUnit(s.value, s.unit) : undefined);
  return chain.find((v) => v !== undefined);
}

/** pg_settings gives "30000" with unit "ms"; ALTER ... SET keeps what was typed. Both read the same after this. */
export function withUnit(value: string, unit: string | null): string {
  if (!unit || !/^-?\d+(\.\d+)?$/.test(value)) return value;
  const scaled = /^(\d+)(.+)$/.exec(unit);
  if (scaled) return `${Number(value) * Number(scaled[1])}${scaled[2]}`;
  return `${value}${unit}`;
}
