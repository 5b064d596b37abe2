/**
 * `driftgate snapshot` end to end, in-process: exit codes, one-line errors, no secrets anywhere, and
 * nothing half-written at the output path.
 */
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv } from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SNAPSHOT_FORMAT_VERSION, type Snapshot } from "../../src/dialects/postgresql/model/snapshot.js";
import { adminExec, createScratchDatabase, serverUrl, uniqueRole, type ScratchDatabase } from "../helpers/server-database.js";
import { runCliInProcess, type CliRun } from "../helpers/run-cli-in-process.js";

const PASSWORD = "Sn4pshot-Pa55word";

let dir: string;
let good: string;
let goodBytes: string;
let closedPort: number;

const cli = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> =>
  runCliInProcess(["snapshot", ...args], { cwd: dir, env: { ...env } });

/** A failed run: the exit code and exactly one line on stderr, no stack trace, nothing on stdout. */
function expectOneLineFailure(run: CliRun, code: number, pattern: RegExp): void {
  expect(run.code, run.stderr).toBe(code);
  expect(run.stdout).toBe("");
  expect(run.stderr).toMatch(/^driftgate: [^\n]+\n$/);
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "dg-snapshot-cli-"));
  await mkdir(join(dir, "environments"));
  // An extension, so the SQL path must start PGlite with the citext bundle; and names that need quoting.
  await writeFile(
    join(dir, "store.sql"),
    [
      "CREATE EXTENSION citext;",
      'CREATE SCHEMA "app space";',
      'CREATE TABLE "app space"."Weird; Table" ("quoted ""col""" citext PRIMARY KEY, n numeric(10,2) NOT NULL DEFAULT 0);',
      "CREATE TABLE public.plain (id int PRIMARY KEY);",
    ].join("\n"),
  );
  // A relative -o lands in the command's working directory (not the test process's).
  const run = await cli(["store.sql", "-o", "good.json"]);
  expect(run.code, run.stderr).toBe(0);
  good = join(dir, "good.json");
  goodBytes = await readFile(good, "utf8");
  closedPort = await freePort();
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("driftgate snapshot", () => {
  it("snapshots SQL that creates an extension, and writes a file that validates against the published schema", async () => {
    const snapshot = JSON.parse(goodBytes) as Snapshot;
    const schema = JSON.parse(await readFile(new URL("../../schemas/snapshot.schema.json", import.meta.url), "utf8")) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(snapshot), JSON.stringify(validate.errors)).toBe(true);
    expect(snapshot.origin).toEqual({ kind: "migrations", label: "store.sql", includeSchemas: [], excludeSchemas: [] });
    expect(snapshot.content.extensions.map((e) => e.name)).toEqual(["citext", "plpgsql"]);
    const weird = snapshot.content.tables.find((t) => t.schema === "app space")!;
    expect(weird.name).toBe("Weird; Table");
    expect(weird.columns.map((c) => [c.name, c.type])).toEqual([
      ['quoted "col"', "public.citext"],
      ["n", "numeric(10,2)"],
    ]);
  });

  it("reports what it wrote on stderr (with the label it was captured under) and leaves no temporary file", async () => {
    const run = await cli(["good.json", "-o", join(dir, "again.json")]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^snapshot of store\.sql written to \S+again\.json: 2 tables, 0 views, 0 routines, 0 unmodelled objects \(sha256:[0-9a-f]{12}\)\n$/);
    expect(await readFile(join(dir, "again.json"), "utf8")).toBe(goodBytes);
    expect((await readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("prints the same canonical bytes to stdout", async () => {
    const run = await cli(["good.json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(goodBytes);
  });

  describe("refuses bad input with exit 2 and one line", () => {
    const variant = async (name: string, change: (s: Record<string, any>) => void): Promise<string> => {
      const data = JSON.parse(goodBytes) as Record<string, any>;
      change(data);
      await writeFile(join(dir, name), JSON.stringify(data));
      return name;
    };

    it("a snapshot whose content no longer matches its fingerprint", async () => {
      const file = await variant("edited.json", (s) => (s.content.tables[0].name = "renamed"));
      expectOneLineFailure(await cli([file]), 2, /edited\.json is corrupt: its content does not match its fingerprint/);
    });

    it("a snapshot of another format version", async () => {
      const file = await variant("v2.json", (s) => (s.version = SNAPSHOT_FORMAT_VERSION + 1));
      expectOneLineFailure(await cli([file]), 2, new RegExp(`has format version ${SNAPSHOT_FORMAT_VERSION + 1}; this driftgate reads version ${SNAPSHOT_FORMAT_VERSION}:`));
    });

    it("a snapshot that breaks the schema", async () => {
      const file = await variant("bad-shape.json", (s) => (s.content.tables[0].kind = "table"));
      expectOneLineFailure(await cli([file]), 2, /bad-shape\.json is invalid: \/content\/tables\/0\/kind/);
    });

    it("a file that is not JSON, or was cut off half-way", async () => {
      await writeFile(join(dir, "not.json"), "this is { not json");
      expectOneLineFailure(await cli(["not.json"]), 2, /not\.json is not valid JSON/);
      await writeFile(join(dir, "half.json"), goodBytes.slice(0, Math.floor(goodBytes.length / 2)));
      expectOneLineFailure(await cli(["half.json"]), 2, /half\.json is not valid JSON/);
    });

    it("JSON that is not a snapshot", async () => {
      await writeFile(join(dir, "other.json"), JSON.stringify({ hello: "world" }));
      expectOneLineFailure(await cli(["other.json"]), 2, /other\.json is not a driftgate snapshot/);
    });

    it("a file that does not exist, or an unknown environment", async () => {
      await writeFile(join(dir, "environments", "prod.json"), JSON.stringify({ store: "good.json" }));
      expectOneLineFailure(await cli(["missing.json"]), 2, /unknown store "missing\.json".*\(known: prod\)/);
      expectOneLineFailure(await cli(["staging"]), 2, /unknown store "staging"/);
    });

    it("an environment whose store uses an unset ${VAR}, without printing the rest of the URL's secrets", async () => {
      await writeFile(
        join(dir, "environments", "needs-var.json"),
        JSON.stringify({ store: `postgres://dg:${PASSWORD}@127.0.0.1:${closedPort}/\${DG_TEST_DB_NAME}` }),
      );
      const run = await cli(["needs-var"]);
      expectOneLineFailure(run, 2, /environment "needs-var": store uses \$\{DG_TEST_DB_NAME\}, which is not set/);
      expect(run.stderr).not.toContain(PASSWORD);
    });

    it("an output folder that does not exist: nothing is created", async () => {
      const before = (await readdir(dir)).sort();
      expectOneLineFailure(await cli(["good.json", "-o", join(dir, "no-such-folder", "out.json")]), 2, /cannot write .*out\.json: no such folder/);
      expect((await readdir(dir)).sort()).toEqual(before);
    });

    it("a --schema filter on a snapshot file captured with another selection", async () => {
      expectOneLineFailure(await cli(["good.json", "--schema", "app space"]), 2, /good\.json was captured with every schema; it cannot be re-selected as schemas app space: capture the store again/);
    });
  });

  // Exit 3, not 2: whether a schema exists is a fact about the store (prod may lack what staging has),
  // and the gate must fail closed on it like on any store it cannot fully read. On a server when there
  // is one: the same engine path, without booting a second embedded database.
  it("fails with exit 3 for a --schema the store does not have", async () => {
    const store = serverUrl ?? "store.sql";
    expectOneLineFailure(await cli([store, "--schema", "public", "nope"]), 3, /schema\(s\) not found: nope\n$/);
  });

  describe("an unreachable store", () => {
    let blackHole: Server;
    let blackHolePort: number;
    const sockets: Socket[] = [];

    beforeAll(async () => {
      // Accepts connections and never answers: a server that hangs, on loopback.
      blackHole = createServer((socket) => void sockets.push(socket));
      await new Promise<void>((resolve) => blackHole.listen(0, "127.0.0.1", resolve));
      blackHolePort = (blackHole.address() as { port: number }).port;
    });

    afterAll(async () => {
      sockets.forEach((s) => s.destroy());
      await new Promise((resolve) => blackHole.close(resolve));
    });

    it("refused: exit 3, one line, the password masked, the output file neither created nor overwritten", async () => {
      await writeFile(join(dir, "keep.json"), goodBytes);
      const url = `postgres://dg:${PASSWORD}@127.0.0.1:${closedPort}/metadata`;
      const runs = [
        await cli([url, "-o", join(dir, "keep.json"), "--connect-timeout", "2000"]),
        await cli([url, "-o", join(dir, "created.json"), "--connect-timeout", "2000"]),
      ];
      for (const run of runs) {
        expectOneLineFailure(run, 3, /cannot connect to postgres:\/\/dg:\*\*\*@127\.0\.0\.1:\d+\/metadata: .*ECONNREFUSED/);
        expect(run.stderr).not.toContain(PASSWORD);
        expect(run.stderr).not.toContain(encodeURIComponent(PASSWORD));
      }
      expect(await readFile(join(dir, "keep.json"), "utf8")).toBe(goodBytes);
      expect((await readdir(dir)).filter((f) => f.startsWith("created") || f.endsWith(".tmp"))).toEqual([]);
    });

    it("refused, with passwords that need URL-encoding or sit in the query string: never printed", async () => {
      const odd = "p@ss:w/rd %Ünï";
      const urls = [
        `postgres://dg:${encodeURIComponent(odd)}@127.0.0.1:${closedPort}/metadata`,
        `postgres://dg@127.0.0.1:${closedPort}/metadata?password=${encodeURIComponent(odd)}&application_name=x`,
      ];
      for (const url of urls) {
        const run = await cli([url, "--connect-timeout", "2000"]);
        expectOneLineFailure(run, 3, /cannot connect to postgres:\/\/dg/);
        for (const form of [odd, encodeURIComponent(odd), "rd %"]) expect(run.stderr).not.toContain(form);
      }
    });

    it("hanging: exit 3 once --connect-timeout has passed, not much later", async () => {
      const timeout = 1500;
      const started = Date.now();
      const run = await cli([`postgres://dg:${PASSWORD}@127.0.0.1:${blackHolePort}/metadata`, "--connect-timeout", String(timeout)]);
      const elapsed = Date.now() - started;
      expectOneLineFailure(run, 3, /cannot connect to postgres:\/\/dg:\*\*\*@127\.0\.0\.1:\d+\/metadata/);
      expect(run.stderr).not.toContain(PASSWORD);
      expect(elapsed).toBeGreaterThanOrEqual(timeout * 0.9);
      expect(elapsed).toBeLessThan(timeout + 1500);
    });
  });
});

describe.runIf(serverUrl)("driftgate snapshot of a server, as a role with a password", () => {
  let db: ScratchDatabase;
  const role = uniqueRole("dg_pw");
  let url: string;

  beforeAll(async () => {
    db = await createScratchDatabase("dg_snapcli");
    await db.exec(`CREATE ROLE ${role} LOGIN PASSWORD '${PASSWORD}'; CREATE TABLE public.items (id int PRIMARY KEY, secret_note text)`);
    const parsed = new URL(db.url);
    parsed.username = role;
    parsed.password = PASSWORD;
    url = parsed.toString();
  });

  afterAll(async () => {
    await db?.drop();
    await adminExec(serverUrl!, `DROP ROLE IF EXISTS ${role}`);
  });

  it("keeps the password out of stdout, stderr and the written file", async () => {
    const toFile = await cli([url, "-o", join(dir, "server.json")]);
    expect(toFile.code, toFile.stderr).toBe(0);
    const written = await readFile(join(dir, "server.json"), "utf8");
    const toStdout = await cli([url]);
    expect(toStdout.code, toStdout.stderr).toBe(0);
    for (const text of [toFile.stdout, toFile.stderr, written, toStdout.stdout, toStdout.stderr]) {
      expect(text).not.toContain(PASSWORD);
    }
    const snapshot = JSON.parse(written) as Snapshot;
    expect(snapshot.origin.label).toBe(`postgres://${role}:***@127.0.0.1:5432/${db.name}`);
    expect(snapshot.content.tables.map((t) => t.name)).toEqual(["items"]);
  });

  it("a server that refuses the database: exit 3, SQLSTATE given, password masked", async () => {
    const parsed = new URL(url);
    parsed.pathname = "/dg_no_such_database";
    const run = await cli([parsed.toString(), "-o", join(dir, "never.json")]);
    expectOneLineFailure(run, 3, /cannot connect to postgres:\/\/dg_pw_[0-9a-f]+:\*\*\*@127\.0\.0\.1:5432\/dg_no_such_database: database "dg_no_such_database" does not exist \(SQLSTATE 3D000\)/);
    expect(run.stderr).not.toContain(PASSWORD);
    expect((await readdir(dir)).filter((f) => f.startsWith("never"))).toEqual([]);
  });

  it("keeps a password that came from an environment variable out of everything too", async () => {
    await writeFile(
      join(dir, "environments", "server.json"),
      JSON.stringify({ store: `postgres://${role}:\${DG_TEST_PW}@127.0.0.1:5432/${db.name}`, schemas: { include: ["public"] } }),
    );
    const run = await cli(["server", "-o", join(dir, "from-env.json")], { DG_TEST_PW: PASSWORD });
    expect(run.code, run.stderr).toBe(0);
    const written = await readFile(join(dir, "from-env.json"), "utf8");
    for (const text of [run.stdout, run.stderr, written]) expect(text).not.toContain(PASSWORD);
    expect((JSON.parse(written) as Snapshot).origin.includeSchemas).toEqual(["public"]);
  });
});
