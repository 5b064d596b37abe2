import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { judge } from "../../../src/dialects/index.js";
import { readSnapshotFile } from "../../../src/dialects/index.js";

const OLD = fileURLToPath(new URL("../../fixtures/snapshot/prod-v2-before-levels.json", import.meta.url));
const NOW = fileURLToPath(new URL("../../../environments/snapshots/prod.json", import.meta.url));

describe("version-2 snapshot files recorded before settings levels, otherRoles and updatability", () => {
  it("still load, and judge equal to the same store recorded today", async () => {
    const old = await readSnapshotFile(OLD);
    const now = await readSnapshotFile(NOW);
    expect(old.content.otherRoles).toBeUndefined();
    expect(old.content.extensions[0]).not.toHaveProperty("functions");
    expect(now.content.otherRoles).toEqual([]);
    const notes = (findings: ReturnType<typeof judge>) => findings.filter((f) => f.rule !== "settings-not-compared");
    expect(notes(judge(old, now))).toEqual([]);
    expect(notes(judge(now, old))).toEqual([]);
  });
});
