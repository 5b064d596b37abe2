/**
 * Credentials kept in role, database or function settings (ALTER ROLE writer SET app.api_password = ...)
 * never leave in clear: not in snapshot files, not in any report format, not in messages. A changed
 * credential is still seen, and the finding says its values are masked.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import type { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judge } from "../../src/dialects/index.js";
import { REPORT_FORMATS } from "../../src/report/reporters.js";
import { serialiseSnapshot, writeSnapshotFile } from "../../src/files/snapshot-file.js";
import { createPglite } from "../../src/dialects/postgresql/session/pglite-session.js";
import { MASK_PREFIX, looksLikeCredential, maskSettingValue } from "../../src/dialects/postgresql/model/setting-mask.js";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";
import { adminExec, createScratchDatabase, serverUrl, uniqueRole, type ScratchDatabase } from "../helpers/server-database.js";
import { tempDir } from "./check-support.js";
import { snapshotPglite } from "./rules/rule-fixtures.js";

const dir = tempDir("dg-secrets-");
afterAll(() => dir.remove());

/** Secrets per side: a weak-looking one and a random one, in a role, the database and a function. */
function secrets(): { role: string; database: string; routine: string } {
  return { role: `Pa55-${randomBytes(6).toString("hex")}`, database: `tok_${randomBytes(8).toString("base64url")}`, routine: "hunter2" + randomBytes(3).toString("hex") };
}

function storeSql(writer: string, s: ReturnType<typeof secrets>, inDatabase: boolean): string {
  const where = inDatabase ? " IN DATABASE %I" : "";
  return `
CREATE SCHEMA app;
CREATE TABLE app.apps (id integer PRIMARY KEY);
GRANT USAGE ON SCHEMA app TO ${writer};
GRANT INSERT ON app.apps TO ${writer};
CREATE FUNCTION app.touch() RETURNS integer LANGUAGE sql SET app.secret_key = '${s.routine}' AS 'SELECT 1';
DO $$ BEGIN
  EXECUTE format('ALTER ROLE ${writer}${where} SET app.api_password = %L', ${inDatabase ? "current_database(), " : ""}'${s.role}');
  EXECUTE format('ALTER DATABASE %I SET app.token = %L', current_database(), '${s.database}');
END $$;`;
}

async function expectNoSecretAnywhere(sourceFile: string, targetFile: string, all: string[]): Promise<void> {
  for (const file of [sourceFile, targetFile]) {
    const text = readFileSync(file, "utf8");
    for (const secret of all) expect(text, file).not.toContain(secret);
    expect(text).toContain(MASK_PREFIX);
  }
  for (const format of REPORT_FORMATS) {
    const run = await runCliInProcess(["check", sourceFile, targetFile, "--format", format], { cwd: dir.path });
    expect(run.code, `${format}: ${run.stderr}`).toBeLessThanOrEqual(1);
    for (const secret of all) {
      expect(run.stdout, format).not.toContain(secret);
      expect(run.stderr, format).not.toContain(secret);
    }
    if (format === "json") {
      const report = JSON.parse(run.stdout) as { findings: { object: string; message: string; severity: string }[] };
      const password = report.findings.find((f) => f.object.startsWith("app.api_password"));
      expect(password?.message).toMatch(/looks like a credential: values are shown masked, and they differ/);
      expect(report.findings.find((f) => f.object.startsWith("app.token"))?.message).toMatch(/masked/);
    }
  }
}

describe("credential-like settings", () => {
  it("names: credentials are masked, ordinary settings are not", () => {
    for (const name of ["app.api_password", "app.token", "myapp.secret", "app.aws_access_key", "x.key", "app.db_passwd", "app.auth_header", "primary_conninfo"]) {
      expect(looksLikeCredential(name), name).toBe(true);
    }
    for (const name of ["statement_timeout", "search_path", "default_transaction_read_only", "app.monkey_count", "TimeZone", "app.keyboard"]) {
      expect(looksLikeCredential(name), name).toBe(false);
    }
    const a = maskSettingValue("app.api_password", "hunter2");
    expect(a).toMatch(/^masked:scrypt16:[0-9a-f]{4}$/);
    expect(maskSettingValue("app.api_password", "hunter2")).toBe(a);
    expect(maskSettingValue("app.other_password", "hunter2")).not.toBe(a);
    expect(maskSettingValue("app.api_password", a)).toBe(a);
    expect(maskSettingValue("statement_timeout", "5s")).toBe("5s");
  });

  describe("on PGlite", () => {
    let source: PGlite;
    let target: PGlite;
    const s = secrets();
    const t = secrets();

    beforeAll(async () => {
      [source, target] = await Promise.all([createPglite(), createPglite()]);
      await source.exec(`CREATE ROLE app_writer LOGIN; ${storeSql("app_writer", s, false)}`);
      await target.exec(`CREATE ROLE app_writer LOGIN; ${storeSql("app_writer", t, false)}`);
    }, 180_000);
    afterAll(async () => {
      await Promise.all([source?.close(), target?.close()]);
    });

    it("stores them masked, still sees they changed, and no report format shows them", async () => {
      const a = await snapshotPglite(source, "source");
      const b = await snapshotPglite(target, "target");
      const text = serialiseSnapshot(a);
      expect(text).not.toContain(s.role);
      expect(a.content.roleSettings).toContainEqual({ allDatabases: true, name: "app.api_password", role: "app_writer", value: maskSettingValue("app.api_password", s.role) });
      const findings = judge(a, b);
      expect(findings.map((f) => f.object).sort()).toEqual(
        expect.arrayContaining(["app.api_password (role app_writer)", "app.token (database)", "app.touch()"]),
      );
      expect(judge(a, a).filter((f) => f.rule !== "settings-not-compared")).toEqual([]);
      await writeSnapshotFile(join(dir.path, "pglite-source.json"), a);
      await writeSnapshotFile(join(dir.path, "pglite-target.json"), b);
      await expectNoSecretAnywhere(join(dir.path, "pglite-source.json"), join(dir.path, "pglite-target.json"), [s.role, s.database, s.routine, t.role, t.database, t.routine]);
    });
  });

  describe.runIf(serverUrl)("on the server", () => {
    const writer = uniqueRole("dg_secret_writer");
    let a: ScratchDatabase;
    let b: ScratchDatabase;
    const s = secrets();
    const t = secrets();

    beforeAll(async () => {
      await adminExec(serverUrl!, `CREATE ROLE ${writer} LOGIN`);
      [a, b] = await Promise.all([createScratchDatabase("dg_secret"), createScratchDatabase("dg_secret")]);
      await a.exec(storeSql(writer, s, true));
      await b.exec(storeSql(writer, t, true));
    });
    afterAll(async () => {
      await Promise.all([a?.drop(), b?.drop()]);
      await adminExec(serverUrl!, `DROP ROLE IF EXISTS ${writer}`);
    });

    it("`driftgate snapshot` writes them masked, and no report format or message shows them", async () => {
      const files = [join(dir.path, "server-a.json"), join(dir.path, "server-b.json")];
      for (const [db, file] of [[a, files[0]!], [b, files[1]!]] as const) {
        const run = await runCliInProcess(["snapshot", db.url, "-o", file], { cwd: dir.path });
        expect(run.code, run.stderr).toBe(0);
        for (const secret of [s.role, s.database, s.routine, t.role, t.database, t.routine]) expect(run.stderr).not.toContain(secret);
      }
      await expectNoSecretAnywhere(files[0]!, files[1]!, [s.role, s.database, s.routine, t.role, t.database, t.routine]);
      // Straight from the servers too, no file in between.
      const run = await runCliInProcess(["check", a.url, b.url, "--format", "json"], { cwd: dir.path });
      for (const secret of [s.role, s.database, s.routine, t.role, t.database, t.routine]) expect(run.stdout + run.stderr).not.toContain(secret);
    });
  });
});
