import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { Snapshot } from "../../../src/dialects/postgresql/model/snapshot.js";
import { readSnapshotFileValidated } from "../../../src/stores/validated-snapshot-file.js";
import { readSnapshotFile } from "../../../src/dialects/index.js";

// Test modules are ES modules, so strict mode: writing to a frozen object throws instead of doing nothing.
const PROD = fileURLToPath(new URL("../../../environments/snapshots/prod.json", import.meta.url));
const cache = mkdtempSync(join(tmpdir(), "driftgate-frozen-"));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

function expectFrozen(snapshot: Snapshot): void {
  const content = snapshot.content as unknown as { tables: { name: string; columns: unknown[] }[]; settings: unknown[] };
  expect(content.tables.length).toBeGreaterThan(0);
  expect(() => content.tables.push(content.tables[0]!)).toThrow(TypeError);
  expect(() => content.tables.sort()).toThrow(TypeError);
  expect(() => (content.tables[0]!.name = "renamed")).toThrow(TypeError);
  expect(() => content.tables[0]!.columns.pop()).toThrow(TypeError);
  expect(() => ((snapshot.origin as { label: string }).label = "elsewhere")).toThrow(TypeError);
  expect(() => ((snapshot as { fingerprint: string }).fingerprint = "sha256:0")).toThrow(TypeError);
  expect(() => ((snapshot as { content: unknown }).content = {})).toThrow(TypeError);
}

describe("snapshots read from a file are frozen like captured ones", () => {
  it("readSnapshotFile returns a deep-frozen snapshot", async () => {
    expectFrozen(await readSnapshotFile(PROD));
  });

  it("so does the cached fast path that skips validating bytes it validated before", async () => {
    expectFrozen(await readSnapshotFileValidated(PROD, cache)); // validates and leaves the marker
    expectFrozen(await readSnapshotFileValidated(PROD, cache)); // trusts the marker
  });
});
