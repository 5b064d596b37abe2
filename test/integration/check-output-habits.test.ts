import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";
import { COMMITTED_PROD_SNAPSHOT, recordTestSnapshot, tempDir } from "./check-support.js";

// The habits of the field: --quiet, --verbose, colour by NO_COLOR / FORCE_COLOR / TERM=dumb, and the
// verdict on stderr when the report goes to a file.
const dir = tempDir("dg-habits-");
const ESC = "\u001b[";
const VERDICT = /^deploy blocked: \d+ breaking findings? \(--fail-on breaking\)$/;

const check = (args: string[], options: { env?: NodeJS.ProcessEnv; isTTY?: boolean } = {}) =>
  runCliInProcess(["check", "test.json", "prod.json", ...args], { cwd: dir.path, env: { PATH: process.env.PATH, ...options.env }, isTTY: options.isTTY ?? false });

beforeAll(async () => {
  await recordTestSnapshot(join(dir.path, "test.json"));
  copyFileSync(COMMITTED_PROD_SNAPSHOT, join(dir.path, "prod.json"));
});
afterAll(() => dir.remove());

describe("check --quiet and --verbose", () => {
  it("--quiet prints the verdict line alone, with the same exit code", async () => {
    const run = await check(["--quiet"]);
    expect(run.code).toBe(1);
    expect(run.stdout.trimEnd()).toMatch(VERDICT);
    expect(run.stdout.trimEnd().split("\n")).toHaveLength(1);
  });

  it("--verbose spells out info findings in full and says what it reads", async () => {
    const plain = await check([]);
    const verbose = await check(["--verbose"]);
    expect(verbose.code).toBe(plain.code);
    expect(plain.stdout).not.toMatch(/\(index, info\)/);
    expect(verbose.stdout).toMatch(/\(index, info\)\n\s+what /);
    expect(verbose.stderr).toContain("driftgate: reading test.json...");
  });

  it("--quiet and --verbose together are a usage error", async () => {
    expect((await check(["--quiet", "--verbose"])).code).toBe(2);
  });

  it("with -o the report goes to the file and the verdict line still goes to stderr", async () => {
    const run = await check(["-o", "report.txt"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr.trimEnd().split("\n").at(-1)!.replace(/^driftgate: /, "")).toMatch(VERDICT);
    expect(readFileSync(join(dir.path, "report.txt"), "utf8")).toContain("published_by");
    const quiet = await check(["-o", "report.txt", "--quiet"]);
    expect(quiet.stderr.trimEnd().replace(/^driftgate: /, "")).toMatch(VERDICT);
  });
});

describe("colour", () => {
  it("follows the terminal, NO_COLOR, FORCE_COLOR, TERM=dumb and --color/--no-color, strongest first", async () => {
    const coloured = async (args: string[], env: NodeJS.ProcessEnv, isTTY: boolean) => (await check(args, { env, isTTY })).stdout.includes(ESC);
    expect(await coloured([], {}, true)).toBe(true);
    expect(await coloured([], {}, false)).toBe(false);
    expect(await coloured([], { NO_COLOR: "1" }, true)).toBe(false);
    expect(await coloured([], { TERM: "dumb" }, true)).toBe(false);
    expect(await coloured([], { FORCE_COLOR: "1" }, false)).toBe(true);
    expect(await coloured([], { FORCE_COLOR: "0" }, true)).toBe(false);
    expect(await coloured([], { NO_COLOR: "1", FORCE_COLOR: "1" }, true)).toBe(false);
    expect(await coloured(["--color"], { NO_COLOR: "1" }, false)).toBe(true);
    expect(await coloured(["--no-color"], { FORCE_COLOR: "1" }, true)).toBe(false);
    // A report written to a file never carries escape codes.
    await check(["-o", "coloured.txt"], { env: { FORCE_COLOR: "1" }, isTTY: true });
    expect(readFileSync(join(dir.path, "coloured.txt"), "utf8")).not.toContain(ESC);
  });
});
