import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";

// Faults that already held when issue 13 was filed, kept proven here so docs/reliability.md can cite them.
const REPO = path.resolve(import.meta.dirname, "../..");
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "dg-held-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("faults that held", () => {
  it("a host name that does not resolve: exit 3, one line, the password masked", async () => {
    const run = await runCliInProcess(["snapshot", "postgres://writer:Hunter2-secret@no-such-host.invalid:5432/meta", "--connect-timeout", "3000"], { cwd: dir });
    expect(run.code).toBe(3);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^driftgate: cannot connect to postgres:\/\/writer:\*\*\*@no-such-host\.invalid:5432\/meta: .*ENOTFOUND.*\n$/);
    expect(run.stderr).not.toContain("Hunter2");
  });

  it("concurrent writers of one output file: every write succeeds, the file is whole, no temporary file is left", async () => {
    const out = path.join(dir, "prod-copy.json");
    const runs = await Promise.all(
      Array.from({ length: 4 }, () => runCliInProcess(["snapshot", path.join(REPO, "environments/snapshots/prod.json"), "-o", out], { cwd: dir })),
    );
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const written = JSON.parse(await readFile(out, "utf8")) as { format: string };
    expect(written.format).toBe("driftgate.snapshot");
    expect((await readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});
