import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MigrationLayout } from "../../src/dialects/postgresql/migrations/migration-layouts.js";
import { openMigrations } from "../../src/dialects/postgresql/migrations/migrations-store.js";
import { prepareMigrations } from "../../src/dialects/postgresql/migrations/sql-migrations.js";
import { createPglite, pgliteSession } from "../../src/dialects/postgresql/session/pglite-session.js";
import { readSnapshot } from "../../src/dialects/postgresql/catalog/read-snapshot.js";
import { templateFileIn } from "../../src/dialects/postgresql/migrations/snapshot-cache.js";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";

const fixtures = path.resolve(import.meta.dirname, "../fixtures/migration-layouts");

/**
 * Each folder is written in one tool's conventions; every migration logs its name into app_log, so the
 * order the engine really applied them in is read back from the database. The snapshot must equal that
 * of expected.sql, the same schema written out by hand: down/undo/revert/verify scripts would change it.
 */
const CASES: { layout: MigrationLayout; dir: string; expected: string }[] = [
  { layout: "flyway", dir: "flyway/migrations", expected: "flyway" },
  { layout: "golang-migrate", dir: "golang-migrate/migrations", expected: "golang-migrate" },
  { layout: "popx", dir: "popx/migrations", expected: "popx" },
  { layout: "dbmate", dir: "dbmate/db/migrations", expected: "dbmate" },
  { layout: "prisma", dir: "prisma/prisma/migrations", expected: "prisma" },
  { layout: "atlas", dir: "atlas/migrations", expected: "atlas" },
  { layout: "sqitch", dir: "sqitch/project", expected: "sqitch" },
  { layout: "numbered", dir: "numbered/migrations", expected: "numbered" },
  { layout: "numbered", dir: "psql/migrations", expected: "psql" },
];

let cache: string;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  cache = await mkdtemp(path.join(tmpdir(), "driftgate-layouts-"));
  env = { DRIFTGATE_CACHE_DIR: cache };
});
afterAll(async () => {
  await rm(cache, { recursive: true, force: true });
});

describe.each(CASES)("$dir ($layout)", ({ layout, dir, expected }) => {
  const folder = path.join(fixtures, dir);

  it("is detected as its layout, and forcing that layout plans the same", async () => {
    const detected = await prepareMigrations(folder);
    expect(detected.plan.layout).toBe(layout);
    const forced = await prepareMigrations(folder, layout);
    expect(forced.plan.scripts.map((s) => s.label)).toEqual(detected.plan.scripts.map((s) => s.label));
  });

  it("applies only the up parts, in the tool's order, and builds the expected schema", async () => {
    const order = JSON.parse(await readFile(path.join(fixtures, expected, "order.json"), "utf8")) as string[];
    const db = await openMigrations(folder, { env });
    const session = pgliteSession(db, true);
    let applied: string[];
    let actual;
    try {
      applied = (await db.query<{ name: string }>("select name from app_log order by n")).rows.map((r) => r.name);
      actual = await readSnapshot(session, { label: "x", kind: "migrations" });
    } finally {
      await session.close();
    }
    expect(applied).toEqual(order);

    const reference = await createPglite([], { templateFile: await templateFileIn(cache) });
    const referenceSession = pgliteSession(reference, true);
    try {
      await reference.exec(await readFile(path.join(fixtures, expected, "expected.sql"), "utf8"));
      const wanted = await readSnapshot(referenceSession, { label: "x", kind: "migrations" });
      expect(actual.content).toEqual(wanted.content);
    } finally {
      await referenceSession.close();
    }
  });
});

describe("what each tool leaves out", () => {
  it("golang-migrate never plans a .down.sql; Flyway never an undo; Sqitch never revert or verify", async () => {
    const labels = async (dir: string) => (await prepareMigrations(path.join(fixtures, dir))).plan.scripts.map((s) => s.label);
    const golang = await labels("golang-migrate/migrations");
    // Its own bookkeeping table first, as the tool creates it; then only .up.sql files.
    expect(golang[0]).toBe("(golang-migrate's schema_migrations table)");
    expect(golang.slice(1).every((l) => l.endsWith(".up.sql"))).toBe(true);
    expect(await labels("flyway/migrations")).not.toContain("U2__accounts.sql");
    // popx: PostgreSQL's own file over the generic one; other databases' files and .down.sql never.
    expect(await labels("popx/migrations")).toEqual([
      "20190100000001000000_create_log.up.sql",
      "20190100000002000000_accounts.postgres.up.sql",
      "20190100000003000000_accounts_email_idx.postgres.autocommit.up.sql",
    ]);
    expect((await labels("sqitch/project")).every((l) => l.startsWith("deploy/"))).toBe(true);
    expect(await labels("prisma/prisma/migrations")).toEqual([
      "20240101120000_init/migration.sql",
      "20240102120000_accounts/migration.sql",
      "20240110120000_account_email_unique/migration.sql",
    ]);
  });

  it("dbmate applies the up section only, and keeps file lines for errors", async () => {
    const prepared = await prepareMigrations(path.join(fixtures, "dbmate/db/migrations"));
    const [first] = prepared.scripts;
    expect(first!.statements.map((s) => s.sql)).not.toContainEqual(expect.stringContaining("DROP"));
    expect(first!.statements[0]!.line).toBe(2);
    expect(prepared.scripts[2]!.script.transaction).toBe("none");
  });

  it("statements that cannot run in a transaction are marked to run on their own", async () => {
    const prepared = await prepareMigrations(path.join(fixtures, "flyway/migrations"));
    const index = prepared.scripts.find((s) => s.script.label === "V2.5__accounts_index.sql")!;
    expect(index.statements.map((s) => s.outsideTransaction)).toEqual([false, true, false]);
  });

  it("notes the harmless psql meta-commands it skipped, with file and line", async () => {
    const prepared = await prepareMigrations(path.join(fixtures, "psql/migrations"));
    expect(prepared.notes).toEqual([
      "001_log.sql:1: skipped psql meta-command \\set (it only affects psql's own output)",
      "001_log.sql:2: skipped psql meta-command \\echo (it only affects psql's own output)",
      "002_accounts.sql:1: skipped psql meta-command \\timing (it only affects psql's own output)",
    ]);
  });
});

describe("refusals name the file and line (exit 2)", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "driftgate-refusals-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const write = async (files: Record<string, string>) => {
    const { mkdir, writeFile } = await import("node:fs/promises");
    const folder = await mkdtemp(path.join(dir, "m-"));
    for (const [name, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(folder, name)), { recursive: true });
      await writeFile(path.join(folder, name), text);
    }
    return folder;
  };
  const snapshot = (folder: string, ...flags: string[]) =>
    runCliInProcess(["snapshot", folder, ...flags], { cwd: dir, env: { DRIFTGATE_CACHE_DIR: path.join(dir, "cache") } });

  it("\\i, \\copy and \\gexec are refused before anything is applied", async () => {
    for (const [command, line] of [["\\i other.sql", 3], ["\\copy t from 'x.csv'", 2], ["select 'x' \\gexec", 2]] as const) {
      const folder = await write({ "1_a.sql": line === 3 ? `create table t (a int);\n\n${command}\n` : `create table t (a int);\n${command}\n` });
      const run = await snapshot(folder);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`1_a.sql:${line}: psql meta-command ${command.includes("gexec") ? "\\gexec" : command.split(" ")[0]}`);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
    }
  });

  it("a failing statement names its file and line", async () => {
    const folder = await write({ "1_a.sql": "create table t (a int);\n\n-- comment\ninsert into t values (1);\ninsert into missing values (1);\n" });
    const run = await snapshot(folder);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/migration 1_a\.sql:5 failed on the embedded PostgreSQL: relation "missing" does not exist/);
  });

  it("--migrations-layout forces a layout, and a folder that does not fit it is refused", async () => {
    const folder = await write({ "V1__a.sql": "create table a (x int);\n", "V2__b.sql": "create table b (x int);\n" });
    expect((await snapshot(folder, "--migrations-layout", "golang-migrate")).stderr).toContain("does not follow golang-migrate's naming");
    const run = await snapshot(folder, "--migrations-layout", "plain");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('"name": "b"');
    expect((await snapshot(folder, "--migrations-layout", "liquibase")).code).toBe(2);
  });

  it("Flyway: two files with one version, and placeholders it cannot fill, are refused", async () => {
    expect((await snapshot(await write({ "V1__a.sql": "select 1;\n", "V1.0__b.sql": "select 1;\n" }))).stderr).toContain("have the same version");
    const placeholder = await snapshot(await write({ "V1__a.sql": "select 1;\ncreate schema ${flyway:defaultSchema};\n" }));
    expect(placeholder.code).toBe(2);
    expect(placeholder.stderr).toContain("V1__a.sql:2: Flyway placeholder ${flyway:defaultSchema}");
  });

  it("Atlas: files that atlas.sum does not list are refused, as atlas refuses them", async () => {
    const run = await snapshot(await write({ "atlas.sum": "h1:x=\n1_a.sql h1:y=\n", "1_a.sql": "select 1;\n", "2_b.sql": "select 2;\n" }));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("2_b.sql is not in atlas.sum");
  });

  it("a script that begins a transaction and never commits is refused, as its tool would roll it back", async () => {
    const run = await snapshot(await write({ "1_a.sql": "begin;\ncreate table a (x int);\n" }));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("1_a.sql ends inside a transaction it began");
  });
});

describe("--migrations-layout and --no-cache", () => {
  it("are accepted by every command that takes a store", async () => {
    for (const command of ["snapshot", "check", "diff", "fit", "probe", "scan"]) {
      const help = await runCliInProcess([command, "--help"], { env: {} });
      expect(help.stdout, command).toContain("--migrations-layout <layout>");
      expect(help.stdout, command).toContain("--no-cache");
      expect(help.stdout, command).toContain("golang-migrate");
    }
  });
});
