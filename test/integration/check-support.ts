import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";

/** Shared by the check-*.test.ts files: the bundled example, recorded the same way the repo records it. */

export const REPO = fileURLToPath(new URL("../../", import.meta.url));
export const EXAMPLE = join(REPO, "examples", "metadata-store");
export const COMMITTED_PROD_SNAPSHOT = join(REPO, "environments", "snapshots", "prod.json");

export function tempDir(prefix = "dg-check-"): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * prod as the example tells it: the test migrations plus what was done to prod by hand (prod-drift.sql),
 * applied to embedded PostgreSQL and captured by the real `driftgate snapshot`. The folder name is the
 * snapshot's origin label, so it is fixed to keep the file byte-identical across runs.
 */
export async function recordProdSnapshot(dir: string, output: string): Promise<void> {
  const history = join(dir, "metadata-store-prod");
  mkdirSync(history);
  for (const file of readdirSync(join(EXAMPLE, "migrations"))) cpSync(join(EXAMPLE, "migrations", file), join(history, file));
  cpSync(join(EXAMPLE, "prod-drift.sql"), join(history, "999_prod-drift.sql"));
  const run = await runCliInProcess(["snapshot", "metadata-store-prod", "-o", output], { cwd: dir });
  if (run.code !== 0) throw new Error(`recording prod failed (${run.code}): ${run.stderr}`);
  rmSync(history, { recursive: true });
}

/** test as the example tells it: the migrations alone, captured once so later runs need no PGlite. */
export async function recordTestSnapshot(output: string): Promise<void> {
  const run = await runCliInProcess(["snapshot", "examples/metadata-store/migrations", "-o", output], { cwd: REPO });
  if (run.code !== 0) throw new Error(`recording test failed (${run.code}): ${run.stderr}`);
}

export interface JsonFinding {
  readonly id: string;
  readonly rule: string;
  readonly severity: "breaking" | "risky" | "info";
  readonly object: string;
  readonly message: string;
  readonly waived?: { readonly owner: string };
}

export interface JsonReport {
  readonly findings: readonly JsonFinding[];
  readonly summary: { breaking: number; risky: number; info: number; waived: number };
  readonly blocked: boolean;
  readonly waivers: { expired: { rule: string; object: string; matches: string[] }[]; unused: { rule: string; object: string }[] };
  readonly pairs?: readonly { source: { environment: string | null }; target: { environment: string | null }; findings: JsonFinding[]; blocked: boolean; error?: { exitCode: number; message: string } }[];
}
