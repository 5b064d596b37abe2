import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { runCheckProbe } from "../../src/probe/check-probe.js";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";

const fixtures = path.resolve(import.meta.dirname, "../fixtures/probe");

describe('probe and environments marked "probe": false', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "dg-probe-env-"));
    await mkdir(path.join(dir, "environments"));
    const store = path.join(fixtures, "store");
    await writeFile(path.join(dir, "environments", "prod.json"), JSON.stringify({ store, probe: false, description: "production" }));
    await writeFile(path.join(dir, "environments", "test.json"), JSON.stringify({ store }));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const docs = path.join(fixtures, "docs", "applications.ndjson");

  it("is refused without --force (exit 2, before any store is opened)", async () => {
    const run = await runCliInProcess(["probe", "prod", "--table", "public.applications", docs], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      `driftgate: environment "prod" does not allow trial writes ("probe": false in ${path.join(dir, "environments", "prod.json")}); pass --force to probe it anyway\n`,
    );
  });

  it("runs with --force, against the SQL-migration store the environment names", async () => {
    const run = await runCliInProcess(["probe", "prod", "--force", "--table", "public.applications", docs], { cwd: dir });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${docs}:3 rejected: new row for relation "applications" violates check constraint "applications_owner_present"`);
    expect(run.stdout).toMatch(/probe of public\.applications in prod \(.*store\): 5 documents, 3 accepted, 2 rejected; nothing committed \(rolled back\)\n$/);
  });

  it("an empty input proves nothing and is bad input; a missing document file too", async () => {
    await writeFile(path.join(dir, "empty.ndjson"), "\n\n");
    const empty = await runCliInProcess(["probe", "test", "--table", "public.applications", "empty.ndjson"], { cwd: dir });
    expect(empty).toMatchObject({ code: 2, stderr: "driftgate: no documents to probe: the inputs hold no JSON document\n" });
    const missing = await runCliInProcess(["probe", "test", "--table", "public.applications", "nope.ndjson"], { cwd: dir });
    expect(missing).toMatchObject({ code: 2, stderr: "driftgate: document file not found: nope.ndjson\n" });
  });

  it("check --probe: both stores are checked for probe: false before either is opened; then SOURCE-accepted, TARGET-rejected documents are breaking", async () => {
    const base = { docs: [docs], table: "public.applications", cwd: dir, env: process.env, stdin: process.stdin };
    const refused = await runCheckProbe({ ...base, source: path.join(fixtures, "store", "001-applications.sql"), target: "prod" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as Error).message).toMatch(/^environment "prod" does not allow trial writes/);

    // SOURCE is the store before the NOT VALID owner rule; TARGET (the "test" environment) has it.
    const outcome = await runCheckProbe({ ...base, source: path.join(fixtures, "store", "001-applications.sql"), target: "test" });
    expect(outcome.source.filter((r) => r.outcome === "rejected")).toHaveLength(1);
    expect(outcome.target.filter((r) => r.outcome === "rejected")).toHaveLength(2);
    expect(outcome.findings).toHaveLength(1);
    expect(outcome.findings[0]).toMatchObject({
      rule: "probe-rejected-in-target",
      severity: "breaking",
      object: "public.applications",
      message: `document ${docs}:3 is accepted by SOURCE and rejected by TARGET: new row for relation "applications" violates check constraint "applications_owner_present" (SQLSTATE 23514, constraint applications_owner_present)`,
    });
  });
});
