import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";
import { adminExec, createScratchDatabase, serverUrl, uniqueRole, type ScratchDatabase } from "../helpers/server-database.js";
import { EXAMPLE, tempDir, type JsonReport } from "./check-support.js";

// The gate against a live PostgreSQL server: SOURCE is the example's migrations captured from embedded PostgreSQL,
// TARGET a real database that drifted the way the example's prod did. Roles are cluster-wide, so this
// file renames the example's roles to names only it uses.
describe.runIf(serverUrl)("driftgate check against a live server", () => {
  const dir = tempDir("dg-server-");
  const writer = uniqueRole("catalog_writer");
  const reader = uniqueRole("reporting_reader");
  const PASSWORD = "pw-n0t-for-printing";
  let db: ScratchDatabase;
  let urlWithPassword: string;

  const rename = (sql: string) => sql.replaceAll("catalog_writer", writer).replaceAll("reporting_reader", reader);

  beforeAll(async () => {
    const migrations = join(dir.path, "migrations");
    mkdirSync(migrations);
    const files = readdirSync(join(EXAMPLE, "migrations")).sort();
    for (const file of files) writeFileSync(join(migrations, file), rename(readFileSync(join(EXAMPLE, "migrations", file), "utf8")));
    db = await createScratchDatabase("dg_check");
    for (const file of files) await db.exec(rename(readFileSync(join(EXAMPLE, "migrations", file), "utf8")));
    await db.exec(rename(readFileSync(join(EXAMPLE, "prod-drift.sql"), "utf8")));
    const url = new URL(db.url);
    url.password = PASSWORD; // the local server trusts; the password only has to stay out of every output
    urlWithPassword = url.toString();
    // One embedded PostgreSQL for the file: SOURCE is captured once, then compared as a file.
    const snap = await runCliInProcess(["snapshot", "migrations", "-o", join(dir.path, "source.json")], { cwd: dir.path });
    expect(snap.code, snap.stderr).toBe(0);
  });

  afterAll(async () => {
    await db?.drop();
    await adminExec(serverUrl!, `DROP ROLE IF EXISTS ${writer}; DROP ROLE IF EXISTS ${reader};`);
    dir.remove();
  });

  it("blocks the deploy on the live drift (exit 1) and prints no password", async () => {
    const run = await runCliInProcess(["check", "source.json", urlWithPassword, "--format", "json"], { cwd: dir.path });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport & { target: { label: string } };
    const breaking = report.findings.filter((f) => f.severity === "breaking").map((f) => f.object);
    expect(breaking).toContain("catalog.dataset_versions.published_by");
    expect(breaking).toContain("catalog.lineage_edges");
    expect(report.target.label).toContain(":***@");
    expect(run.stdout).not.toContain(PASSWORD);
  });

  it("passes (exit 0) once the drift is repaired with the hints it printed", async () => {
    const first = await runCliInProcess(["check", "source.json", urlWithPassword, "--format", "json"], { cwd: dir.path });
    const hints = (JSON.parse(first.stdout) as { findings: { severity: string; hint?: string }[] }).findings
      .filter((f) => f.severity === "breaking")
      .map((f) => f.hint!);
    expect(hints.length).toBeGreaterThan(0);
    await db.exec(hints.join("\n"));
    const run = await runCliInProcess(["check", "source.json", urlWithPassword], { cwd: dir.path });
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split("\n").at(-1)).toBe("no blocking drift (--fail-on breaking)");
    expect(`${run.stdout}${run.stderr}`).not.toContain(PASSWORD);
  });
});
