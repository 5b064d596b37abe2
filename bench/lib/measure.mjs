import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

const TIME = "/usr/bin/time";

export function requireGnuTime() {
  if (!existsSync(TIME)) {
    throw new Error(`${TIME} not found: peak memory is read from GNU time; install it with: apt-get install -y time`);
  }
}

/**
 * Runs one command in its own process under GNU time: wall time as the parent sees it (spawn to exit,
 * so process start-up counts, as it does for a user) and the child's peak RSS. The child is killed
 * (whole process group) when it outlives timeoutMs.
 */
export async function runMeasured(command, args, { cwd, env, timeoutMs = 300_000, keepStdout = true } = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), "dgbench-"));
  const timeFile = path.join(dir, "time");
  try {
    const started = performance.now();
    const child = spawn(TIME, ["-f", "%M %U %S", "-o", timeFile, command, ...args], {
      cwd,
      env: env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const stdout = [];
    const stderr = [];
    let stdoutBytes = 0;
    child.stdout.on("data", (chunk) => {
      stdoutBytes += chunk.length;
      if (keepStdout && stdoutBytes < 64 << 20) stdout.push(chunk);
    });
    child.stderr.on("data", (chunk) => stderr.push(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    }, timeoutMs);
    const code = await new Promise((resolve) => child.on("close", (c, signal) => resolve(c ?? (signal ? 128 : -1))));
    clearTimeout(timer);
    const ms = performance.now() - started;
    let maxRssMB = null;
    let cpuMs = null;
    try {
      const lines = (await readFile(timeFile, "utf8")).trim().split("\n");
      // "<peak KB> <user s> <system s>": CPU time says less about the machine's load than wall time does.
      const [kb, user, system] = lines[lines.length - 1].trim().split(/\s+/).map(Number);
      if (Number.isFinite(kb)) maxRssMB = kb / 1024;
      if (Number.isFinite(user) && Number.isFinite(system)) cpuMs = (user + system) * 1000;
    } catch {
      /* killed before GNU time wrote anything */
    }
    return {
      ms,
      maxRssMB,
      cpuMs,
      code,
      timedOut,
      stdout: Buffer.concat(stdout).toString("utf8"),
      stdoutBytes,
      stderr: Buffer.concat(stderr).toString("utf8"),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function median(values) {
  const sorted = values.filter((v) => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function maxOf(values) {
  const finite = values.filter((v) => v !== null && Number.isFinite(v));
  return finite.length ? Math.max(...finite) : null;
}

function summarise(results) {
  const ok = results.filter((r) => r.ok);
  return {
    n: ok.length,
    ok: ok.length > 0 && ok.length === results.length,
    medianMs: median(ok.map((r) => r.ms)),
    maxRssMB: maxOf(ok.map((r) => r.maxRssMB)),
    runs: results,
    error: results.find((r) => !r.ok)?.error ?? null,
  };
}

/**
 * Runs several tools round-robin (A B C, A B C, ...) rather than one after the other: on a shared machine
 * the load drifts over minutes, and interleaving spreads that drift over every tool instead of punishing
 * whichever ran during a busy spell.
 *
 * A tool whose first run already takes longer than slowMs keeps that single run (reported with n=1):
 * repeating a minute-long peer would blow the time budget without changing the conclusion. A failed or
 * timed-out run ends that tool's series. A tool with `keepRuns` gets every run whatever its time: the
 * ones a target's ratio is taken between (driftgate, its baseline, a floor) need more than one sample.
 */
export async function interleave(tools, runs, { slowMs = 30_000, onRun } = {}) {
  const results = tools.map(() => []);
  const active = tools.map(() => true);
  for (let round = 0; round < runs; round++) {
    for (const [i, tool] of tools.entries()) {
      if (!active[i]) continue;
      const r = await tool.once(round);
      results[i].push(r);
      onRun?.(tool, r, round);
      if (!r.ok || (round === 0 && r.ms > slowMs && !tool.keepRuns)) active[i] = false;
    }
  }
  return results.map(summarise);
}
