/**
 * Output faults, on the real bin/driftgate.js in its own process: a reader that closes stdout early
 * (`| head -1`), a stdout or -o on a full disk (/dev/full), SIGINT/SIGTERM during a -o write, and the
 * temporary files a kill -9 leaves. Never a stack trace, never exit 1 for something that is not a finding.
 */
import { Readable } from "node:stream";
import { closeSync, existsSync, openSync, readFileSync, readdirSync, statSync, watch, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import type { Snapshot } from "../../src/dialects/postgresql/model/snapshot.js";
import { serialiseSnapshot } from "../../src/files/snapshot-file.js";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";
import { ensureBuilt, runWithClosedStdout, spawnCli, type BinaryRun } from "../helpers/run-cli-binary.js";
import { COMMITTED_PROD_SNAPSHOT, tempDir } from "./check-support.js";

const dir = tempDir("dg-output-");
const STACK = /\n\s+at |node:internal|Unhandled 'error'/;

/** A snapshot big enough (~7 MB) that writing it takes a while and overflows any pipe buffer. */
function bigSnapshot(): string {
  const prod = JSON.parse(readFileSync(COMMITTED_PROD_SNAPSHOT, "utf8")) as Snapshot;
  const [first] = prod.content.tables;
  const tables = Array.from({ length: 1500 }, (_, i) => ({ ...first!, name: `${first!.name}_${String(i).padStart(4, "0")}` }));
  return serialiseSnapshot({ ...prod, content: { ...prod.content, tables } });
}

function temps(): string[] {
  return readdirSync(dir.path).filter((name) => name.endsWith(".tmp"));
}

function expectNoTrace(run: BinaryRun): void {
  expect(run.stderr).not.toMatch(STACK);
}

beforeAll(async () => {
  await ensureBuilt();
  writeFileSync(join(dir.path, "big.json"), bigSnapshot());
  writeFileSync(join(dir.path, "prod.json"), readFileSync(COMMITTED_PROD_SNAPSHOT));
  writeFileSync(join(dir.path, "row.schema.json"), JSON.stringify({ type: "object", required: ["a"] }));
  writeFileSync(join(dir.path, "docs.ndjson"), Array.from({ length: 30_000 }, (_, i) => `{"b":${i}}\n`).join(""));
}, 120_000);
afterAll(() => dir.remove());

describe("a reader that closes stdout early (| head -1)", () => {
  it("snapshot ends quietly with 0", async () => {
    const run = await runWithClosedStdout(["snapshot", "big.json"], dir.path);
    expect(run.firstChunk.startsWith("{")).toBe(true);
    expectNoTrace(run);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });

  it("check keeps its verdict: 1 only for blocking drift, 0 for none", async () => {
    const blocked = await runWithClosedStdout(["check", "prod.json", "big.json", "--format", "json"], dir.path);
    expectNoTrace(blocked);
    expect(blocked.code).toBe(1);
    const clear = await runWithClosedStdout(["check", "big.json", "big.json", "--format", "json"], dir.path);
    expectNoTrace(clear);
    expect(clear.code).toBe(0);
  });

  it("validate keeps its verdict (1: invalid documents), with no stack trace", async () => {
    const run = await runWithClosedStdout(["validate", "./row.schema.json", "docs.ndjson"], dir.path);
    expectNoTrace(run);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
  });
});

describe("a full disk", () => {
  const onDevFull = async (args: string[]): Promise<BinaryRun> => {
    const fd = openSync("/dev/full", "w");
    try {
      return await spawnCli(args, { cwd: dir.path, stdout: fd }).done;
    } finally {
      closeSync(fd);
    }
  };

  it.runIf(existsSync("/dev/full"))("stdout on /dev/full: one line, exit 3, for snapshot, check and validate", async () => {
    for (const args of [["snapshot", "prod.json"], ["check", "prod.json", "big.json"], ["validate", "./row.schema.json", "docs.ndjson"]]) {
      const run = await onDevFull(args);
      expect(run.code, `${args.join(" ")}: ${run.stderr}`).toBe(3);
      expect(run.stderr).toMatch(/^driftgate: cannot write the output to standard output: ENOSPC \(no space left on device\)\n$/);
    }
  });

  it.runIf(existsSync("/dev/full"))("-o /dev/full: one line, exit 3, and /dev/full is still the device (not renamed over)", async () => {
    for (const args of [["snapshot", "prod.json", "-o", "/dev/full"], ["check", "prod.json", "big.json", "-o", "/dev/full"]]) {
      const run = await spawnCli(args, { cwd: dir.path }).done;
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr).toMatch(/^driftgate: cannot write \/dev\/full: ENOSPC \(no space left on device\)\n$/);
      expect(statSync("/dev/full").isCharacterDevice()).toBe(true);
    }
  });
});

/** Starts a -o write of the big snapshot and sends `signal` the moment its temporary file appears. */
async function signalDuringWrite(signal: NodeJS.Signals, output: string): Promise<BinaryRun> {
  const watcher = watch(dir.path);
  const { child, done } = spawnCli(["snapshot", "big.json", "-o", output], { cwd: dir.path });
  watcher.on("change", (_event, name) => {
    if (typeof name === "string" && name.startsWith(`.${output}.`) && name.endsWith(".tmp")) child.kill(signal);
  });
  try {
    return await done;
  } finally {
    watcher.close();
  }
}

describe("signals during a -o write", () => {
  for (const [signal, code] of [["SIGTERM", 143], ["SIGINT", 130]] as const) {
    it(`${signal} removes the temporary file and exits ${code}`, async () => {
      // The signal lands while the temporary file exists (it is sent when the file appears); a run that
      // won the race and finished first is tried again, so the assertion is about the signal path.
      let run: BinaryRun | undefined;
      for (let attempt = 0; attempt < 3; attempt += 1) {
        run = await signalDuringWrite(signal, `out-${signal}.json`);
        if (run.code !== 0) break;
      }
      expect(temps()).toEqual([]);
      expect(run!.code, `${run!.signal} ${run!.stderr}`).toBe(code);
      expectNoTrace(run!);
    });
  }

  it("after a kill -9 the next write to that path removes the stale temporary file; a live process's is kept", async () => {
    let run: BinaryRun | undefined;
    for (let attempt = 0; attempt < 3 && temps().length === 0; attempt += 1) run = await signalDuringWrite("SIGKILL", "out-kill.json");
    expect(run!.signal).toBe("SIGKILL");
    const left = temps();
    expect(left).toHaveLength(1);
    // A write in progress by a live process (this one) must not be touched.
    const live = `.out-kill.json.${process.pid}.0123abcd.tmp`;
    writeFileSync(join(dir.path, live), "in progress");
    const again = await runCliInProcess(["snapshot", "prod.json", "-o", "out-kill.json"], { cwd: dir.path });
    expect(again.code, again.stderr).toBe(0);
    expect(temps()).toEqual([live]);
  });
});

describe("--debug", () => {
  it("is accepted anywhere and changes nothing about a normal run", async () => {
    const plain = await runCliInProcess(["check", "prod.json", "prod.json"], { cwd: dir.path });
    for (const args of [["--debug", "check", "prod.json", "prod.json"], ["check", "prod.json", "--debug", "prod.json"], ["check", "prod.json", "prod.json", "--debug"]]) {
      const run = await runCliInProcess(args, { cwd: dir.path });
      expect(run).toEqual(plain);
    }
  });

  it("an unexpected error is one line without it, and carries its stack trace with it", async () => {
    // An output that throws something driftgate does not know: the path every unexpected error takes.
    const io = (lines: string[]) => ({
      stdout: () => {
        throw new TypeError("the sink broke");
      },
      stderr: (text: string) => void lines.push(text),
      stdin: Readable.from([]),
      isTTY: false,
      env: process.env,
      cwd: dir.path,
    });
    const quiet: string[] = [];
    expect(await runCli(["snapshot", "prod.json"], io(quiet))).toBe(3);
    expect(quiet.join("")).toBe("driftgate: internal error: the sink broke (run with --debug for details)\n");
    const loud: string[] = [];
    expect(await runCli(["snapshot", "prod.json", "--debug"], io(loud))).toBe(3);
    expect(loud.join("")).toMatch(/^driftgate: internal error: the sink broke\nTypeError: the sink broke\n\s+at /);
  });
});
