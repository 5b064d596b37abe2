#!/usr/bin/env node
// The real-world corpus (issue 9): published schemas of metadata stores, consecutive versions applied to
// scratch databases, `driftgate check` run both ways and on identical copies, and representative writes
// tried in both databases, so every severity is held against what PostgreSQL does.
//
//   node corpus/run-corpus.mjs --corpus /work/corpora/hydra [--corpus DIR ...] [--driftgate bin/driftgate.js]
//
// A corpus folder is laid out by extract-corpus.mjs (see bench/README.md). A folder that does not exist is
// skipped, so the corpora never need to be in the repository.
import { execFile, spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ADMIN_URL, ident, urlFor, withAdmin } from "../lib/databases.mjs";
import { representativeWrites } from "./representative-writes.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const PREFIX = "dgcorpus_";
const emptyDir = mkdtempSync(join(tmpdir(), "dgcorpus-"));

function usage(message) {
  if (message) process.stderr.write(`run-corpus: ${message}\n`);
  process.stderr.write(
    "usage: run-corpus.mjs --corpus DIR [--corpus DIR ...] [--driftgate PATH] [--from N] [--to N] [--only case,case] [--skip case,case] [--verbose] [--keep] [--in-process]\n",
  );
  process.exit(2);
}

const args = { corpora: [], driftgate: resolve(here, "../../bin/driftgate.js"), verbose: false, keep: false };
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v;
    };
    if (a === "--corpus") args.corpora.push(next());
    else if (a === "--driftgate") args.driftgate = resolve(next());
    else if (a === "--from") args.from = Number(next());
    else if (a === "--to") args.to = Number(next());
    else if (a === "--verbose") args.verbose = true;
    else if (a === "--only") args.only = next().split(",");
    else if (a === "--skip") args.skip = next().split(",");
    else if (a === "--keep") args.keep = true;
    else if (a === "--in-process") args.inProcess = true;
    else if (a === "--help" || a === "-h") usage();
    else usage(`unknown argument ${a}`);
  }
  if (args.corpora.length === 0) usage("--corpus is required");
  if (!existsSync(args.driftgate)) usage(`driftgate CLI not found at ${args.driftgate} (run npm run build in the repo root)`);
}

// The corpus databases are made like the bench's own: one admin connection, names checked before DDL.
const withClient = (database, fn) => withAdmin(fn, database);

async function createDatabase(name, template) {
  await withClient(null, async (c) => {
    await c.query(`drop database if exists ${ident(name)} with (force)`);
    await c.query(`create database ${ident(name)}${template ? ` template ${ident(template)}` : ""}`);
  });
}

async function dropDatabase(name) {
  if (args.keep) return;
  await withClient(null, (c) => c.query(`drop database if exists ${ident(name)} with (force)`));
}

/** Applies one upgrade folder with psql, file by file; a file runs in one transaction unless it cannot. */
function applyFolder(database, folder) {
  const files = readdirSync(folder)
    .filter((f) => f.endsWith(".sql"))
    .sort();
  for (const file of files) {
    const path = join(folder, file);
    const text = readFileSync(path, "utf8");
    const single = !/autocommit/.test(file) && !/\bconcurrently\b/i.test(text);
    const result = spawnSync(
      "psql",
      ["-X", "-q", "-v", "ON_ERROR_STOP=1", ...(single ? ["-1"] : []), "-d", urlFor(database), "-f", path],
      { encoding: "utf8", env: { ...process.env, PGOPTIONS: "-c client_min_messages=warning" } },
    );
    if (result.status !== 0) return { file, error: (result.stderr || result.stdout).trim().split("\n").slice(0, 3).join(" | ") };
  }
  return { files: files.length };
}

// With --in-process the CLI's own entry point (dist/cli/run-cli.js next to the launcher) runs in this
// process: the same argv, output and exit code as the launcher, without a Node start-up per check, which
// dominates the small schema-diff cases.
let inProcessCli = null;
async function runCheck(source, target) {
  if (args.inProcess) {
    inProcessCli ??= (await import(pathToFileURL(resolve(dirname(args.driftgate), "../dist/cli/run-cli.js")).href)).runCli;
    let stdout = "";
    let stderr = "";
    const code = await inProcessCli(["check", urlFor(source), urlFor(target), "--format", "json", "--fail-on", "risky"], {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      stdin: Readable.from([]),
      isTTY: false,
      env: { ...process.env, NO_COLOR: "1" },
      cwd: emptyDir,
    });
    return parseCheck(code, stdout, stderr);
  }
  return new Promise((resolvePromise) => {
    execFile(
      process.execPath,
      [args.driftgate, "check", urlFor(source), urlFor(target), "--format", "json", "--fail-on", "risky"],
      // an empty working directory: no environments/, schemas/ or waivers of this repo are picked up
      { cwd: emptyDir, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1" } },
      (error, stdout, stderr) => resolvePromise(parseCheck(error ? error.code : 0, stdout, stderr)),
    );
  });
}

function parseCheck(code, stdout, stderr) {
  let report = null;
  try {
    report = JSON.parse(stdout);
  } catch {
    /* reported below */
  }
  if (!report || (code !== 0 && code !== 1)) return { error: `exit ${code}: ${(stderr || stdout).trim().split("\n")[0]}` };
  const pairs = report.pairs ?? [report];
  const findings = pairs.flatMap((p) => p.findings ?? []);
  const pairError = pairs.find((p) => p.error)?.error;
  return { code, findings, error: pairError ? `pair error: ${pairError.message}` : undefined };
}

/** Runs each write in its own rolled-back transaction; returns per write ok or the error. */
async function tryWrites(database, writes) {
  return withClient(database, async (client) => {
    // nextval is not rolled back: put every sequence back afterwards, or the runner's own writes exhaust a
    // small identity (MAXVALUE 9) and the next pair sees a failure no schema difference caused
    const sequences = (
      await client.query("select c.oid::regclass::text as name from pg_catalog.pg_class c where c.relkind = 'S'")
    ).rows.map((r) => r.name);
    const states = [];
    for (const name of sequences) {
      const state = (await client.query(`select last_value, is_called from ${name}`)).rows[0];
      states.push({ name, ...state });
    }
    try {
      return await runWrites(client, writes);
    } finally {
      for (const state of states) await client.query("select pg_catalog.setval($1::regclass, $2, $3)", [state.name, state.last_value, state.is_called]);
    }
  });
}

async function runWrites(client, writes) {
  const outcomes = [];
  for (const write of writes) {
    if (!write.statements) {
      outcomes.push(null);
      continue;
    }
    let outcome = { ok: true };
    await client.query("BEGIN");
    try {
      await client.query("SET LOCAL statement_timeout = '10s'");
      await client.query("SET LOCAL lock_timeout = '5s'");
      // deferred foreign keys and uniques are checked at COMMIT, which a rolled-back write never reaches
      await client.query("SET CONSTRAINTS ALL IMMEDIATE");
      for (const [i, statement] of write.statements.entries()) {
        try {
          await client.query(statement.sql);
        } catch (error) {
          outcome = { ok: false, statement: i, table: statement.table, code: error.code, message: error.message };
          break;
        }
      }
    } finally {
      await client.query("ROLLBACK");
    }
    outcomes.push(outcome);
  }
  return outcomes;
}

/** Is the finding's object this table or a member of it (column, constraint, index, trigger, policy)? */
function onTable(finding, table) {
  const object = finding.object ?? "";
  return object === table || object.startsWith(`${table}.`) || object.startsWith(`${table}(`);
}

/** Does a finding concern this table: its own object, a member of it, or a mention in its text. */
function concerns(finding, table) {
  if (onTable(finding, table)) return true;
  const text = `${finding.message ?? ""} ${finding.why ?? ""}`;
  // the table's name followed by something that cannot continue an identifier
  const escaped = table.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^A-Za-z0-9_$."])${escaped}($|[^A-Za-z0-9_$])`).test(text);
}

const blocking = (f) => f.severity === "breaking" || f.severity === "risky";

async function judgePair(corpus, from, to, sourceDb, targetDb, writesOfSource, results) {
  const check = await runCheck(sourceDb, targetDb);
  const pair = { from: from.label, to: to.label, findings: 0, writes: 0, misses: [], disagreements: [], error: check.error };
  if (check.error) {
    results.errors.push(`${from.label} -> ${to.label}: check failed: ${check.error}`);
    return pair;
  }
  pair.findings = check.findings.length;
  pair.list = check.findings.map((f) => `${f.severity} ${f.rule} ${f.object}: ${f.message}`);
  pair.bySeverity = { breaking: 0, risky: 0, info: 0 };
  for (const f of check.findings) pair.bySeverity[f.severity] += 1;
  const { writes } = writesOfSource;
  const inSource = await tryWrites(sourceDb, writes);
  const runnable = writes.filter((w, i) => inSource[i]?.ok);
  const inTarget = await tryWrites(targetDb, runnable);
  pair.writes = runnable.length;
  results.writesTried += runnable.length;
  writes.forEach((w, i) => {
    if (!inSource[i] || inSource[i].ok) return;
    // SOURCE's foreign key restricting the delete is the expected outcome, not a write it could not accept
    if (w.kind.startsWith("delete-parent") && inSource[i].code === "23503") {
      results.deletesRestricted += 1;
      return;
    }
    results.writesRejectedBySource += 1;
    // why SOURCE rejects its own representative writes: what the generator could not make plausible
    const reason = `${inSource[i].code}: ${inSource[i].message.replace(/"[^"]*"/g, '"…"').replace(/\(.*\)/g, "(…)")}`;
    results.sourceRejections[reason] = (results.sourceRejections[reason] ?? 0) + 1;
  });
  const byTable = new Map();
  runnable.forEach((write, i) => {
    if (!byTable.has(write.table)) byTable.set(write.table, []);
    byTable.get(write.table).push({ write, outcome: inTarget[i] });
  });
  for (const [table, tries] of byTable) {
    const failed = tries.filter((t) => !t.outcome.ok);
    // a write fails at one statement; a parent row's INSERT failing is that parent table's drift
    const failedTables = [...new Set(failed.map((t) => t.outcome.table))];
    const names = [table, ...failedTables, ...failedTables.flatMap((ft) => writesOfSource.alsoUnder?.get(ft) ?? []), ...(writesOfSource.alsoUnder?.get(table) ?? [])];
    const related = check.findings.filter((f) => names.some((name) => concerns(f, name)));
    const relatedBlocking = related.filter(blocking);
    if (failed.length > 0 && relatedBlocking.length === 0) {
      pair.misses.push({
        table,
        writes: failed.map((t) => ({ kind: t.write.kind, failedAt: t.outcome.table, error: `${t.outcome.code}: ${t.outcome.message}`, sql: t.write.sql })),
        info: related.map((f) => `${f.rule} ${f.object}`),
      });
    }
    // only the table's own members: a function or type the table's text mentions is called or used elsewhere too
    const ownBreaking = check.findings.filter((f) => f.severity === "breaking" && onTable(f, table) && !isRoleOrSetting(f));
    if (failed.length === 0 && ownBreaking.length > 0) {
      pair.disagreements.push({
        kind: "breaking, but every write passes in TARGET",
        table,
        findings: ownBreaking.map((f) => `${f.rule} ${f.object}: ${f.message}`),
        writes: tries.map((t) => t.write.kind),
      });
    }
    const ownRisky = relatedBlocking.filter((f) => f.severity === "risky");
    // a CHECK, foreign key, unique or exclusion violation depends on the row: other data passes, as risky says
    const dataIndependent = failed.filter((t) => !["23514", "23503", "23505", "23P01"].includes(t.outcome.code));
    if (dataIndependent.length > 0 && failed.length === tries.length && relatedBlocking.length > 0 && ownRisky.length === relatedBlocking.length) {
      pair.disagreements.push({
        kind: "only risky, but every write fails in TARGET",
        table,
        findings: ownRisky.map((f) => `${f.rule} ${f.object}: ${f.message}`),
        writes: failed.map((t) => `${t.write.kind}: ${t.outcome.code}: ${t.outcome.message}`),
      });
    }
  }
  return pair;
}

// Privileges and settings are judged for roles; the runner writes as the superuser that owns everything.
const isRoleOrSetting = (f) => /^(privilege|role|setting|default-privilege|row-security|policy)/.test(f.rule);

async function runCorpus(dir) {
  const name = basename(resolve(dir)).toLowerCase().replace(/[^a-z0-9]+/g, "_");
  const meta = existsSync(join(dir, "corpus.json")) ? JSON.parse(readFileSync(join(dir, "corpus.json"), "utf8")) : {};
  let versions = readdirSync(dir)
    .filter((f) => statSync(join(dir, f)).isDirectory())
    .sort()
    .map((folder) => ({ folder, label: folder.replace(/^\d+-/, ""), path: join(dir, folder) }));
  const results = {
    corpus: name,
    origin: meta.origin,
    versions: versions.map((v) => v.label),
    commits: [...new Set((meta.versions ?? []).map((v) => v.commit))],
    pairs: [],
    identity: [],
    tables: 0,
    writesTried: 0,
    writesRejectedBySource: 0,
    deletesRestricted: 0,
    sourceRejections: {},
    writesSkipped: 0,
    errors: [],
  };
  const started = Date.now();
  const createdRoles = [];
  for (const role of meta.roles ?? []) {
    await withClient(null, async (c) => {
      const exists = await c.query("select 1 from pg_catalog.pg_roles where rolname = $1", [role]);
      if (exists.rowCount === 0) {
        await c.query(`create role "${role.replace(/"/g, '""')}"`);
        createdRoles.push(role);
      }
    });
  }
  const db = (k) => `${PREFIX}${name.slice(0, 44)}_${k}`;
  // version k is built as a copy of version k-1 plus its upgrade folder
  let previous = null;
  for (const [k, version] of versions.entries()) {
    const current = db(k);
    // "full": each folder is a whole schema (a schema-diff case); else an upgrade of the previous version
    await createDatabase(current, previous && meta.layout !== "full" ? db(k - 1) : null);
    const applied = applyFolder(current, version.path);
    if (applied.error) {
      results.errors.push(`${version.label}: ${applied.file} failed: ${applied.error}`);
      await dropDatabase(current);
      if (previous) await dropDatabase(db(k - 1));
      break;
    }
    const inRange = (args.from === undefined || k >= args.from) && (args.to === undefined || k <= args.to);
    if (inRange) {
      const writesHere = await withClient(current, representativeWrites);
      results.tables = Math.max(results.tables, writesHere.tables.length);
      results.writesSkipped += writesHere.writes.filter((w) => !w.statements).length;
      // identical copies: any finding at all is a false positive
      const copy = `${current}_copy`;
      await createDatabase(copy, current);
      const same = await runCheck(current, copy);
      if (same.error) results.errors.push(`${version.label} identity: ${same.error}`);
      else if (same.findings.length > 0 || same.code !== 0)
        results.identity.push({ version: version.label, findings: same.findings.map((f) => `${f.severity} ${f.rule} ${f.object}: ${f.message}`) });
      await dropDatabase(copy);
      if (previous) {
        const writesBefore = await withClient(previous, representativeWrites);
        results.pairs.push(await judgePair(name, versions[k - 1], version, previous, current, writesBefore, results));
        results.pairs.push(await judgePair(name, version, versions[k - 1], current, previous, writesHere, results));
        if (meta.expectEmpty) {
          // the corpus says the two schemas are equivalent: any finding is a false positive too
          for (const pair of results.pairs.slice(-2))
            if (pair.findings > 0) results.identity.push({ version: `${pair.from} -> ${pair.to} (equivalent schemas)`, findings: pair.list });
        }
        report(results.pairs.at(-2));
        report(results.pairs.at(-1));
      }
    }
    if (previous) await dropDatabase(previous);
    previous = current;
    if (args.to !== undefined && k >= args.to) break;
  }
  if (previous) await dropDatabase(previous);
  for (const role of createdRoles) await withClient(null, (c) => c.query(`drop role if exists "${role.replace(/"/g, '""')}"`)).catch(() => {});
  results.seconds = Math.round((Date.now() - started) / 1000);
  return results;
}

let inSuite = false;
function report(pair) {
  if (!args.verbose || inSuite) return;
  const s = pair.bySeverity ?? {};
  process.stdout.write(
    `  ${pair.from} -> ${pair.to}: ${pair.findings} findings (${s.breaking ?? 0} breaking, ${s.risky ?? 0} risky), ${pair.writes} writes, ${pair.misses.length} misses, ${pair.disagreements.length} disagreements${pair.error ? `, ERROR ${pair.error}` : ""}\n`,
  );
}

function summarise(results) {
  const misses = results.pairs.flatMap((p) => p.misses.map((m) => ({ pair: `${p.from} -> ${p.to}`, ...m })));
  const disagreements = results.pairs.flatMap((p) => p.disagreements.map((d) => ({ pair: `${p.from} -> ${p.to}`, ...d })));
  const lines = [];
  lines.push(`## ${results.corpus}${results.origin ? ` (${results.origin})` : ""}`);
  lines.push(`versions ${results.versions[0]} .. ${results.versions.at(-1)} (${results.versions.length}); commits ${results.commits.map((c) => c?.slice(0, 12)).join(", ") || "?"}`);
  lines.push("");
  lines.push("| pairs judged | tables (max) | writes tried | writes SOURCE rejects | deletes SOURCE restricts | writes not generated | identity false positives | write-affecting misses | severity disagreements | errors | seconds |");
  lines.push("|---|---|---|---|---|---|---|---|---|---|---|");
  lines.push(
    `| ${results.pairs.length} | ${results.tables} | ${results.writesTried} | ${results.writesRejectedBySource} | ${results.deletesRestricted} | ${results.writesSkipped} | ${results.identity.length} | ${misses.length} | ${disagreements.length} | ${results.errors.length} | ${results.seconds} |`,
  );
  for (const fp of results.identity) {
    lines.push(`- identity false positive at ${fp.version}:`);
    for (const f of fp.findings) lines.push(`    ${f}`);
  }
  for (const m of misses) {
    lines.push(`- MISS ${m.pair}: ${m.table}${m.info.length ? ` (only info: ${m.info.join("; ")})` : ""}`);
    for (const w of m.writes) lines.push(`    ${w.kind} write failed at ${w.failedAt}: ${w.error}\n      ${w.sql.replace(/\n/g, "\n      ")}`);
  }
  for (const d of disagreements) {
    lines.push(`- DISAGREE ${d.pair}: ${d.table}: ${d.kind}`);
    for (const f of d.findings) lines.push(`    finding ${f}`);
    for (const w of d.writes) lines.push(`    write ${w}`);
  }
  for (const e of results.errors) lines.push(`- ERROR ${e}`);
  if (args.verbose) {
    const reasons = Object.entries(results.sourceRejections).sort((a, b) => b[1] - a[1]);
    for (const [reason, count] of reasons.slice(0, 10)) lines.push(`- SOURCE rejected ${count}x: ${reason}`);
  }
  return lines.join("\n");
}

const all = [];
for (const dir of args.corpora) {
  if (!existsSync(dir)) {
    process.stdout.write(`## ${dir}\nskipped: the folder does not exist (lay it out with corpus/extract-corpus.mjs)\n\n`);
    continue;
  }
  const meta = existsSync(join(dir, "corpus.json")) ? JSON.parse(readFileSync(join(dir, "corpus.json"), "utf8")) : {};
  process.stdout.write(`running ${dir} ...\n`);
  inSuite = meta.layout === "suite";
  if (meta.layout === "suite") {
    // a schema-diff suite: one small corpus per case, summed into one table
    const cases = readdirSync(dir)
      .filter((f) => statSync(join(dir, f)).isDirectory())
      .sort()
      // cases are named <NNN>-<group>-<name>: --only/--skip match the start of <group>-<name>
      .filter((f) => !args.only || args.only.some((o) => f.replace(/^\d+-/, "").startsWith(o)))
      .filter((f) => !args.skip || !args.skip.some((o) => f.replace(/^\d+-/, "").startsWith(o)));
    const suite = { corpus: basename(resolve(dir)), origin: meta.origin, versions: [`${cases.length} cases`], commits: [], pairs: [], identity: [], tables: 0, writesTried: 0, writesRejectedBySource: 0, deletesRestricted: 0, sourceRejections: {}, writesSkipped: 0, errors: [], seconds: 0 };
    for (const c of cases) {
      const r = await runCorpus(join(dir, c));
      const problems = r.identity.length + r.errors.length + r.pairs.reduce((n, p) => n + p.misses.length + p.disagreements.length, 0);
      if (args.verbose && problems > 0) process.stdout.write(`${summarise(r).split("\n").filter((l) => l.startsWith("- ") || l.startsWith("    ")).join("\n")}\n`);
      for (const key of ["writesTried", "writesRejectedBySource", "deletesRestricted", "writesSkipped", "seconds"]) suite[key] += r[key];
      suite.tables += r.tables;
      suite.commits = [...new Set([...suite.commits, ...r.commits])];
      for (const p of r.pairs) suite.pairs.push({ ...p, from: `${c}: ${p.from}` });
      for (const i of r.identity) suite.identity.push({ ...i, version: `${c}: ${i.version}` });
      for (const e of r.errors) suite.errors.push(`${c}: ${e}`);
      for (const [k, v] of Object.entries(r.sourceRejections)) suite.sourceRejections[k] = (suite.sourceRejections[k] ?? 0) + v;
    }
    all.push(suite);
    process.stdout.write(`${summarise(suite)}\n\n`);
    continue;
  }
  const results = await runCorpus(dir);
  all.push(results);
  process.stdout.write(`${summarise(results)}\n\n`);
}
mkdirSync(join(here, "../results"), { recursive: true });
const out = join(here, "../results", `corpus-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
writeFileSync(out, `${JSON.stringify(all, null, 2)}\n`);
process.stdout.write(`results: ${out}\n`);
const bad = all.some((r) => r.identity.length || r.errors.length || r.pairs.some((p) => p.misses.length));
process.exit(bad ? 1 : 0);
