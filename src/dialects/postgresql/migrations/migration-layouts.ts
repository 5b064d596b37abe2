import { readdir, readFile, stat } from "node:fs/promises";
import { basename, dirname, join, relative, sep } from "node:path";
import { InputError } from "../../../errors.js";

/**
 * How the common migration tools lay out a folder, and the order each applies it in. Only the "up"
 * part of each is ever applied: down, undo, revert and verify scripts are never run.
 */
export const MIGRATION_LAYOUTS = ["flyway", "golang-migrate", "popx", "dbmate", "prisma", "atlas", "sqitch", "numbered", "plain"] as const;
export type MigrationLayout = (typeof MIGRATION_LAYOUTS)[number];

/** One script to apply, in order. */
export interface MigrationScript {
  readonly path: string;
  /** Path relative to the migrations folder (or the file's name), as errors and notes show it. */
  readonly label: string;
  readonly sql: string;
  /** File line of the script's first line (dbmate's up section starts below its marker). */
  readonly firstLine: number;
  /** "file": one transaction per script, as the tools do by default; "none": each statement on its own. */
  readonly transaction: "file" | "none";
  /** Made by driftgate, not read from a file: what the tool itself creates first (its bookkeeping table). */
  readonly generated?: boolean;
}

export interface MigrationPlan {
  readonly layout: MigrationLayout;
  readonly root: string;
  readonly scripts: readonly MigrationScript[];
}

/** Reads a migrations file or folder and orders it as its tool would; `forced` skips detection. */
export async function planMigrations(path: string, forced?: MigrationLayout): Promise<MigrationPlan> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new InputError(`cannot read ${path}: no such file or folder`);
  }
  if (info.isFile()) {
    const sql = await readText(path);
    const layout = forced ?? (DBMATE_UP.test(sql) ? "dbmate" : "plain");
    if (layout !== "plain" && layout !== "dbmate") {
      throw new InputError(`--migrations-layout ${layout} needs a folder of migrations; ${basename(path)} is a single file`);
    }
    const scripts = layout === "dbmate" ? [dbmateScript(path, basename(path), sql)] : [script(path, basename(path), sql)];
    return { layout, root: dirname(path), scripts };
  }
  const layout = forced ?? (await detectLayout(path));
  const scripts = await PLANNERS[layout](path);
  if (scripts.length === 0) throw new InputError(`folder ${path} holds no ${layout === "plain" ? "" : `${layout} `}migrations to apply`);
  return { layout, root: path, scripts };
}

async function detectLayout(dir: string): Promise<MigrationLayout> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = new Set(entries.map((e) => e.name));
  if (names.has("sqitch.plan")) return "sqitch";
  if (names.has("atlas.sum")) return "atlas";
  if (names.has("migration_lock.toml")) return "prisma";
  for (const e of entries) {
    if (e.isDirectory() && (await exists(join(dir, e.name, "migration.sql")))) return "prisma";
  }
  const sql = entries.filter((e) => e.isFile() && e.name.endsWith(".sql")).map((e) => e.name);
  if (sql.some((f) => FLYWAY_VERSIONED.test(f) || FLYWAY_REPEATABLE.test(f))) return "flyway";
  // popx (Ory's Hydra, Kratos, Keto) also names the database: checked before golang-migrate, whose
  // naming it extends.
  if (sql.some((f) => POPX_DIALECT.test(f))) return "popx";
  if (sql.some((f) => GOLANG_MIGRATE.test(f))) return "golang-migrate";
  for (const f of sql) {
    if (DBMATE_UP.test(await readText(join(dir, f)))) return "dbmate";
  }
  if (sql.length > 0 && sql.every((f) => NUMBERED.test(f))) return "numbered";
  if (sql.length === 0) {
    // Flyway scans its locations recursively: a folder of folders of V__ files is still Flyway.
    const nested = (await listFiles(dir)).map((p) => basename(p));
    if (nested.some((f) => FLYWAY_VERSIONED.test(f))) return "flyway";
  }
  return "plain";
}

const PLANNERS: Record<MigrationLayout, (dir: string) => Promise<MigrationScript[]>> = {
  flyway: planFlyway,
  "golang-migrate": planGolangMigrate,
  popx: planPopx,
  dbmate: planDbmate,
  prisma: planPrisma,
  atlas: planAtlas,
  sqitch: planSqitch,
  numbered: planNumbered,
  plain: planPlain,
};

// ---- Flyway: V<version>__<description>.sql by version, then R__<description>.sql by description; U (undo) never.
const FLYWAY_VERSIONED = /^V(\d+(?:[._]\d+)*)__(.+)\.sql$/;
const FLYWAY_REPEATABLE = /^R__(.+)\.sql$/;
const FLYWAY_UNDO = /^U(\d+(?:[._]\d+)*)__(.+)\.sql$/;

async function planFlyway(dir: string): Promise<MigrationScript[]> {
  const versioned: { version: bigint[]; path: string }[] = [];
  const repeatable: { description: string; path: string }[] = [];
  for (const path of await listFiles(dir)) {
    const name = basename(path);
    if (!name.endsWith(".sql")) continue;
    const v = FLYWAY_VERSIONED.exec(name);
    const r = FLYWAY_REPEATABLE.exec(name);
    if (v) versioned.push({ version: flywayVersion(v[1]!), path });
    else if (r) repeatable.push({ description: r[1]!, path });
    else if (FLYWAY_UNDO.test(name)) continue;
    else throw new InputError(`${relative(dir, path)} does not follow Flyway's naming (V<version>__<description>.sql, R__<description>.sql or U<version>__...); rename it, or force another layout with --migrations-layout`);
  }
  versioned.sort((a, b) => compareVersions(a.version, b.version));
  for (let i = 1; i < versioned.length; i++) {
    if (compareVersions(versioned[i - 1]!.version, versioned[i]!.version) === 0) {
      throw new InputError(`Flyway migrations ${relative(dir, versioned[i - 1]!.path)} and ${relative(dir, versioned[i]!.path)} have the same version`);
    }
  }
  repeatable.sort((a, b) => (a.description < b.description ? -1 : a.description > b.description ? 1 : 0));
  const out: MigrationScript[] = [];
  for (const { path } of [...versioned, ...repeatable]) {
    const sql = await readText(path);
    const label = relative(dir, path);
    rejectFlywayPlaceholders(label, sql);
    // A sidecar V1__x.sql.conf with executeInTransaction=false runs the script outside a transaction.
    const conf = await readFile(`${path}.conf`, "utf8").catch(() => "");
    const none = /^\s*executeInTransaction\s*=\s*false\s*$/m.test(conf);
    out.push({ ...script(path, label, sql), transaction: none ? "none" : "file" });
  }
  return out;
}

/** Flyway compares versions part by part as numbers, "_" standing for "."; trailing zero parts do not count (1.0 = 1). */
function flywayVersion(text: string): bigint[] {
  const parts = text.split(/[._]/).map((p) => BigInt(p));
  while (parts.length > 1 && parts[parts.length - 1] === 0n) parts.pop();
  return parts;
}

function compareVersions(a: readonly bigint[], b: readonly bigint[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0n;
    const y = b[i] ?? 0n;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function rejectFlywayPlaceholders(label: string, sql: string): void {
  // Flyway replaces ${name} before running a script and fails on a name it has no value for; the
  // values live in Flyway's configuration, which driftgate does not read.
  const match = /\$\{[A-Za-z0-9_.:-]+\}/.exec(sql);
  if (match) {
    const line = sql.slice(0, match.index).split("\n").length;
    throw new InputError(`${label}:${line}: Flyway placeholder ${match[0]} has its value in Flyway's configuration, which driftgate does not read; use a plain value`);
  }
}

// ---- golang-migrate: <version>_<title>.up.sql by version; .down.sql never.
const GOLANG_MIGRATE = /^(\d+)_(.*)\.(up|down)\.sql$/;

async function planGolangMigrate(dir: string): Promise<MigrationScript[]> {
  const ups: { version: bigint; name: string }[] = [];
  for (const name of await sqlFilesIn(dir)) {
    const m = GOLANG_MIGRATE.exec(name);
    if (!m) throw new InputError(`${name} does not follow golang-migrate's naming (<version>_<title>.up.sql / .down.sql); rename it, or force another layout with --migrations-layout`);
    if (m[3] === "up") ups.push({ version: BigInt(m[1]!), name });
  }
  ups.sort((a, b) => (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
  for (let i = 1; i < ups.length; i++) {
    if (ups[i - 1]!.version === ups[i]!.version) throw new InputError(`golang-migrate migrations ${ups[i - 1]!.name} and ${ups[i]!.name} have the same version`);
  }
  const scripts = await Promise.all(ups.map(async ({ name }) => script(join(dir, name), name, await readText(join(dir, name)))));
  // golang-migrate creates its bookkeeping table before the first migration, and migrations may alter it
  // (Harbor's add a column): the embedded engine gets it too, as every database the tool migrated has it.
  return [{ ...script(join(dir, GOLANG_MIGRATE_TABLE_LABEL), GOLANG_MIGRATE_TABLE_LABEL, GOLANG_MIGRATE_TABLE), generated: true }, ...scripts];
}

const GOLANG_MIGRATE_TABLE_LABEL = "(golang-migrate's schema_migrations table)";
const GOLANG_MIGRATE_TABLE = "CREATE TABLE IF NOT EXISTS schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);\n";

// ---- popx (ory/popx, gobuffalo's SQL migrations): <version>_<name>[.<dialect>][.autocommit].up.sql by
// version. A version may come once per database: PostgreSQL's own file wins over the one naming no
// database; other databases' files (mysql, sqlite3, cockroach) and every .down.sql are never applied.
// `.autocommit` runs the file outside a transaction, as popx does.
const POPX = /^(\d+)_([^.]+)(?:\.(postgres|postgresql|mysql|sqlite|sqlite3|cockroach))?(\.autocommit)?\.(up|down)\.sql$/;
const POPX_DIALECT = /^\d+_[^.]+\.(postgres|postgresql|mysql|sqlite|sqlite3|cockroach)(\.autocommit)?\.(up|down)\.sql$/;

async function planPopx(dir: string): Promise<MigrationScript[]> {
  const chosen = new Map<string, { version: bigint; name: string; own: boolean; autocommit: boolean }>();
  for (const name of await sqlFilesIn(dir)) {
    const m = POPX.exec(name);
    if (!m) throw new InputError(`${name} does not follow popx's naming (<version>_<name>[.postgres][.autocommit].up.sql); rename it, or force another layout with --migrations-layout`);
    const [, version, , dialect, autocommit, direction] = m;
    if (direction !== "up" || (dialect !== undefined && dialect !== "postgres" && dialect !== "postgresql")) continue;
    const own = dialect !== undefined;
    const seen = chosen.get(version!);
    if (seen && seen.own === own) throw new InputError(`popx migrations ${seen.name} and ${name} have the same version for PostgreSQL`);
    if (!seen || own) chosen.set(version!, { version: BigInt(version!), name, own, autocommit: autocommit !== undefined });
  }
  const ups = [...chosen.values()].sort((a, b) => (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
  return Promise.all(
    ups.map(async ({ name, autocommit }) => ({ ...script(join(dir, name), name, await readText(join(dir, name))), transaction: autocommit ? ("none" as const) : ("file" as const) })),
  );
}

// ---- dbmate: <version>_<name>.sql in name order, the part between `-- migrate:up` and `-- migrate:down`.
const DBMATE_UP = /^--\s*migrate:up\b/m;
const DBMATE_MARKER = /^--\s*migrate:(up|down)\b(.*)$/gm;

async function planDbmate(dir: string): Promise<MigrationScript[]> {
  const names = await sqlFilesIn(dir);
  return Promise.all(names.map(async (name) => dbmateScript(join(dir, name), name, await readText(join(dir, name)))));
}

function dbmateScript(path: string, label: string, sql: string): MigrationScript {
  const markers = [...sql.matchAll(DBMATE_MARKER)];
  const up = markers.find((m) => m[1] === "up");
  if (!up) throw new InputError(`${label} has no "-- migrate:up" section (dbmate needs one in every migration)`);
  const bodyStart = up.index + up[0].length;
  const down = markers.find((m) => m[1] === "down" && m.index > up.index);
  const body = sql.slice(bodyStart, down ? down.index : sql.length);
  const firstLine = sql.slice(0, bodyStart).split("\n").length;
  const none = /\btransaction:false\b/.test(up[2] ?? "");
  return { path, label, sql: body, firstLine, transaction: none ? "none" : "file" };
}

// ---- Prisma: migrations/<timestamp>_<name>/migration.sql in folder-name order; migration_lock.toml ignored.
async function planPrisma(dir: string): Promise<MigrationScript[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort(compareCodeUnits);
  const out: MigrationScript[] = [];
  for (const name of entries) {
    const path = join(dir, name, "migration.sql");
    if (!(await exists(path))) continue;
    out.push(script(path, `${name}/migration.sql`, await readText(path)));
  }
  return out;
}

// ---- Atlas: the .sql files in lexical order, as atlas migrate apply reads them; `-- atlas:txmode none` honoured.
async function planAtlas(dir: string): Promise<MigrationScript[]> {
  const names = await sqlFilesIn(dir);
  // atlas migrate apply refuses a directory whose files and atlas.sum disagree; so does driftgate,
  // rather than apply a set of files atlas would not. (The hashes themselves are atlas's to check.)
  const sum = await readFile(join(dir, "atlas.sum"), "utf8").catch(() => null);
  if (sum !== null) {
    const listed = sum.split("\n").slice(1).map((l) => l.trim().split(/\s+/, 1)[0] ?? "").filter((n) => n.endsWith(".sql"));
    const missing = names.filter((n) => !listed.includes(n));
    const gone = listed.filter((n) => !names.includes(n));
    if (missing.length || gone.length) {
      const what = [...missing.map((n) => `${n} is not in atlas.sum`), ...gone.map((n) => `atlas.sum lists ${n}, which is missing`)].join("; ");
      throw new InputError(`${join(dir, "atlas.sum")} does not match the folder (${what}); atlas would refuse it: run atlas migrate hash`);
    }
  }
  return Promise.all(
    names.map(async (name) => {
      const sql = await readText(join(dir, name));
      // Directives sit in the file's header, before the first statement.
      const header = sql.split(/\n\s*\n/, 1)[0] ?? "";
      const none = /^--\s*atlas:txmode\s+none\b/m.test(header);
      return { ...script(join(dir, name), name, sql), transaction: none ? ("none" as const) : ("file" as const) };
    }),
  );
}

// ---- Sqitch: changes in sqitch.plan order, deploy/<change>.sql (a reworked change's earlier script is deploy/<change>@<tag>.sql).
async function planSqitch(dir: string): Promise<MigrationScript[]> {
  const planFile = join(dir, "sqitch.plan");
  const plan = await readFile(planFile, "utf8").catch(() => {
    throw new InputError(`cannot read ${planFile}: a Sqitch project needs its plan`);
  });
  const deployDir = join(dir, await sqitchDeployDir(dir));
  type Entry = { kind: "change"; name: string; line: number } | { kind: "tag"; name: string };
  const entries: Entry[] = [];
  plan.split("\n").forEach((raw, index) => {
    const text = raw.trim();
    if (!text || text.startsWith("#") || text.startsWith("%")) return;
    if (text.startsWith("@")) {
      entries.push({ kind: "tag", name: text.slice(1).split(/\s/, 1)[0]! });
      return;
    }
    // A change line: [+|-]name [deps] timestamp planner <email> [# note]; "-" marks a revert in the plan.
    const m = /^([+-]?)([^\s[@#:]+)/.exec(text);
    if (!m) throw new InputError(`sqitch.plan:${index + 1}: cannot read this line as a change or a tag`);
    if (m[1] === "-") throw new InputError(`sqitch.plan:${index + 1}: a plan that reverts a change (-${m[2]}) is not supported`);
    entries.push({ kind: "change", name: m[2]!, line: index + 1 });
  });
  const out: MigrationScript[] = [];
  entries.forEach((entry, i) => {
    if (entry.kind !== "change") return;
    const later = entries.slice(i + 1).some((e) => e.kind === "change" && e.name === entry.name);
    let file = `${entry.name}.sql`;
    if (later) {
      const tag = entries.slice(i + 1).find((e) => e.kind === "tag");
      if (!tag) throw new InputError(`sqitch.plan:${entry.line}: change ${entry.name} is reworked without a tag in between`);
      file = `${entry.name}@${tag.name}.sql`;
    }
    out.push({ path: join(deployDir, file), label: relative(dir, join(deployDir, file)), sql: "", firstLine: 1, transaction: "file" });
  });
  return Promise.all(out.map(async (s) => ({ ...s, sql: await readText(s.path) })));
}

async function sqitchDeployDir(dir: string): Promise<string> {
  // sqitch.conf may move the scripts: [core] top_dir / deploy_dir.
  const conf = await readFile(join(dir, "sqitch.conf"), "utf8").catch(() => "");
  const value = (key: string) => new RegExp(`^\\s*${key}\\s*=\\s*(.+?)\\s*$`, "m").exec(conf)?.[1];
  return value("deploy_dir") ?? join(value("top_dir") ?? ".", "deploy");
}

// ---- Numbered: 1_x.sql, 2_y.sql, 10_z.sql by their leading number.
const NUMBERED = /^(\d+)/;

async function planNumbered(dir: string): Promise<MigrationScript[]> {
  const names = await sqlFilesIn(dir);
  const numbered = names.map((name) => {
    const m = NUMBERED.exec(name);
    if (!m) throw new InputError(`${name} has no leading number, which the numbered layout orders by; rename it, or force another layout with --migrations-layout`);
    return { n: BigInt(m[1]!), name };
  });
  numbered.sort((a, b) => (a.n < b.n ? -1 : a.n > b.n ? 1 : compareCodeUnits(a.name, b.name)));
  return Promise.all(numbered.map(async ({ name }) => script(join(dir, name), name, await readText(join(dir, name)))));
}

// ---- Plain: every .sql file of the folder in lexical order.
async function planPlain(dir: string): Promise<MigrationScript[]> {
  const names = await sqlFilesIn(dir);
  if (names.length === 0) throw new InputError(`folder ${dir} holds no .sql files`);
  return Promise.all(names.map(async (name) => script(join(dir, name), name, await readText(join(dir, name)))));
}

function script(path: string, label: string, sql: string): MigrationScript {
  return { path, label: label.split(sep).join("/"), sql, firstLine: 1, transaction: "file" };
}

async function sqlFilesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith(".sql")).map((e) => e.name).sort(compareCodeUnits);
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(path)));
    else if (e.isFile()) out.push(path);
  }
  return out.sort(compareCodeUnits);
}

async function readText(path: string): Promise<string> {
  return readFile(path, "utf8").catch(() => {
    throw new InputError(`cannot read migration ${path}`);
  });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A layout named through the engine's dialect-neutral store options (a plain string) narrowed to one this
 * dialect knows; the CLI offers only these, so only a library caller can name another, and is told in one line.
 */
export function migrationLayoutNamed(name: string | undefined): MigrationLayout | undefined {
  if (name === undefined) return undefined;
  if (!(MIGRATION_LAYOUTS as readonly string[]).includes(name)) throw new InputError(`unknown migrations layout "${name}" (known: ${MIGRATION_LAYOUTS.join(", ")})`);
  return name as MigrationLayout;
}
