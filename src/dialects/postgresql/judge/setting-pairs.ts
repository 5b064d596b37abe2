import { quoteIdent } from "../model/identifiers.js";
import type { RoleSetting, SnapshotContent } from "../model/snapshot.js";
import { compareText } from "../../../model/canonical-json.js";
import type { RuleContext } from "./rule-context.js";
import { settingValue } from "./sql-hints.js";

/**
 * Where a setting is set: the server, the database (every role), one role (here or in every database),
 * or what one of the application's writing roles ends up with at login.
 */
export interface SettingScope {
  readonly level: "server" | "database" | "role" | "writer";
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
  /**
   * The side's value comes from its server configuration, which the role that took that snapshot could
   * not read (its own ALTER ROLE ... SET hides it): unknown, never assumed equal to anything.
   */
  readonly sourceHidden?: boolean;
  readonly targetHidden?: boolean;
  /**
   * Writers are named and this pair is a level's own value, not what a writer gets: the writers' pairs
   * carry the verdict, this one is reported for information.
   */
  readonly superseded?: boolean;
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

/** A server-level value the snapshot role could not read. */
const HIDDEN = Symbol("hidden");
type Value = string | typeof HIDDEN | undefined;
type ServerMap = ReadonlyMap<string, { readonly name: string; readonly value: Value; readonly unit: string | null }>;

const READ_ACCESS_HINT = (name: string) =>
  `Let the snapshot role read the server configuration (GRANT EXECUTE ON FUNCTION pg_catalog.pg_show_all_file_settings() TO <snapshot role>;), or snapshot as a role without its own ${name} setting, then check again.`;

export function settingPairs(context: RuleContext): SettingPair[] {
  const out: SettingPair[] = [];
  const [sourceServer, targetServer] = serverMaps(context);
  const database = context.target.database.name;
  const writers = [...new Set(context.writers)].sort(compareText);
  const superseded = writers.length > 0;

  if (context.comparesServerSettings) {
    const names = [...new Set([...sourceServer.keys(), ...targetServer.keys()])].sort(compareText);
    for (const key of names) {
      if (MACHINE_SPECIFIC.has(key)) continue;
      const s = sourceServer.get(key);
      const t = targetServer.get(key);
      // A setting one server version lacks is a fact about versions, not drift.
      if ((!s || !t) && !context.sameServerVersion) continue;
      // A database-wide setting (ALTER DATABASE or ALTER ROLE ALL ... SET) decides what sessions in this
      // database start with: that difference is reported once, at the level where it was made.
      if (databaseWide(context.source, key) || databaseWide(context.target, key)) continue;
      // One running server: whatever neither reader could see, it is the same value on both sides.
      if (s?.value === HIDDEN && t?.value === HIDDEN && context.sameServerInstance) continue;
      const name = (s ?? t)!.name;
      const scope: SettingScope = { level: "server", role: null, allDatabases: true };
      const sourceValue = s?.value;
      out.push({
        name,
        scope,
        object: `${name} (server)`,
        where: scopePhrase(scope),
        ...sides(sourceValue, t?.value),
        ...(superseded ? { superseded } : {}),
        hint:
          sourceValue === HIDDEN || t?.value === HIDDEN
            ? READ_ACCESS_HINT(name)
            : sourceValue !== undefined
              ? `ALTER SYSTEM SET ${name} = ${settingValue(name, sourceValue)};`
              : `ALTER SYSTEM RESET ${name};`,
      });
    }
  }

  // Roles neither side refers to (another database's roles on the same cluster) are left out: their
  // settings say nothing about this store, unless the application writes as them.
  const judged = new Set([...context.source.roles, ...context.target.roles].map((r) => r.name));
  for (const w of writers) judged.add(w);
  const keyOf = (r: RoleSetting) => `${r.role ?? ""}\u0000${r.allDatabases}\u0000${r.name.toLowerCase()}`;
  const keys = new Map<string, RoleSetting>();
  for (const r of [...context.source.roleSettings, ...context.target.roleSettings]) {
    if (r.role !== null && !judged.has(r.role)) continue;
    if (!keys.has(keyOf(r))) keys.set(keyOf(r), r);
  }
  for (const [, r] of [...keys].sort(([a], [b]) => compareText(a, b))) {
    const s = effectiveValue(context.source, r.name, r.role, r.allDatabases, context.comparesServerSettings ? sourceServer : undefined);
    const t = effectiveValue(context.target, r.name, r.role, r.allDatabases, context.comparesServerSettings ? targetServer : undefined);
    if (s === HIDDEN && t === HIDDEN && context.sameServerInstance) continue;
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
      ...sides(s, t),
      ...(superseded ? { superseded } : {}),
      hint: own ? `${alter} SET ${r.name} = ${settingValue(r.name, own.value)};` : `${alter} RESET ${r.name};`,
    });
  }

  // What each writing role gets at login, level by level as PostgreSQL applies them: this is what
  // decides whether the application's writes succeed.
  const serverUsed = context.comparesServerSettings ? [sourceServer, targetServer] : [undefined, undefined];
  for (const writer of writers) {
    const names = new Map<string, string>();
    if (context.comparesServerSettings) {
      for (const [key, s] of [...sourceServer, ...targetServer]) {
        // As at the server level: a setting one server version lacks is a fact about versions.
        if (MACHINE_SPECIFIC.has(key) || ((!sourceServer.has(key) || !targetServer.has(key)) && !context.sameServerVersion)) continue;
        names.set(key, s.name);
      }
    }
    for (const content of [context.source, context.target]) {
      for (const r of content.roleSettings) if (r.role === null || r.role === writer) names.set(r.name.toLowerCase(), r.name);
    }
    for (const [, name] of [...names].sort(([a], [b]) => compareText(a, b))) {
      const s = effectiveValue(context.source, name, writer, false, serverUsed[0]);
      const t = effectiveValue(context.target, name, writer, false, serverUsed[1]);
      if (s === HIDDEN && t === HIDDEN && context.sameServerInstance) continue;
      const scope: SettingScope = { level: "writer", role: writer, allDatabases: false };
      out.push({
        name,
        scope,
        object: `${name} (${scopeLabel(scope)})`,
        where: scopePhrase(scope),
        ...sides(s, t),
        hint:
          s === HIDDEN || t === HIDDEN
            ? READ_ACCESS_HINT(name)
            : s !== undefined
              ? `ALTER ROLE ${quoteIdent(writer)} IN DATABASE ${quoteIdent(database)} SET ${name} = ${settingValue(name, s)};`
              : `ALTER ROLE ${quoteIdent(writer)} IN DATABASE ${quoteIdent(database)} RESET ${name};`,
      });
    }
  }
  return out;
}

/**
 * Each side's server configuration by lower-cased name, with values already carrying their unit. When
 * both snapshots read the same running server (same instance and configuration load), a value one
 * snapshot role could not read is the one the other read.
 */
function serverMaps(context: RuleContext): [ServerMap, ServerMap] {
  const map = (c: SnapshotContent) =>
    new Map(
      c.settings.map((s) => [
        s.name.toLowerCase(),
        { name: s.name, unit: s.unit, value: s.value === null ? HIDDEN : withUnit(s.value, s.unit) } as { name: string; unit: string | null; value: Value },
      ]),
    );
  const source = map(context.source);
  const target = map(context.target);
  if (context.sameServerInstance) {
    for (const [key, s] of source) {
      const t = target.get(key);
      if (!t) continue;
      if (s.value === HIDDEN && t.value !== HIDDEN) source.set(key, { ...s, value: t.value });
      if (t.value === HIDDEN && s.value !== HIDDEN) target.set(key, { ...t, value: s.value });
    }
  }
  return [source, target];
}

function sides(source: Value, target: Value): Pick<SettingPair, "source" | "target" | "sourceHidden" | "targetHidden"> {
  return {
    ...(source === HIDDEN ? { sourceHidden: true } : source !== undefined ? { source } : {}),
    ...(target === HIDDEN ? { targetHidden: true } : target !== undefined ? { target } : {}),
  };
}

function databaseWide(content: SnapshotContent, name: string): boolean {
  return content.roleSettings.some((r) => r.role === null && r.name.toLowerCase() === name);
}

/** The scope as a phrase for messages, e.g. "for role writer in this database". */
function scopePhrase(scope: SettingScope): string {
  if (scope.level === "server") return "server-wide, the server configuration's own value";
  if (scope.level === "database") return scope.allDatabases ? "for every role in every database" : "for this database";
  if (scope.level === "writer") return `what the writing role ${quoteIdent(scope.role ?? "")} gets at login here, all levels applied`;
  return `for role ${quoteIdent(scope.role ?? "")} ${scope.allDatabases ? "in every database" : "in this database"}`;
}

function scopeLabel(scope: SettingScope): string {
  if (scope.level === "database") return scope.allDatabases ? "every role, every database" : "database";
  if (scope.level === "writer") return `writer ${quoteIdent(scope.role ?? "")}`;
  return `role ${quoteIdent(scope.role ?? "")}${scope.allDatabases ? "" : " in database"}`;
}

/**
 * The value a session at this scope starts with: the most specific of role-in-database, role, database,
 * every-role and server settings, as PostgreSQL applies them at connection. `server` is given only when
 * server settings are compared (an embedded engine's are its own, not an environment's).
 */
function effectiveValue(content: SnapshotContent, settingName: string, role: string | null, allDatabases: boolean, server: ServerMap | undefined): Value {
  const name = settingName.toLowerCase();
  const find = (r: string | null, all: boolean) =>
    content.roleSettings.find((x) => x.role === r && x.allDatabases === all && x.name.toLowerCase() === name)?.value;
  const chain: Value[] = [];
  if (role !== null) {
    if (!allDatabases) chain.push(find(role, false));
    chain.push(find(role, true));
  }
  if (role !== null || !allDatabases) chain.push(find(null, false));
  chain.push(find(null, true));
  const found = chain.find((v) => v !== undefined);
  if (found !== undefined) return found;
  return server?.get(name)?.value;
}

/** pg_settings gives "30000" with unit "ms"; ALTER ... SET keeps what was typed. Both read the same after this. */
export function withUnit(value: string, unit: string | null): string {
  if (!unit || !/^-?\d+(\.\d+)?$/.test(value)) return value;
  const scaled = /^(\d+)(.+)$/.exec(unit);
  if (scaled) return `${Number(value) * Number(scaled[1])}${scaled[2]}`;
  return `${value}${unit}`;
}
