/**
 * Flags and positionals mean the same thing in every order. commander's variadic options used to take
 * the positionals after them: `check --ignore-role ops SRC TGT` read SRC and TGT as role names, fell back
 * to the environments chain and exited 0 over a blocking drift.
 */
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCliInProcess, type CliRun } from "../helpers/run-cli-in-process.js";
import { COMMITTED_PROD_SNAPSHOT, EXAMPLE, recordTestSnapshot, tempDir, writeJson } from "./check-support.js";

const dir = tempDir("dg-order-");
const run = (args: string[]) => runCliInProcess(args, { cwd: dir.path });

/** Every way to place `flags` around two positionals: before, between, after, and split across them. */
function placements(command: string, [a, b]: [string, string], flags: string[][]): string[][] {
  const all = flags.flat();
  const out = [
    [command, ...all, a, b],
    [command, a, ...all, b],
    [command, a, b, ...all],
  ];
  if (flags.length > 1) out.push([command, ...flags[0]!, a, ...flags.slice(1).flat(), b], [command, a, ...flags[0]!, b, ...flags.slice(1).flat()]);
  return out;
}

function expectSame(runs: CliRun[]): void {
  for (const other of runs.slice(1)) expect(other).toEqual(runs[0]);
}

beforeAll(async () => {
  await recordTestSnapshot(join(dir.path, "test.json"));
  copyFileSync(COMMITTED_PROD_SNAPSHOT, join(dir.path, "prod.json"));
  // A chain that is clean (exit 0): what a misread command line silently compared instead.
  mkdirSync(join(dir.path, "environments"));
  writeJson(join(dir.path, "environments", "a.json"), { store: "../test.json", promotesTo: "b" });
  writeJson(join(dir.path, "environments", "b.json"), { store: "../test.json" });
});
afterAll(() => dir.remove());

describe("check and diff: flags anywhere", () => {
  it("check --ignore-role ops SRC TGT compares SRC with TGT (exit 1), not the environments chain (exit 0)", async () => {
    const result = await run(["check", "--ignore-role", "ops", "test.json", "prod.json", "--format", "json"]);
    expect(result.code, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as { source: { label: string }; target: { label: string } };
    expect([report.source.label, report.target.label]).toEqual(["test.json", "prod.json"]);
  });

  for (const command of ["check", "diff"]) {
    it(`${command}: the same report whatever the order, for every list flag`, async () => {
      const cases: string[][][] = [
        [["--ignore-role", "reporting_reader"]],
        [["--ignore-schema", "public"]],
        [["--severity", "column-not-null-added=off"]],
        [["--ignore-role", "reporting_reader"], ["--severity", "column-not-null-added=info"], ["--format", "json"]],
      ];
      for (const flags of cases) {
        const runs = await Promise.all(placements(command, ["test.json", "prod.json"], flags).map(run));
        expect(runs[0]!.code, runs[0]!.stderr).toBe(command === "check" ? 1 : 0);
        expect(runs[0]!.stdout).toContain("test.json");
        expectSame(runs);
      }
    });
  }

  it("a flag's effect is real: --ignore-role drops that role's findings, --severity off drops the rule", async () => {
    const plain = await run(["check", "test.json", "prod.json", "--format", "json"]);
    const ignored = await run(["check", "--ignore-role", "reporting_reader", "test.json", "prod.json", "--format", "json"]);
    expect(plain.stdout).toContain("reporting_reader");
    expect(ignored.stdout).not.toContain("reporting_reader");
    const off = await run(["check", "--severity", "column-not-null-added=off", "test.json", "prod.json", "--format", "json"]);
    expect(plain.stdout).toContain("column-not-null-added");
    expect(off.stdout).not.toContain("column-not-null-added");
  });

  it("repeated flags, comma lists and the old trailing list all mean the same", async () => {
    const severities = "column-not-null-added=info,privilege-missing=info";
    const runs = await Promise.all(
      [
        ["check", "test.json", "prod.json", "--ignore-role", "reporting_reader", "--ignore-role", "catalog_writer", "--severity", "column-not-null-added=info", "--severity", "privilege-missing=info"],
        ["check", "--ignore-role", "reporting_reader,catalog_writer", "--severity", severities, "test.json", "prod.json"],
        ["check", "test.json", "prod.json", "--ignore-role", "reporting_reader", "catalog_writer", "--severity", "column-not-null-added=info", "privilege-missing=info"],
      ].map(run),
    );
    expectSame(runs);
    expect(runs[0]!.stdout).not.toContain("reporting_reader");
  });

  it("a list value where a positional belongs is refused (exit 2), never read as a store", async () => {
    const extra = await run(["check", "--ignore-role", "a", "b", "test.json", "prod.json"]);
    expect(extra.code).toBe(2);
    expect(extra.stdout).toBe("");
    const empty = await run(["check", "test.json", "prod.json", "--ignore-role", "a,,b"]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/empty item/);
    const bad = await run(["check", "test.json", "prod.json", "--severity", "column-not-null-added=loud"]);
    expect(bad.code).toBe(2);
  });
});

describe("snapshot: flags anywhere", () => {
  it("--schema and --exclude-schema before or after the store give the same bytes", async () => {
    const store = join(EXAMPLE, "migrations");
    // Each run boots embedded PostgreSQL: two orders per flag, no more.
    const variants = [
      ["snapshot", "--schema", "catalog", store],
      ["snapshot", store, "--schema", "catalog"],
      ["snapshot", "--exclude-schema", "public", store],
      ["snapshot", store, "--exclude-schema", "public"],
    ];
    const runs: CliRun[] = [];
    for (const args of variants) runs.push(await run(args));
    expect(runs[0]!.code, runs[0]!.stderr).toBe(0);
    expect(runs[2]!.code, runs[2]!.stderr).toBe(0);
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[3]).toEqual(runs[2]);
    expect(JSON.parse(runs[0]!.stdout).origin.includeSchemas).toEqual(["catalog"]);
  });
});

describe("every report says which pair it compared", () => {
  for (const format of ["text", "json", "markdown", "junit", "github", "html"]) {
    it(`${format}: names SOURCE and TARGET, with no drift as with drift`, async () => {
      for (const [source, target] of [
        ["test.json", "test.json"],
        ["test.json", "prod.json"],
      ]) {
        const result = await run(["check", source!, target!, "--format", format]);
        if (format === "json") {
          const report = JSON.parse(result.stdout) as { source: { label: string }; target: { label: string } };
          expect([report.source.label, report.target.label]).toEqual([source, target]);
          continue;
        }
        expect(result.stdout, `${format} ${source} ${target}`).toMatch(new RegExp(`SOURCE[^\\n]*${source!.replace(".", "\\.")}`, "i"));
        expect(result.stdout, `${format} ${source} ${target}`).toMatch(new RegExp(`TARGET[^\\n]*${target!.replace(".", "\\.")}`, "i"));
      }
    });
  }
});
