import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * driftgate as another repository gets it: `npm pack`, installed into a fresh project, every command run
 * through the installed bin, and the public types compiled by a strict consumer with skipLibCheck off.
 * Installing from the git repository (the `prepare` build) is tried too. npm works from its cache
 * (--prefer-offline): CI has just run `npm ci`, so nothing new is downloaded.
 *
 * The tarball is packed from a copy of the working tree, so its build never rewrites this checkout's
 * dist/ under another test's feet. Timeouts are generous: npm and a dozen PGlite boots take about a
 * minute on a quiet 2-core machine and several times that on a loaded one.
 */
const run = promisify(execFile);
const REPO = path.resolve(import.meta.dirname, "../..");
const NPM_FLAGS = ["--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"];
const fixture = (rel: string) => path.join(REPO, "test/fixtures", rel);

let work: string;
let consumer: string;
let tarballFiles: string[];

async function sh(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  return run(command, [...args], { cwd, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
}

/** Runs the installed bin; resolves with the exit code instead of throwing on a non-zero one. */
async function driftgate(args: readonly string[], cwd = consumer): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await sh(path.join(cwd, "node_modules/.bin/driftgate"), args, cwd, { NO_COLOR: "1" });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== "number") throw error;
    return { code: e.code, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "dg-pack-"));
  const copy = path.join(work, "repo");
  const { stdout: listed } = await sh("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], REPO);
  for (const file of listed.split("\0").filter(Boolean)) {
    await mkdir(path.dirname(path.join(copy, file)), { recursive: true });
    await cp(path.join(REPO, file), path.join(copy, file)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error; // deleted in the working tree but still in the index
    });
  }
  await symlink(path.join(REPO, "node_modules"), path.join(copy, "node_modules"), "dir");
  const { stdout: packed } = await sh("npm", ["pack", "--json", "--pack-destination", work, "--loglevel=error"], copy);
  const info = JSON.parse(packed) as { filename: string; files: { path: string }[] }[];
  tarballFiles = info[0]!.files.map((f) => f.path);

  consumer = path.join(work, "consumer");
  await mkdir(consumer);
  await writeFile(path.join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  const typesNode = JSON.parse(await readFile(path.join(REPO, "node_modules/@types/node/package.json"), "utf8")) as { version: string };
  await sh("npm", ["install", ...NPM_FLAGS, path.join(work, info[0]!.filename), `@types/node@${typesNode.version}`], consumer);
}, 600_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe("the npm tarball", () => {
  it("ships the CLI, the compiled library, the published schemas and the licence, and nothing of src/ or test/", () => {
    expect(tarballFiles).toContain("bin/driftgate.js");
    expect(tarballFiles).toContain("dist/index.js");
    expect(tarballFiles).toContain("dist/index.d.ts");
    expect(tarballFiles).toContain("schemas/check-report.schema.json");
    expect(tarballFiles).toContain("LICENSE");
    expect(tarballFiles.filter((f) => f.startsWith("src/") || f.startsWith("test/"))).toEqual([]);
  });

  it("ships no source map pointing at files it does not ship", () => {
    expect(tarballFiles.filter((f) => f.endsWith(".map"))).toEqual([]);
  });

  it("has a licence file matching package.json", async () => {
    const pkg = JSON.parse(await readFile(path.join(REPO, "package.json"), "utf8")) as { license: string };
    expect(pkg.license).toBe("MIT");
    expect(await readFile(path.join(REPO, "LICENSE"), "utf8")).toMatch(/^MIT License/);
  });

  it("compiles in a strict TypeScript consumer with skipLibCheck off", async () => {
    await writeFile(
      path.join(consumer, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", skipLibCheck: false, noEmit: true, types: ["node"] },
        files: ["gate.ts"],
      }),
    );
    await writeFile(
      path.join(consumer, "gate.ts"),
      [
        'import { judge, resolveSnapshot, createWriteGuard, StoreError, type Finding, type Snapshot } from "driftgate";',
        "const source: Snapshot = await resolveSnapshot(process.argv[2]!, { cwd: process.cwd(), env: process.env });",
        "const target: Snapshot = await resolveSnapshot(process.argv[3]!, { cwd: process.cwd(), env: process.env });",
        "const findings: readonly Finding[] = judge(source, target);",
        "console.log(findings.map((f) => `${f.severity} ${f.rule} ${f.object}`).join('\\n'), typeof createWriteGuard, StoreError.name);",
        "",
      ].join("\n"),
    );
    const tsc = path.join(REPO, "node_modules/typescript/bin/tsc");
    const result = await sh(process.execPath, [tsc, "-p", "."], consumer).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }));
    expect(result.stdout).toBe("");
  }, 300_000);

  it("runs every command through the installed bin", async () => {
    const version = await driftgate(["--version"]);
    expect(version).toMatchObject({ code: 0 });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);

    const help = await driftgate(["--help"]);
    expect(help.code).toBe(0);
    for (const command of ["snapshot", "check", "diff", "validate", "compat", "fit", "probe", "scan"]) expect(help.stdout).toContain(command);

    const source = fixture("rules/column-missing/source.sql");
    const target = fixture("rules/column-missing/target.sql");
    const snapshot = await driftgate(["snapshot", source]);
    expect(snapshot.code).toBe(0);
    expect(JSON.parse(snapshot.stdout)).toMatchObject({ format: "driftgate.snapshot" });

    const check = await driftgate(["check", source, target]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain("column-missing");
    const diff = await driftgate(["diff", source, target, "--format", "json"]);
    expect(diff.code).toBe(0);

    const schemas = path.join(REPO, "schemas");
    const validate = await driftgate(["validate", "--schemas-dir", schemas, "application", fixture("probe/docs/applications.ndjson")]);
    expect([0, 1]).toContain(validate.code);
    expect(validate.stderr).not.toMatch(/\n\s+at /);

    const compat = await driftgate(["compat", path.join(schemas, "application.schema.json"), path.join(schemas, "application.schema.json")]);
    expect(compat.code).toBe(0);

    const store = fixture("probe/store");
    const probe = await driftgate(["probe", store, "--table", "public.applications", fixture("probe/docs/applications.ndjson")]);
    expect(probe.code).toBe(1);
    expect(probe.stdout).toContain("nothing committed");

    for (const [name, args] of [
      ["fit", ["fit", "--schemas-dir", schemas, "application", store, "--table", "public.applications"]],
      ["scan", ["scan", store, "--table", "public.applications", "--schemas-dir", schemas, "--schema", "application"]],
    ] as const) {
      const result = await driftgate(args);
      // Each runs to a verdict (0 or 1) with the shipped files: no missing module, no stack trace.
      expect([0, 1], `${name}: ${result.stderr}`).toContain(result.code);
    }
  }, 600_000);
});

describe("the GitHub Action (action.yml)", () => {
  it("runs the gate with its inputs, writes the Markdown report to the job summary and passes the exit code on", async () => {
    const action = await readFile(path.join(REPO, "action.yml"), "utf8");
    expect(action).toContain("using: composite");
    expect(action).toContain(".github/driftgate-action.sh");
    const summary = path.join(work, "step-summary.md");
    const outputs = path.join(work, "github-output");
    const env = {
      GITHUB_ACTION_PATH: path.join(consumer, "node_modules/driftgate"),
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_OUTPUT: outputs,
      DG_STORES: `${fixture("rules/column-missing/source.sql")} ${fixture("rules/column-missing/target.sql")}`,
      DG_FAIL_ON: "breaking",
      DG_FORMAT: "github",
      DG_ARGS: "--ignore-schema nothing_here",
      NO_COLOR: "1",
    };
    const result = await sh("bash", [path.join(REPO, ".github/driftgate-action.sh")], REPO, env).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string }) => e,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^::error .*column-missing/m);
    expect(await readFile(summary, "utf8")).toMatch(/deploy blocked: 1 breaking finding/i);
    expect(await readFile(outputs, "utf8")).toBe("exit-code=1\n");
  }, 300_000);
});

describe("installing from the git repository", () => {
  it("builds through `prepare` and runs", async () => {
    const { stdout: dirty } = await sh("git", ["status", "--porcelain"], REPO);
    const project = path.join(work, "from-git");
    await mkdir(project);
    await writeFile(path.join(project, "package.json"), JSON.stringify({ name: "from-git", private: true }));
    // npm clones the committed HEAD: with uncommitted changes this checks the last commit, which is
    // what another repository would get.
    await sh("npm", ["install", ...NPM_FLAGS, `git+file://${REPO}`], project);
    const version = await driftgate(["--version"], project);
    expect(version.code, dirty ? "(working tree has uncommitted changes; HEAD was installed)" : "").toBe(0);
    const check = await driftgate(["check", fixture("rules/column-missing/source.sql"), fixture("rules/column-missing/target.sql")], project);
    expect(check.code).toBe(1);
  }, 600_000);
});
