import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSnapshotFile } from "../../../src/dialects/index.js";
import { serialiseSnapshot } from "../../../src/files/snapshot-file.js";
import { SNAPSHOT_FORMAT_VERSION } from "../../../src/model/snapshot-envelope.js";

const V2 = fileURLToPath(new URL("../../fixtures/snapshot/prod-v2-before-levels.json", import.meta.url));
const NOW = fileURLToPath(new URL("../../../environments/snapshots/prod.json", import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "driftgate-format-3-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function variant(name: string, edit: (data: Record<string, unknown>) => void): Promise<string> {
  const data = JSON.parse(await readFile(NOW, "utf8")) as Record<string, unknown>;
  edit(data);
  const path = join(dir, name);
  await writeFile(path, JSON.stringify(data));
  return path;
}

describe("snapshot format 3", () => {
  it("names its dialect and says where it was read apart from what it describes", async () => {
    const now = await readSnapshotFile(NOW);
    expect(SNAPSHOT_FORMAT_VERSION).toBe(3);
    expect(now.version).toBe(3);
    expect(now.dialect).toBe("postgresql");
    expect(now.origin.kind).toBe("migrations");
    const bytes = serialiseSnapshot(now);
    expect(bytes.indexOf('"dialect"')).toBeGreaterThan(bytes.indexOf('"content"'));
    expect(bytes).toBe(await readFile(NOW, "utf8"));
  });

  it("converts a format-2 file on read: same content, same fingerprint, format-3 envelope", async () => {
    const raw = JSON.parse(await readFile(V2, "utf8")) as { version: number; fingerprint: string; origin: { kind: string }; dialect?: string };
    expect(raw.version).toBe(2);
    expect(raw.dialect).toBeUndefined();
    const converted = await readSnapshotFile(V2);
    expect(converted.version).toBe(3);
    expect(converted.dialect).toBe("postgresql");
    expect(converted.fingerprint).toBe(raw.fingerprint);
    expect(converted.origin.kind).toBe(({ postgres: "server", sql: "migrations", file: "file" } as Record<string, string>)[raw.origin.kind]);
    // Written again, it is a format-3 file that reads back to itself.
    const again = join(dir, "again.json");
    await writeFile(again, serialiseSnapshot(converted));
    expect(await readSnapshotFile(again)).toEqual(converted);
  });

  it("a format-2 file that was edited is still refused by its fingerprint", async () => {
    const data = JSON.parse(await readFile(V2, "utf8")) as { content: { database: { owner: string } } };
    data.content.database.owner = "someone_else";
    const path = join(dir, "edited-v2.json");
    await writeFile(path, JSON.stringify(data));
    await expect(readSnapshotFile(path)).rejects.toThrow(/is corrupt: its content does not match its fingerprint/);
  });

  it("refuses a dialect it does not know, and a version it cannot convert, in one line each", async () => {
    const mysql = await variant("mysql.json", (d) => (d.dialect = "mysql"));
    await expect(readSnapshotFile(mysql)).rejects.toThrow(/^snapshot file .*mysql\.json: snapshots of dialect "mysql" are not supported by this driftgate \(known: postgresql\)$/);
    const v1 = await variant("v1.json", (d) => (d.version = 1));
    await expect(readSnapshotFile(v1)).rejects.toThrow(/has format version 1; this driftgate reads version 3:/);
    const none = await variant("none.json", (d) => delete d.dialect);
    await expect(readSnapshotFile(none)).rejects.toThrow(/must have required property 'dialect'/);
  });
});
