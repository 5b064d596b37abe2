import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, rm, symlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/**
 * driftgate as it was at `commit`, built once into the system temp folder (git archive + tsc), sharing
 * this checkout's node_modules: the same dependencies, only driftgate's own code differs. Returns the
 * path of its CLI. Sections put it beside today's driftgate in one interleaved run, so "as fast as
 * before" is a ratio measured under one load rather than two numbers from two days.
 */
export async function buildBaseline(ctx, commit) {
  const sha = execFileSync("git", ["rev-parse", "--short", commit], { cwd: ctx.root, encoding: "utf8" }).trim();
  const dir = path.join(os.tmpdir(), `dgbench-baseline-${sha}`);
  const cli = path.join(dir, "bin/driftgate.js");
  if (existsSync(path.join(dir, "dist/cli/main.js"))) return { cli, sha };
  ctx.log(`building driftgate at ${sha} into ${dir} ...`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const archive = spawnSync("sh", ["-c", `git archive ${sha} | tar -x -C '${dir}'`], { cwd: ctx.root, encoding: "utf8" });
  if (archive.status !== 0) throw new Error(`git archive ${sha} failed: ${archive.stderr}`);
  await symlink(path.join(ctx.root, "node_modules"), path.join(dir, "node_modules"));
  const tsc = path.join(ctx.root, "node_modules/.bin/tsc");
  const build = spawnSync(tsc, ["-p", "tsconfig.build.json"], { cwd: dir, encoding: "utf8" });
  if (!existsSync(path.join(dir, "dist/cli/main.js"))) throw new Error(`baseline build failed: ${build.stdout}${build.stderr}`);
  return { cli, sha };
}
