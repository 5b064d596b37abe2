import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sortKeysDeep } from "../../../src/model/canonical-json.js";
import { HistoryStore, newRunId, runTime } from "../../../src/nightly/history-store.js";
import type { RunRecord } from "../../../src/nightly/nightly-report.js";
import { readSnapshotFile } from "../../../src/dialects/index.js";
import { snapshot, table } from "../diff/snapshot-factory.js";

const root = mkdtempSync(join(tmpdir(), "report-history-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const record = (runId: string): RunRecord => ({
  version: 1,
  runId,
  at: runTime(runId),
  toolVersion: "0",
  environments: [],
  findings: {},
  trend: { runId, at: runTime(runId), breaking: 0, risky: 0, info: 0, unreachable: 0 },
});

describe("HistoryStore", () => {
  it("run ids sort by time and never collide", () => {
    const at = new Date("2026-01-02T03:04:05.678Z");
    const ids = Array.from({ length: 50 }, () => newRunId(at));
    expect(new Set(ids).size).toBe(50);
    expect(runTime(ids[0]!)).toBe("2026-01-02T03:04:05.678Z");
    expect(newRunId(new Date("2026-01-02T03:04:05.679Z")) > ids[0]!).toBe(true);
  });

  it("writes gzip snapshots the snapshot reader reads, and finds the previous one", async () => {
    const history = new HistoryStore(join(root, "a"));
    const snap = { ...snapshot({ tables: [table("public.t")] }), content: sortKeysDeep(snapshot({ tables: [table("public.t")] }).content) };
    const first = newRunId(new Date("2026-01-01T00:00:00Z"));
    const second = newRunId(new Date("2026-01-02T00:00:00Z"));
    const file = await history.writeSnapshot("prod", null, first, snap);
    expect(file.endsWith(".json.gz")).toBe(true);
    expect((await readSnapshotFile(file)).content).toEqual(snap.content);
    const previous = await history.previousSnapshot("prod", null, second, () => undefined);
    expect(previous?.runId).toBe(first);
    expect(await history.previousSnapshot("prod", null, first, () => undefined)).toBeNull();
  });

  it("a truncated history file is passed over with a note, not a failure", async () => {
    const history = new HistoryStore(join(root, "b"));
    const snap = { ...snapshot(), content: sortKeysDeep(snapshot().content) };
    const old = newRunId(new Date("2026-01-01T00:00:00Z"));
    const broken = newRunId(new Date("2026-01-02T00:00:00Z"));
    await history.writeSnapshot("prod", null, old, snap);
    writeFileSync(join(root, "b", "prod", `${broken}.json.gz`), Buffer.from([0x1f, 0x8b, 0x08, 0x00]));
    const notes: string[] = [];
    const previous = await history.previousSnapshot("prod", null, newRunId(new Date("2026-01-03T00:00:00Z")), (n) => notes.push(n));
    expect(previous?.runId).toBe(old);
    expect(notes.join()).toMatch(/cannot be decompressed/);
  });

  it("retention by days keeps recent runs and each store's newest snapshot", async () => {
    const history = new HistoryStore(join(root, "c"));
    const snap = { ...snapshot(), content: sortKeysDeep(snapshot().content) };
    const days = ["2026-01-01", "2026-01-10", "2026-01-19", "2026-01-20"].map((d) => newRunId(new Date(`${d}T00:00:00Z`)));
    for (const run of days) await history.writeRun(record(run));
    // staging was only read on the first day: its one snapshot stays.
    await history.writeSnapshot("staging", null, days[0]!, snap);
    for (const run of days) await history.writeSnapshot("prod", "001", run, snap);
    await history.prune({ days: 5 }, new Date("2026-01-21T00:00:00Z"));
    expect((await history.runs()).map((r) => r.runId)).toEqual(days.slice(2));
    expect(readdirSync(join(root, "c", "prod", "001")).sort()).toEqual(days.slice(2).map((d) => `${d}.json.gz`));
    expect(readdirSync(join(root, "c", "staging"))).toEqual([`${days[0]}.json.gz`]);
  });

  it("deploy marks are found between two runs", async () => {
    const history = new HistoryStore(join(root, "d"));
    await history.markDeploy({ environment: "prod", at: "2026-01-05T10:00:00.000Z", ref: "abc", by: "test" });
    expect(await history.deploys("prod", "2026-01-05T09:00:00.000Z", "2026-01-05T11:00:00.000Z")).toHaveLength(1);
    expect(await history.deploys("prod", "2026-01-05T10:00:00.000Z", "2026-01-05T11:00:00.000Z")).toHaveLength(0);
    expect(await history.deploys("staging", null, "2026-01-06T00:00:00.000Z")).toHaveLength(0);
  });
});
