#!/usr/bin/env node
// Lays out a corpus folder for run-corpus.mjs from a git directory brought in with the `fetch` tool
// (or any clone). It only copies SQL text out of commits; nothing of the application is built or run.
//
//   node corpus/extract-corpus.mjs popx     --git-dir G --path persistence/sql/migrations/sql --tags v1.0.0,v1.1.0 --out DIR
//   node corpus/extract-corpus.mjs temporal --git-dir G --path schema/postgresql/v12/temporal/versioned --out DIR
//   node corpus/extract-corpus.mjs migrate  --git-dir G --path make/migrations/postgresql --out DIR   (one version per NNNN_name.up.sql)
//   node corpus/extract-corpus.mjs pg-schema-diff --git-dir G --path internal/migration_acceptance_tests --out DIR
//     (a suite: one sub-corpus per acceptance case, its oldSchemaDDL and newSchemaDDL as two full schemas)
//   node corpus/extract-corpus.mjs flyway   --git-dir G --path api/src/main/resources/marquez/db/migration --tags 0.40.0,0.41.0 --out DIR
//
// Output: DIR/<NNN>-<version>/<NNNN>-<file>.sql, where each version folder holds the upgrade from the
// previous one (the first holds everything up to its version), and DIR/corpus.json saying where it came from.
// flyway corpora are laid out "full" instead: each folder is a whole fresh install of its version.
// Why cumulative folders: the runner builds version k as a copy of version k-1 plus folder k, which is
// how the application's own upgrade path reaches a database, and costs one folder of SQL per version.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";

function usage(message) {
  if (message) process.stderr.write(`extract-corpus: ${message}\n`);
  process.stderr.write(
    "usage: extract-corpus.mjs popx|temporal|flyway|migrate|pg-schema-diff --git-dir DIR --path PATH --out DIR [--tags a,b,c] [--name NAME]\n",
  );
  process.exit(2);
}

const [kind, ...rest] = process.argv.slice(2);
if (!["popx", "temporal", "flyway", "migrate", "pg-schema-diff"].includes(kind)) usage(kind ? `unknown kind ${kind}` : "");
const options = {};
for (let i = 0; i < rest.length; i += 2) {
  const key = rest[i];
  const value = rest[i + 1];
  if (!key?.startsWith("--") || value === undefined) usage(`bad argument ${key ?? ""}`);
  options[key.slice(2)] = value;
}
for (const required of ["git-dir", "path", "out"]) if (!options[required]) usage(`--${required} is required`);
if ((kind === "popx" || kind === "flyway") && !options.tags) usage("--tags is required for popx and flyway");

const gitDir = options["git-dir"];
const basePath = options.path.replace(/\/+$/, "");
const git = (...args) =>
  execFileSync("git", [`--git-dir=${gitDir}`, ...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
const listFiles = (rev, path) =>
  git("ls-tree", "-r", "--name-only", rev, "--", path)
    .split("\n")
    .filter(Boolean);
const show = (rev, path) => git("show", `${rev}:${path}`);
const resolve = (rev) => git("rev-parse", `${rev}^{commit}`).trim();

/** popx names: <version>_<name>[.<dialect>][.autocommit].up.sql; the postgres file wins over the generic one. */
function popxMigrations(rev) {
  const byVersion = new Map();
  for (const path of listFiles(rev, basePath)) {
    const file = path.slice(path.lastIndexOf("/") + 1);
    const match = /^(\d+)_([^.]+)(?:\.(postgres|mysql|sqlite3?|cockroach))?(\.autocommit)?\.up\.sql$/.exec(file);
    if (!match) continue;
    const [, version, name, dialect, autocommit] = match;
    if (dialect && dialect !== "postgres") continue;
    const known = byVersion.get(version);
    if (known && known.dialect && !dialect) continue;
    byVersion.set(version, { version, name, dialect, autocommit: Boolean(autocommit), path });
  }
  // popx orders by version string; all versions in one folder have the same width.
  return [...byVersion.values()].sort((a, b) => (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
}

/** Flyway: V<version>__<name>.sql ordered by numeric version parts; R__ files re-run after every upgrade. */
function flywayMigrations(rev) {
  const versioned = [];
  const repeatable = [];
  for (const path of listFiles(rev, basePath)) {
    const file = path.slice(path.lastIndexOf("/") + 1);
    const v = /^V([\d._]+)__(.+)\.sql$/.exec(file);
    if (v) versioned.push({ version: v[1].replace(/_/g, "."), name: v[2], path });
    const r = /^R__(.+)\.sql$/.exec(file);
    if (r) repeatable.push({ version: `R-${r[1]}`, name: r[1], path });
  }
  const parts = (version) => version.split(".").map(Number);
  versioned.sort((a, b) => {
    const x = parts(a.version);
    const y = parts(b.version);
    for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
      const d = (x[i] ?? -1) - (y[i] ?? -1);
      if (d !== 0) return d;
    }
    return 0;
  });
  repeatable.sort((a, b) => a.name.localeCompare(b.name));
  return { versioned, repeatable };
}

const out = options.out;
if (existsSync(out)) rmSync(out, { recursive: true });
mkdirSync(out, { recursive: true });
const versions = [];

function writeVersion(index, label, files) {
  const dir = join(out, `${String(index).padStart(3, "0")}-${label.replace(/[^A-Za-z0-9._-]/g, "_")}`);
  mkdirSync(dir);
  files.forEach((file, i) => {
    writeFileSync(join(dir, `${String(i + 1).padStart(4, "0")}-${file.name}`), file.text);
  });
  versions.push({ folder: dir.slice(out.length + 1), label, files: files.length });
}

if (kind === "popx" || kind === "flyway") {
  const tags = options.tags.split(",").filter(Boolean);
  const seen = new Set();
  let index = 0;
  for (const tag of tags) {
    const commit = resolve(tag);
    let fresh;
    if (kind === "popx") {
      fresh = popxMigrations(tag)
        .filter((m) => !seen.has(m.version))
        .map((m) => ({
          version: m.version,
          name: `${m.version}_${m.name}${m.autocommit ? ".autocommit" : ""}.sql`,
          text: show(tag, m.path),
        }));
    } else {
      const { versioned, repeatable } = flywayMigrations(tag);
      // Flyway runs every versioned migration before any repeatable one on a fresh database, and an
      // upgrade can fail where a fresh install does not (a repeatable view pins a column a later
      // migration alters: Marquez 0.27 -> 0.28). So each flyway version is a whole fresh install
      // (layout "full"), and a version only counts when it has a new versioned migration.
      if (!versioned.some((m) => !seen.has(m.version))) continue;
      fresh = versioned
        .map((m) => ({ version: m.version, name: `V${m.version}__${m.name}.sql`, text: show(tag, m.path) }));
      // repeatable migrations run after all versioned ones, in name order
      fresh.push(...repeatable.map((m) => ({ version: m.version, name: `R__${m.name}.sql`, text: show(tag, m.path) })));
    }
    if (fresh.length === 0) continue; // a release without schema changes is no new pair
    for (const m of fresh) if (!m.version.startsWith("R-")) seen.add(m.version);
    index += 1;
    writeVersion(index, tag, fresh);
    versions[versions.length - 1].commit = commit;
  }
} else if (kind === "pg-schema-diff") {
  // Go test tables: { name: "...", roles: []string{...}, oldSchemaDDL: []string{`...`}, newSchemaDDL: ... }
  const rev = options.rev ?? "HEAD";
  const commit = resolve(rev);
  const cases = [];
  for (const path of listFiles(rev, basePath).filter((p) => p.endsWith("_cases_test.go"))) {
    const text = show(rev, path);
    const group = path.slice(path.lastIndexOf("/") + 1).replace(/_cases_test\.go$/, "");
    // each case starts at a `name:` field of the table's element
    const starts = [...text.matchAll(/\n\t\t(?:name|Name):\s*"((?:[^"\\]|\\.)*)"/g)];
    starts.forEach((start, i) => {
      const body = text.slice(start.index, starts[i + 1]?.index ?? text.length);
      // the []string{...} after `field:`, read string literal by string literal up to its closing brace
      const list = (field) => {
        const m = new RegExp(`\\b${field}:\\s*\\[\\]string\\{`).exec(body);
        if (!m) return null;
        const items = [];
        let i = m.index + m[0].length;
        while (i < body.length) {
          const ch = body[i];
          if (ch === "}") return items;
          if (ch === "`") {
            const end = body.indexOf("`", i + 1);
            items.push(body.slice(i + 1, end));
            i = end + 1;
          } else if (ch === '"') {
            let j = i + 1;
            while (body[j] !== '"') j += body[j] === "\\" ? 2 : 1;
            items.push(JSON.parse(body.slice(i, j + 1)));
            i = j + 1;
          } else if (ch === "/" && body[i + 1] === "/") {
            i = body.indexOf("\n", i);
          } else i += 1;
        }
        return null;
      };
      const oldDdl = list("oldSchemaDDL");
      const newDdl = list("newSchemaDDL");
      if (!oldDdl || !newDdl) return;
      cases.push({
        group,
        name: start[1],
        roles: list("roles") ?? [],
        oldDdl,
        newDdl,
        expectEmpty: /expectEmptyPlan:\s*true/.test(body),
        expectError: /expectedPlanError/.test(body),
      });
    });
  }
  cases.forEach((c, i) => {
    const slug = `${String(i + 1).padStart(3, "0")}-${c.group}-${c.name}`.toLowerCase().replace(/[^a-z0-9]+/g, "-").slice(0, 60);
    const dir = join(out, slug);
    mkdirSync(dir);
    mkdirSync(join(dir, "001-old"));
    mkdirSync(join(dir, "002-new"));
    c.oldDdl.forEach((sql, j) => writeFileSync(join(dir, "001-old", `${String(j + 1).padStart(4, "0")}.sql`), `${sql}\n`));
    c.newDdl.forEach((sql, j) => writeFileSync(join(dir, "002-new", `${String(j + 1).padStart(4, "0")}.sql`), `${sql}\n`));
    writeFileSync(
      join(dir, "corpus.json"),
      `${JSON.stringify({ name: slug, kind, layout: "full", case: c.name, group: c.group, roles: c.roles, expectEmpty: c.expectEmpty, expectError: c.expectError, commit }, null, 2)}\n`,
    );
    versions.push({ folder: slug, label: c.name, files: c.oldDdl.length + c.newDdl.length, commit });
  });
} else if (kind === "migrate") {
  // golang-migrate: <NNNN>_<name>.up.sql, applied in order; each file is one released upgrade
  const rev = options.rev ?? "HEAD";
  const commit = resolve(rev);
  const files = listFiles(rev, basePath)
    .map((path) => ({ path, file: path.slice(path.lastIndexOf("/") + 1) }))
    .filter((f) => /^\d+_.+\.up\.sql$/.test(f.file))
    .sort((a, b) => a.file.localeCompare(b.file));
  // golang-migrate keeps its own table, and some upgrades (Harbor 2.0) read or alter it
  const prelude = {
    name: "0000_schema_migrations.sql",
    text: "CREATE TABLE IF NOT EXISTS schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);\n",
  };
  files.forEach((f, i) => {
    const upgrade = { name: f.file, text: show(rev, f.path) };
    writeVersion(i + 1, f.file.replace(/\.up\.sql$/, ""), i === 0 ? [prelude, upgrade] : [upgrade]);
    versions[versions.length - 1].commit = commit;
  });
} else {
  // temporal: <path>/v<major>.<minor>/manifest.json lists the upgrade's files in order.
  const rev = options.rev ?? "HEAD";
  const commit = resolve(rev);
  const dirs = [
    ...new Set(
      listFiles(rev, basePath)
        .map((p) => p.slice(basePath.length + 1).split("/")[0])
        .filter((d) => /^v\d+\.\d+$/.test(d)),
    ),
  ].sort((a, b) => {
    const [am, an] = a.slice(1).split(".").map(Number);
    const [bm, bn] = b.slice(1).split(".").map(Number);
    return am - bm || an - bn;
  });
  dirs.forEach((dir, i) => {
    const manifest = JSON.parse(show(rev, `${basePath}/${dir}/manifest.json`));
    const names = manifest.SchemaUpdateCqlFiles ?? manifest.SchemaUpdateSqlFiles ?? [];
    writeVersion(
      i + 1,
      dir,
      names.map((name) => ({ name, text: show(rev, `${basePath}/${dir}/${name}`) })),
    );
    versions[versions.length - 1].commit = commit;
  });
}

const originUrl = (() => {
  try {
    return git("config", "--get", "remote.origin.url").trim();
  } catch {
    return undefined;
  }
})();
writeFileSync(
  join(out, "corpus.json"),
  `${JSON.stringify({ name: options.name ?? out.split("/").filter(Boolean).pop(), kind, ...(kind === "pg-schema-diff" ? { layout: "suite" } : kind === "flyway" ? { layout: "full" } : {}), gitDir, origin: originUrl, path: basePath, versions }, null, 2)}\n`,
);
process.stdout.write(`${out}: ${versions.length} versions, ${versions.reduce((n, v) => n + v.files, 0)} files\n`);
