import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";

const fixtures = path.resolve("test/fixtures/probe");
const source = path.join(fixtures, "store", "001-applications.sql");
// The folder applies 001 and then 002, which adds an owner rule NOT VALID: old rows stay, new rows must obey.
const target = path.join(fixtures, "store");
const docs = path.join(fixtures, "docs", "applications.ndjson");

describe("check SOURCE TARGET --probe (embedded PostgreSQL)", () => {
  it("reports, as breaking, a document SOURCE accepts and TARGET rejects, with TARGET's own error", async () => {
    const run = await runCliInProcess(["check", source, target, "--probe", docs, "--table", "public.applications", "--format", "json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { findings: { rule: string; severity: string; message: string; target?: string }[]; blocked: boolean };
    const probed = report.findings.filter((f) => f.rule === "probe-rejected-in-target");
    expect(probed.length).toBeGreaterThan(0);
    expect(probed.every((f) => f.severity === "breaking")).toBe(true);
    // "no-owner" leaves owner out: fine in SOURCE, a check violation (23514) in TARGET.
    expect(probed.map((f) => `${f.message} ${f.target ?? ""}`).join("\n")).toMatch(/23514[\s\S]*applications_owner_present|applications_owner_present[\s\S]*23514/);
    // Documents that both stores reject (a reserved name: the trigger is in both) are not TARGET's fault.
    expect(probed.map((f) => f.message).join("\n")).not.toMatch(/reserved-admin/);
    expect(report.blocked).toBe(true);
  });

  it("re-rates probe findings with --severity, like catalog rules (one run: each boots two embedded engines)", async () => {
    const run = await runCliInProcess([...["check", source, target, "--probe", docs, "--table", "public.applications", "--format", "json"], "--severity", "probe-rejected-in-target=risky"]);
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout) as { findings: { rule: string; severity: string }[]; blocked: boolean };
    const rated = report.findings.filter((f) => f.rule === "probe-rejected-in-target");
    expect(rated.length).toBeGreaterThan(0);
    expect(rated.every((f) => f.severity === "risky")).toBe(true);
    // Only the probe blocked this fixture: re-rated, nothing breaking is left and the gate opens.
    expect(report.findings.some((f) => f.severity === "breaking")).toBe(false);
    expect(run.code).toBe(0);
  });

  it("refuses --probe without both stores or without --table, before reading anything", async () => {
    const noTable = await runCliInProcess(["check", source, target, "--probe", docs]);
    expect(noTable.code).toBe(2);
    expect(noTable.stderr).toMatch(/--probe needs --table/);
    const noStores = await runCliInProcess(["check", "--probe", docs, "--table", "public.applications"]);
    expect(noStores.code).toBe(2);
    expect(noStores.stderr).toMatch(/--probe needs SOURCE and TARGET/);
    const stray = await runCliInProcess(["check", source, target, "--table", "public.applications"]);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toMatch(/go with --probe/);
  });

  it("a probed table TARGET lacks is a breaking finding in the written report, not bad input", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "dg-check-probe-"));
    try {
      const bare = path.join(dir, "001-other.sql");
      await writeFile(bare, "CREATE TABLE public.other (id int);\n");
      const run = await runCliInProcess(["check", source, bare, "--probe", docs, "--table", "public.applications", "--format", "json"]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as { findings: { rule: string; severity: string; message: string }[] };
      const probed = report.findings.filter((f) => f.rule === "probe-rejected-in-target");
      expect(probed).toEqual([
        expect.objectContaining({ severity: "breaking", message: expect.stringMatching(/^table public\.applications does not exist in TARGET: the 4 of 5 probed documents SOURCE accepts/) }),
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    // Two embedded databases are built: on a loaded machine that alone can take most of a minute.
  }, 180_000);
});
