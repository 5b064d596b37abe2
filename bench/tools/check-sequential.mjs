/**
 * What `check` would cost reading its two stores one after the other instead of together: the two
 * snapshots (same resolveSnapshot the CLI uses) then judge(). For the profiling notes in README.md.
 * Usage: DGBENCH_PRODUCT=<build> node tools/check-sequential.mjs <url-a> <url-b> [parallel]
 */
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

const product = process.env.DGBENCH_PRODUCT ?? path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const load = (file) => import(pathToFileURL(path.join(product, "dist", file)).href);
const { resolveSnapshot } = await load("sources/resolve-snapshot.js");
const { judge } = await load("diff/judge.js");
const [a, b, mode] = process.argv.slice(2);
const options = { cwd: process.cwd(), env: process.env };
const t0 = performance.now();
const [source, target] =
  mode === "parallel"
    ? await Promise.all([resolveSnapshot(a, options), resolveSnapshot(b, options)])
    : [await resolveSnapshot(a, options), await resolveSnapshot(b, options)];
const t1 = performance.now();
const findings = judge(source, target);
const t2 = performance.now();
console.log(JSON.stringify({ mode: mode ?? "sequential", snapshotsMs: Math.round(t1 - t0), judgeMs: Math.round(t2 - t1), findings: findings.length }));
