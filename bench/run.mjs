/**
 * Runs the benchmarks: builds the product, makes sure the scratch databases and data files exist (reused
 * across runs), runs the selected sections, prints markdown tables and writes results/*.json.
 *
 *   npm run bench                                     everything
 *   npm run bench -- --only snapshot --sizes 100,1000 one section, smaller catalogs
 *   npm run bench -- --help
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { ADMIN_URL, GENERATOR_VERSION, dropStaleDatabases, ensureRoles } from "./lib/databases.mjs";
import { DOCUMENTS_VERSION } from "./lib/documents.mjs";
import { requireGnuTime } from "./lib/measure.mjs";
import { markdownTable, verdict, writeResults } from "./lib/report.mjs";
import { checkSection } from "./sections/check.mjs";
import { deskSection } from "./sections/desk.mjs";
import { reportSection } from "./sections/report.mjs";
import { probeSection, scanSection } from "./sections/scan-probe.mjs";
import { snapshotSection } from "./sections/snapshot.mjs";
import { validateSection } from "./sections/validate.mjs";

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, "..");
const SECTIONS = { snapshot: snapshotSection, check: checkSection, validate: validateSection, scan: scanSection, probe: probeSection, desk: deskSection, report: reportSection };

const HELP = `usage: npm run bench -- [options]
  --only <a,b>        sections: ${Object.keys(SECTIONS).join(", ")} (default: all)
  --sizes <n,n>       catalog sizes in tables for snapshot (default 100,1000,5000)
  --check-sizes <n,n> catalog sizes for check (default: the largest of --sizes)
  --runs <n>          runs per tool (default 5 at <5000 tables, 3 at 5000 and for validate/scan/probe)
  --seed <n>          generator seed (default 42)
  --docs <n>          documents for validate (default 200000)
  --rows <n>          jsonb rows for scan (default 1000000)
  --probe-docs <n>    documents for probe (default 20000)
  --timeout <s>       give up on one run of one tool after this long (default 180)
  --slow <s>          a tool whose first run takes longer gets only that run (default 10; scan: at least 60)
  --no-build          use the repo's own dist/ as it is (default: a private build of the current tree)
  --keep-databases    do not drop bench databases of other generator versions
  --baseline <commit> driftgate at this commit runs beside today's: desk's cold runs (default 2fb67bc, before
                      the cache), and with this flag also snapshot and check (a "vs before" row each)
  --catalog-floor <f> snapshot: the catalog floor query (default ../shared/bench/catalog-floor.sql from the
                      repo root; the row is left out, with a note, when the file is missing)
  --no-peers          snapshot and check: leave out the npm peers and migra (they take minutes at scale)
Databases: ${ADMIN_URL.replace(/\/\/[^@]*@/, "//")} (override with BENCH_DATABASE_URL), named dgbench_*.`;

function parseArgs(argv) {
  const opts = {
    only: Object.keys(SECTIONS),
    sizes: [100, 1000, 5000],
    checkSizes: null,
    runs: null,
    seed: 42,
    docs: 200_000,
    rows: 1_000_000,
    probeDocs: 20_000,
    timeoutMs: 180_000,
    slowMs: 10_000,
    build: true,
    dropStale: true,
    baseline: null,
    catalogFloor: null,
    peers: true,
  };
  const positiveInt = (flag, v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} expects a positive integer, got ${v ?? "nothing"}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => argv[++i];
    switch (flag) {
      case "--only":
        opts.only = value()?.split(",").filter(Boolean) ?? [];
        for (const s of opts.only) if (!SECTIONS[s]) throw new Error(`unknown section ${s}; one of ${Object.keys(SECTIONS).join(", ")}`);
        break;
      case "--sizes":
        opts.sizes = (value() ?? "").split(",").map((s) => positiveInt("--sizes", s));
        break;
      case "--check-sizes":
        opts.checkSizes = (value() ?? "").split(",").map((s) => positiveInt("--check-sizes", s));
        break;
      case "--runs":
        opts.runs = positiveInt(flag, value());
        break;
      case "--seed":
        opts.seed = positiveInt(flag, value());
        break;
      case "--docs":
        opts.docs = positiveInt(flag, value());
        break;
      case "--rows":
        opts.rows = positiveInt(flag, value());
        break;
      case "--probe-docs":
        opts.probeDocs = positiveInt(flag, value());
        break;
      case "--timeout":
        opts.timeoutMs = positiveInt(flag, value()) * 1000;
        break;
      case "--slow":
        opts.slowMs = positiveInt(flag, value()) * 1000;
        break;
      case "--no-build":
        opts.build = false;
        break;
      case "--baseline":
        opts.baseline = value();
        break;
      case "--catalog-floor":
        opts.catalogFloor = path.resolve(value() ?? "");
        break;
      case "--no-peers":
        opts.peers = false;
        break;
      case "--keep-databases":
        opts.dropStale = false;
        break;
      case "--help":
      case "-h":
        console.log(HELP);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${flag}\n${HELP}`);
    }
  }
  opts.checkSizes ??= [Math.max(...opts.sizes)];
  return opts;
}

function log(message) {
  process.stderr.write(`${message}\n`);
}

/**
 * Builds the product into a private folder (npm run build with its own --outDir) instead of the shared
 * dist/: several people rebuild dist/ while they work, and a bench that reads dist/ for a quarter of an
 * hour would otherwise measure whichever half-edited version was built last. The folder mirrors the
 * package (package.json, bin, dist, links to schemas and node_modules) so the CLI runs exactly as installed.
 *
 * Other people's work in progress may not typecheck while tsc still emits every file; then the bench goes
 * on with what was emitted and says so, rather than measuring nothing.
 */
async function buildProduct() {
  // One folder per checkout: two worktrees benching at once must not build into each other's product
  // (tsc does not empty its output folder, so the second build mixed its files into the first's).
  const dir = path.join(os.tmpdir(), `dgbench-product-${createHash("sha256").update(root).digest("hex").slice(0, 8)}`);
  log(`building the product (npm run build in the repo root, output to ${dir}) ...`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(path.join(dir, "bin"), { recursive: true });
  // npm run build is tsc and then the embedded cluster step; arguments after `--` would reach only the
  // last of the two, so the two steps run here one by one, both on the private folder.
  const tsc = path.join(root, "node_modules/typescript/bin/tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json", "--outDir", path.join(dir, "dist")], { cwd: root, encoding: "utf8" });
  for (const file of ["package.json", "bin/driftgate.js"]) await copyFile(path.join(root, file), path.join(dir, file));
  for (const link of ["node_modules", "schemas"]) await symlink(path.join(root, link), path.join(dir, link));
  const emitted = existsSync(path.join(dir, "dist/cli/main.js"));
  if (r.status !== 0) {
    if (!emitted) throw new Error(`build failed:\n${r.stdout}${r.stderr}`);
    log(`WARNING: the build reported errors; measuring what tsc emitted:\n${(r.stdout + r.stderr).trim().split("\n").slice(0, 8).join("\n")}`);
  }
  const clusterStep = (await findFile(path.join(dir, "dist"), "build-pglite-cluster.js")) ?? null;
  if (clusterStep) {
    const c = spawnSync(process.execPath, [clusterStep], { cwd: dir, encoding: "utf8" });
    log(`  ${(c.stdout + c.stderr).trim()}`);
  }
  return { dir, clean: r.status === 0 };
}

/** The first file named `name` under `dir` (the build step moves with the code that owns it). */
async function findFile(dir, name) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isFile() && entry.name === name) return full;
    if (entry.isDirectory()) {
      const found = await findFile(full, name);
      if (found) return found;
    }
  }
  return null;
}

async function machineFacts() {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  const server = (await client.query("select current_setting('server_version') as v")).rows[0].v;
  await client.end();
  const git = (args) => {
    try {
      return execFileSync("git", args, { cwd: root, encoding: "utf8" }).trim();
    } catch {
      return null;
    }
  };
  const dirty = git(["status", "--porcelain", "--", "src"]);
  return {
    date: new Date().toISOString(),
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    // Other people's builds and tests share these cores: the load says how noisy the numbers are.
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(1))),
    node: process.version,
    postgres: server,
    commit: git(["rev-parse", "--short", "HEAD"]),
    srcDirty: Boolean(dirty),
    generatorVersion: GENERATOR_VERSION,
    documentsVersion: DOCUMENTS_VERSION,
  };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  requireGnuTime();
  const built = opts.build ? await buildProduct() : { dir: root, clean: null };
  const productDir = built.dir;
  const cli = path.join(productDir, "bin/driftgate.js");
  if (!existsSync(path.join(productDir, "dist/cli/main.js"))) throw new Error("dist/ is not built: run npm run build in the repo root (or drop --no-build)");
  // Runners that import the library (validate) find it here.
  process.env.DGBENCH_PRODUCT = productDir;
  await ensureRoles();
  if (opts.dropStale) {
    await dropStaleDatabases(
      (name) => name.startsWith(`dgbench_v${GENERATOR_VERSION}_`) || name.startsWith(`dgbench_rows_v${DOCUMENTS_VERSION}_`),
      log,
    );
  }
  const facts = await machineFacts();
  const resultsDir = path.join(benchDir, "results");
  const dataDir = path.join(resultsDir, "data");
  await mkdir(dataDir, { recursive: true });
  const tmp = await mkdtemp(path.join(os.tmpdir(), "dgbench-run-"));
  const ctx = { ...opts, benchDir, root, productDir, cli, log, tmp, dataDir };
  const header =
    `Measured ${facts.date.slice(0, 10)} on ${facts.cpus} cores (${facts.cpuModel}), ${facts.memoryGB} GB RAM, ` +
    `PostgreSQL ${facts.postgres} (local, 127.0.0.1), Node ${facts.node}, load average at start ${facts.loadAverage.join(" / ")}; driftgate at ${facts.commit}${facts.srcDirty ? " + uncommitted src changes" : ""}` +
    `${built.clean === false ? " (build reported type errors)" : ""}${opts.build ? "" : " (--no-build: the repo's dist/ as it was)"}.`;
  console.log(`${header}\n`);
  const sections = [];
  const started = Date.now();
  try {
    for (const name of opts.only) {
      const t0 = Date.now();
      let result;
      try {
        result = await SECTIONS[name](ctx);
      } catch (error) {
        result = { title: name, markdown: `section failed: ${error.message}\n`, data: null, targets: [], error: String(error.stack ?? error) };
        log(`section ${name} failed: ${error.stack ?? error}`);
      }
      result.seconds = Math.round((Date.now() - t0) / 1000);
      sections.push({ name, ...result });
      console.log(`### ${result.title}\n\n${result.markdown}`);
      await writeResults(resultsDir, name, { facts, options: { ...opts, only: undefined }, ...result });
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  const targets = sections.flatMap((s) => s.targets ?? []);
  const summary = markdownTable(
    ["target", "measured", "verdict"],
    targets.map((t) => [t.target, t.value, verdict(t.met)]),
  );
  console.log(`### Targets\n\n${summary}\n\n(total ${Math.round((Date.now() - started) / 1000)} s)`);
  const all = { facts, header, sections: sections.map(({ name, title, markdown, seconds }) => ({ name, title, markdown, seconds })), targets };
  await writeFile(path.join(resultsDir, "latest.json"), `${JSON.stringify(all, null, 2)}\n`);
  await writeFile(
    path.join(resultsDir, "latest.md"),
    `${header}\n\n${sections.map((s) => `### ${s.title}\n\n${s.markdown}`).join("\n")}\n### Targets\n\n${summary}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error.message}\n`);
  process.exitCode = 1;
});
