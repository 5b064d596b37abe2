/**
 * Faults on the way to a server, for real: a proxy that goes silent mid-command, cuts or refuses; a table
 * under ACCESS EXCLUSIVE; wrong and missing passwords against a cluster with password authentication.
 * Every command that reads a store ends with exit 3 and one line, within a bound, and leaves no session
 * behind on the server.
 */
import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCliInProcess, type CliRun } from "../helpers/run-cli-in-process.js";
import { createScratchDatabase, serverUrl, type ScratchDatabase } from "../helpers/server-database.js";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy.js";
import { clusterUnavailable, startTestCluster, type TestCluster } from "../helpers/test-cluster.js";

/** A folder with what scan, fit and probe need: a schema naming the table, and one document. */
async function workFolder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "driftgate-faults-"));
  await mkdir(join(dir, "schemas"));
  const schema = {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://example.invalid/item.json",
    "x-driftgate": { table: "public.items" },
    type: "object",
    properties: { id: { type: "integer" } },
  };
  await writeFile(join(dir, "schemas", "item.schema.json"), JSON.stringify(schema));
  await writeFile(join(dir, "doc.json"), JSON.stringify({ id: 1 }));
  return dir;
}

async function timed(run: () => Promise<CliRun>): Promise<CliRun & { ms: number }> {
  const started = Date.now();
  const result = await run();
  return { ...result, ms: Date.now() - started };
}

function expectOneLine(run: CliRun, pattern: RegExp): void {
  expect(run.stderr.endsWith("\n") && run.stderr.split("\n").length === 2, `one line on stderr, got: ${run.stderr}`).toBe(true);
  expect(run.stderr).toMatch(pattern);
}

describe.runIf(serverUrl)("a network that fails under a command", () => {
  let db: ScratchDatabase;
  let proxy: TcpProxy;
  let dir: string;
  let proxied: string;

  beforeAll(async () => {
    db = await createScratchDatabase("dg_faults");
    await db.exec("CREATE TABLE public.items (id int PRIMARY KEY, doc jsonb); INSERT INTO public.items SELECT g, '{}' FROM generate_series(1, 2000) g");
    const target = new URL(db.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const url = new URL(db.url);
    url.host = proxy.address;
    proxied = url.toString();
    dir = await workFolder();
  });
  afterAll(async () => {
    await proxy?.close();
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => proxy.forward());

  const sessionsLeft = async () => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      const { rows } = await client.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'driftgate'", [db.name]);
      return rows[0].n as number;
    } finally {
      await client.end();
    }
  };
  /** The server notices the dropped connection at once; give it a moment to end the backend. */
  const expectNoSessionLeft = async (command?: string) => {
    for (let i = 0; i < 60 && (await sessionsLeft()) > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await sessionsLeft(), command).toBe(0);
  };

  // Silence bound with --statement-timeout 1000: 1 000 + 2 000 ms margin.
  const cases: [string, RegExp, (url: string) => string[]][] = [
    ["snapshot", /BEGIN ISOLATION LEVEL REPEATABLE READ/, (url) => ["snapshot", url]],
    ["check", /BEGIN ISOLATION LEVEL REPEATABLE READ/, (url) => ["check", url, db.url, "--schemas", join(dir, "schemas")]],
    ["scan", /COPY/, (url) => ["scan", url, "--schema", "item.schema.json", "--schemas-dir", join(dir, "schemas")]],
    ["probe", /INSERT/, (url) => ["probe", url, join(dir, "doc.json"), "--table", "public.items"]],
    ["fit", /BEGIN ISOLATION LEVEL REPEATABLE READ/, (url) => ["fit", "item.schema.json", url, "--schemas-dir", join(dir, "schemas")]],
  ];

  for (const [command, when, argv] of cases) {
    it(`${command}: the network goes silent mid-command -> exit 3 within the round-trip bound, no session left`, async () => {
      proxy.stallWhen(when);
      const run = await timed(() => runCliInProcess([...argv(proxied), "--statement-timeout", "1000"], { cwd: dir }));
      // Measured from the moment the network went silent: loading the command's modules is not the bound's business.
      const sinceStall = Date.now() - proxy.stalledAt!;
      expect(run.code, run.stderr).toBe(3);
      // probe adds that an unfinished probe is no verdict.
      expectOneLine(run, /no answer from the server for 3000 ms, longer than its statement timeout allows: the network or the server stalled, so the connection was dropped(; the probe could not run, which says nothing about the documents: no verdict)?\n$/);
      expect(sinceStall).toBeGreaterThanOrEqual(2_900);
      // Generous for a loaded machine: before the bound, these held for minutes.
      expect(sinceStall).toBeLessThan(8_000);
      await expectNoSessionLeft();
    });
  }

  it("--timeout bounds the whole command whatever the statement timeout: exit 3, one line", async () => {
    for (const [command, when, argv] of cases) {
      proxy.forward();
      proxy.stallWhen(when);
      const run = await timed(() => runCliInProcess([...argv(proxied), "--timeout", "1500"], { cwd: dir }));
      expect(run.code, `${command}: ${run.stderr}`).toBe(3);
      expectOneLine(run, /^driftgate: (.*: )?gave up after 1500 ms \(--timeout\): the store did not answer in time, and its connections were dropped\n$/);
      expect(run.ms, command).toBeLessThan(8_000);
      await expectNoSessionLeft(command);
    }
  });

  it("a connection cut mid-stream or refused: exit 3, one line", async () => {
    proxy.stallWhen(/COPY/);
    const pending = runCliInProcess(["scan", proxied, "--schema", "item.schema.json", "--schemas-dir", join(dir, "schemas")], { cwd: dir });
    // Cut once the COPY is under way, not before the command has even connected.
    for (let i = 0; i < 300 && !proxy.stalled; i++) await new Promise((r) => setTimeout(r, 50));
    expect(proxy.stalled).toBe(true);
    proxy.cut();
    const cut = await pending;
    expect(cut.code).toBe(3);
    expectOneLine(cut, /^driftgate: scan of public\.items failed/);

    // A network silent from the first byte: connecting gives up at --connect-timeout, retries included.
    proxy.forward();
    proxy.stall();
    const silent = await timed(() => runCliInProcess(["snapshot", proxied, "--connect-timeout", "1000"], { cwd: dir }));
    expect(silent.code).toBe(3);
    expectOneLine(silent, /^driftgate: cannot connect to .*timeout/);
    expect(silent.ms).toBeLessThan(5_000);

    proxy.refuse();
    const refused = await timed(() => runCliInProcess(["snapshot", proxied, "--connect-timeout", "2000"], { cwd: dir }));
    expect(refused.code).toBe(3);
    expectOneLine(refused, /^driftgate: cannot connect to /);
    expect(refused.ms).toBeLessThan(5_000);
  });

  it("a slow network that still answers is not a stall", async () => {
    proxy.delay(50);
    const run = await runCliInProcess(["snapshot", proxied, "--statement-timeout", "1000"], { cwd: dir });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });

  it("--lock-timeout: a table under ACCESS EXCLUSIVE makes scan (and snapshot, probe) exit 3 naming the lock, not wait", async () => {
    const locker = new pg.Client({ connectionString: db.url });
    await locker.connect();
    try {
      await locker.query("BEGIN; LOCK TABLE public.items IN ACCESS EXCLUSIVE MODE");
      const scan = await timed(() => runCliInProcess(["scan", db.url, "--schema", "item.schema.json", "--schemas-dir", join(dir, "schemas"), "--lock-timeout", "500"], { cwd: dir }));
      expect(scan.code).toBe(3);
      expectOneLine(
        scan,
        /^driftgate: scan of public\.items failed while reading rows after row 0: canceling statement due to lock timeout \(SQLSTATE 55P03\) \(waited 500 ms for a lock on public\.items that another session holds: retry when it is released, or raise --lock-timeout\)\n$/,
      );
      expect(scan.ms).toBeLessThan(4_000);
      const probe = await runCliInProcess(["probe", db.url, join(dir, "doc.json"), "--table", "public.items", "--lock-timeout", "500"], { cwd: dir });
      expect(probe.code).toBe(3);
      expectOneLine(
        probe,
        /^driftgate: probe of public\.items failed: canceling statement due to lock timeout \(SQLSTATE 55P03\); the probe could not run \(a lock held by another session outlasted the lock timeout \(--lock-timeout\)\), which says nothing about the documents: no verdict\n$/,
      );
      const snapshot = await timed(() => runCliInProcess(["snapshot", db.url, "--lock-timeout", "500"], { cwd: dir }));
      expect(snapshot.code).toBe(3);
      expectOneLine(snapshot, /failed: canceling statement due to lock timeout \(SQLSTATE 55P03\) after waiting 500 ms for a lock another session holds on the catalog or a table: retry when it is released, or raise --lock-timeout\n$/);
      expect(snapshot.ms).toBeLessThan(4_000);
      // The default is the same on every command, and the scan that has no flag given still gives up.
      const byDefault = await timed(() => runCliInProcess(["scan", db.url, "--schema", "item.schema.json", "--schemas-dir", join(dir, "schemas")], { cwd: dir }));
      expect(byDefault.code).toBe(3);
      expect(byDefault.stderr).toMatch(/waited 5000 ms for a lock on public\.items/);
    } finally {
      await locker.query("ROLLBACK").catch(() => undefined);
      await locker.end();
    }
  });

  it("every command that reads a store has --lock-timeout and --timeout, with one default", async () => {
    for (const command of ["snapshot", "check", "diff", "fit", "probe", "scan"]) {
      const help = await runCliInProcess([command, "--help"]);
      expect(help.stdout, command).toMatch(/--lock-timeout <ms>[\s\S]*\(default:\s+5000\)/);
      expect(help.stdout, command).toMatch(/--timeout <ms>[\s\S]*\(default:\s+1800000\)/);
    }
    const bad = await runCliInProcess(["scan", db.url, "--schema", "x", "--lock-timeout", "99999999999"]);
    expect(bad.code).toBe(2);
  });
});

describe.skipIf(clusterUnavailable)(`passwords against a cluster with password authentication${clusterUnavailable ? ` (skipped: ${clusterUnavailable})` : ""}`, () => {
  let cluster: TestCluster;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    cluster = await startTestCluster({ tls: false });
    dir = await workFolder();
    env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("PG")));
    env.HOME = dir; // no ~/.pgpass
  });
  afterAll(async () => {
    await cluster?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const commands = (url: string): string[][] => [
    ["snapshot", url],
    ["check", url, url, "--schemas", join(dir, "schemas")],
    ["diff", url, url, "--schemas", join(dir, "schemas")],
    ["fit", "item.schema.json", url, "--schemas-dir", join(dir, "schemas")],
    ["scan", url, "--schema", "item.schema.json", "--schemas-dir", join(dir, "schemas")],
    ["probe", url, join(dir, "doc.json"), "--table", "public.items"],
  ];

  it("the right password connects", async () => {
    const run = await runCliInProcess(["snapshot", cluster.url()], { cwd: dir, env });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain(cluster.password);
  });

  it("a wrong password: exit 3, one line naming the fix, the password never printed", async () => {
    const wrong = `Wr0ng:/@#?pw-${cluster.password.slice(3)}`;
    for (const argv of commands(cluster.url({ password: wrong }))) {
      const run = await runCliInProcess(argv, { cwd: dir, env });
      expect(run.code, `${argv[0]}: ${run.stderr}`).toBe(3);
      expectOneLine(run, /password authentication failed for user "dg_password_user" \(SQLSTATE 28P01\): check the password in the URL or PGPASSWORD\n$/);
      for (const text of [run.stdout, run.stderr]) {
        expect(text).not.toContain(wrong);
        expect(text).not.toContain(encodeURIComponent(wrong));
      }
    }
    const viaEnv = await runCliInProcess(["snapshot", cluster.url({ password: null })], { cwd: dir, env: { ...env, PGPASSWORD: "not-the-password-42" } });
    expect(viaEnv.code).toBe(3);
    expectOneLine(viaEnv, /SQLSTATE 28P01/);
    expect(viaEnv.stderr).not.toContain("not-the-password-42");
  });

  it("no password at all: exit 3, one line saying where to put one", async () => {
    for (const argv of commands(cluster.url({ password: null }))) {
      const run = await runCliInProcess(argv, { cwd: dir, env });
      expect(run.code, `${argv[0]}: ${run.stderr}`).toBe(3);
      expectOneLine(
        run,
        /: the server asks for a password and none was given for user "dg_password_user": put it in the URL \(user:password@ before the host\), set PGPASSWORD, or add it to ~\/\.pgpass\n$/,
      );
    }
  });

  it("PGPASSWORD and a ~/.pgpass file supply the password a URL leaves out", async () => {
    const viaEnv = await runCliInProcess(["snapshot", cluster.url({ password: null })], { cwd: dir, env: { ...env, PGPASSWORD: cluster.password } });
    expect(viaEnv.code, viaEnv.stderr).toBe(0);
    const passfile = join(dir, "pgpass");
    await writeFile(passfile, `# comment\nother:*:*:*:nope\n127.0.0.1:${cluster.port}:*:${cluster.user}:${cluster.password.replace(/[:\\]/g, "\\$&")}\n`, { mode: 0o600 });
    const viaFile = await runCliInProcess(["snapshot", cluster.url({ password: null })], { cwd: dir, env: { ...env, PGPASSFILE: passfile } });
    expect(viaFile.code, viaFile.stderr).toBe(0);
  });
});
