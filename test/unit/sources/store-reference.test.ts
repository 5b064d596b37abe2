import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { classifyStoreReference } from "../../../src/sources/store-reference.js";

describe("classifyStoreReference", () => {
  let cwd: string;
  const options = () => ({ cwd, env: {} });

  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), "dg-ref-"));
    await mkdir(join(cwd, "environments"));
    await writeFile(join(cwd, "environments", "test.json"), JSON.stringify({ store: "../migrations" }));
    // A folder with the same name as an environment, as in this repository (test/ and the "test" environment).
    await mkdir(join(cwd, "test"));
    await writeFile(join(cwd, "test", "a.sql"), "select 1;");
    await writeFile(join(cwd, "snap.json"), "{}");
  });

  it("prefers an environment over a same-named folder", async () => {
    expect((await classifyStoreReference("test", options())).kind).toBe("environment");
  });

  it("reaches the folder when written as a path", async () => {
    expect((await classifyStoreReference("./test", options())).kind).toBe("sql");
  });

  it("classifies URLs, snapshot files and SQL, and never shows a password", async () => {
    const url = await classifyStoreReference("postgres://app:hunter2@db/meta", options());
    expect(url).toMatchObject({ kind: "url", label: "postgres://app:***@db/meta" });
    expect((await classifyStoreReference("snap.json", options())).kind).toBe("snapshot-file");
    expect((await classifyStoreReference("test/a.sql", options())).kind).toBe("sql");
  });

  it("rejects an unknown reference with the environments it knows", async () => {
    await expect(classifyStoreReference("prod", options())).rejects.toThrow(/unknown store "prod".*known: test/);
    await expect(classifyStoreReference("mysql://x/y", options())).rejects.toThrow(/unsupported store URL scheme/);
  });
});
