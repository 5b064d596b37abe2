import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The real `bin/driftgate.js` in its own process, for what only a process has: a stdout pipe that the
 * reader closes, a stdout on /dev/full, signals. bin/ runs dist/, so dist/ is rebuilt first when any
 * source file is newer than it (once per run; a lock folder keeps two test files from building at once).
 */
export const REPO = fileURLToPath(new URL("../../", import.meta.url));
export const BIN = join(REPO, "bin", "driftgate.js");

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function builtAt(): number {
  try {
    return statSync(join(REPO, "dist", "cli", "main.js")).mtimeMs;
  } catch {
    return 0;
  }
}

export async function ensureBuilt(): Promise<void> {
  const lock = join(REPO, "dist.build-lock");
  for (;;) {
    if (builtAt() >= newest(join(REPO, "src"))) return;
    try {
      mkdirSync(lock);
    } catch {
      // Another test file is building; a lock older than a build can take was left by a killed run.
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 180_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 500));
      continue;
    }
    try {
      if (builtAt() < newest(join(REPO, "src"))) {
        execFileSync(process.execPath, [join(REPO, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"], { cwd: REPO, stdio: "pipe" });
      }
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

export interface BinaryRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Spawns the CLI; the caller may act on the child (close its stdout, signal it) before it ends. */
export function spawnCli(args: readonly string[], options: { cwd?: string; stdout?: "pipe" | number } = {}): { child: ChildProcess; done: Promise<BinaryRun> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? REPO, stdio: ["ignore", options.stdout ?? "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stdout?.on("error", () => undefined);
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<BinaryRun>((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

/** Runs the CLI and closes its stdout after the first chunk, as `| head -1` does. */
export async function runWithClosedStdout(args: readonly string[], cwd?: string): Promise<BinaryRun & { firstChunk: string }> {
  const { child, done } = spawnCli(args, { cwd });
  let firstChunk = "";
  child.stdout!.once("data", (chunk: Buffer) => {
    firstChunk = chunk.toString();
    child.stdout!.destroy();
  });
  const run = await done;
  return { ...run, firstChunk };
}
