import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { locateInMigrations } from "../../../src/dialects/postgresql/migrations/migration-locations.js";
import { prepareMigrations } from "../../../src/dialects/postgresql/migrations/sql-migrations.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "dg-locate-"));
  await writeFile(path.join(dir, "001_apps.sql"), "CREATE SCHEMA app;\nCREATE TABLE app.apps (\n  id integer PRIMARY KEY,\n  name text\n);\nCREATE TABLE app.\"User\" (id int);\n");
  await writeFile(path.join(dir, "002_more.sql"), "-- later\nALTER TABLE app.apps ADD COLUMN owner text;\nCREATE INDEX apps_name_idx ON app.apps (name);\n");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("locateInMigrations", () => {
  it("points at the last statement that names the table, preferring one that names the member too", async () => {
    const migrations = await prepareMigrations(dir);
    expect(locateInMigrations(migrations, { object: "app.apps", objectKind: "table" }, dir)).toEqual({ file: "002_more.sql", line: 3 });
    expect(locateInMigrations(migrations, { object: "app.apps.owner", objectKind: "column" }, dir)).toEqual({ file: "002_more.sql", line: 2 });
    expect(locateInMigrations(migrations, { object: "app.apps.id", objectKind: "column" }, dir)).toEqual({ file: "001_apps.sql", line: 2 });
  });

  it("matches a quoted name exactly and an unquoted one as PostgreSQL folds it; an object no statement names gets nothing", async () => {
    const migrations = await prepareMigrations(dir);
    expect(locateInMigrations(migrations, { object: 'app."User"', objectKind: "table" }, dir)).toEqual({ file: "001_apps.sql", line: 6 });
    expect(locateInMigrations(migrations, { object: "app.user", objectKind: "table" }, dir)).toBeNull();
    expect(locateInMigrations(migrations, { object: "app.nowhere", objectKind: "table" }, dir)).toBeNull();
  });
});
