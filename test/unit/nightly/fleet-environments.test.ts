import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FLEET_STORE_PREFIX } from "../../../src/model/environment.js";
import { loadEnvironment } from "../../../src/sources/environments.js";
import { classifyStoreReference } from "../../../src/sources/store-reference.js";

const root = mkdtempSync(join(tmpdir(), "report-fleet-env-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function load(body: object, env: NodeJS.ProcessEnv = {}) {
  const dir = mkdtempSync(join(root, "e-"));
  mkdirSync(join(dir, "environments"));
  writeFileSync(join(dir, "environments", "prod.json"), JSON.stringify(body));
  return loadEnvironment("prod", { cwd: dir, env });
}

describe("fleet environments", () => {
  it("loads a single-store environment exactly as before, with no shards", async () => {
    const env = await load({ store: "postgres://h/meta" });
    expect(env.store).toBe("postgres://h/meta");
    expect(env.shards).toEqual([]);
  });

  it("names a list of stores by position and expands variables in each", async () => {
    const env = await load({ stores: ["postgres://u:${PW}@h1/meta", "postgres://h2/meta"] }, { PW: "pw" });
    expect(env.shards).toEqual([
      { name: "1", store: "postgres://u:pw@h1/meta" },
      { name: "2", store: "postgres://h2/meta" },
    ]);
    expect(env.store).toBe(`${FLEET_STORE_PREFIX}prod`);
  });

  it("expands a {shard} template over a list or a zero-padded range", async () => {
    expect((await load({ store: "postgres://h/t_{shard}", shards: ["acme", "globex"] })).shards.map((s) => s.store)).toEqual(["postgres://h/t_acme", "postgres://h/t_globex"]);
    const ranged = await load({ store: "postgres://h/m_{shard}", shards: { from: 8, to: 11, width: 3 } });
    expect(ranged.shards.map((s) => s.name)).toEqual(["008", "009", "010", "011"]);
  });

  it("refuses what cannot be meant", async () => {
    await expect(load({ store: "postgres://h/m_{shard}" })).rejects.toThrow(/\{shard\} but no "shards"/);
    await expect(load({ store: "postgres://h/m", shards: ["a"] })).rejects.toThrow(/needs a "store" template/);
    await expect(load({ store: "postgres://h/m_{shard}", shards: { from: 5, to: 1 } })).rejects.toThrow(/ends \(1\) before it starts/);
    await expect(load({ store: "x", stores: ["y"] })).rejects.toThrow(/invalid/);
    await expect(load({ stores: ["y"], shards: ["a"] })).rejects.toThrow(/invalid/);
    await expect(load({})).rejects.toThrow(/invalid/);
  });

  it("a fleet's store is refused by every single-store command with one clear line", async () => {
    await expect(classifyStoreReference(`${FLEET_STORE_PREFIX}prod`, { cwd: root, env: {} })).rejects.toThrow(/environment "prod" is a fleet of several stores/);
  });
});
