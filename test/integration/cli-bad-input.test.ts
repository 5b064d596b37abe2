/**
 * Bad input is exit 2 and one line, found before any store is touched: a mistyped folder (it used to
 * switch write-schema fitting off silently), an impossible number (it used to reach the server and come
 * back as exit 3), input with no documents (validate used to pass it), a $ref cycle (it used to be
 * "Maximum call stack size exceeded").
 */
import { copyFileSync, readFileSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/commands/index.js";
import { runCliInProcess, type CliRun } from "../helpers/run-cli-in-process.js";
import { COMMITTED_PROD_SNAPSHOT, REPO, tempDir, writeJson } from "./check-support.js";

const dir = tempDir("dg-bad-input-");
const run = (args: string[], stdin?: string) => runCliInProcess(args, { cwd: dir.path, stdin });

function expectOneLine(result: CliRun, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr).toMatch(/^[^\n]+\n(\(run with --help for usage\)\n)?$/);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

// A server that only counts connections: "before connecting" means it saw none.
let listener: Server;
let connections = 0;
let url: string;

beforeAll(async () => {
  listener = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  url = `postgres://u@127.0.0.1:${(listener.address() as { port: number }).port}/db`;
  copyFileSync(COMMITTED_PROD_SNAPSHOT, join(dir.path, "prod.json"));
  writeJson(join(dir.path, "doc.json"), { a: 1 });
  writeJson(join(dir.path, "s.schema.json"), { $schema: "http://json-schema.org/draft-07/schema#", type: "object" });
  mkdirSync(join(dir.path, "a-file-not-a-folder.d"));
  writeFileSync(join(dir.path, "plain.txt"), "x");
});
afterAll(async () => {
  await new Promise((resolve) => listener.close(resolve));
  dir.remove();
});

describe("a folder or file named on the command line must exist; the defaults may be absent", () => {
  const cases: [string, string[]][] = [
    ["check --schemas", ["check", "prod.json", "prod.json", "--schemas", "./no-such-dir"]],
    ["check --environments", ["check", "prod.json", "prod.json", "--environments", "./no-such-dir"]],
    ["check --waivers", ["check", "prod.json", "prod.json", "--waivers", "./no-such-file.json"]],
    ["check -o into a missing folder", ["check", "prod.json", "prod.json", "-o", "no-such-dir/report.txt"]],
    ["check -o onto a folder", ["check", "prod.json", "prod.json", "-o", "a-file-not-a-folder.d"]],
    ["diff --schemas", ["diff", "prod.json", "prod.json", "--schemas", "./no-such-dir"]],
    ["snapshot -o into a missing folder", ["snapshot", "prod.json", "-o", "no-such-dir/x.json"]],
    ["validate --schemas-dir", ["validate", "./s.schema.json", "doc.json", "--schemas-dir", "./no-such-dir"]],
    ["compat --schemas-dir", ["compat", "./s.schema.json", "./s.schema.json", "--schemas-dir", "./no-such-dir"]],
    ["fit --schemas-dir", ["fit", "./s.schema.json", "prod.json", "--table", "catalog.datasets", "--schemas-dir", "./no-such-dir"]],
    ["scan --schemas-dir", ["scan", "URL", "--schema", "./s.schema.json", "--schemas-dir", "./no-such-dir"]],
    ["--schemas naming a file", ["check", "prod.json", "prod.json", "--schemas", "plain.txt"]],
  ];
  for (const [name, args] of cases) {
    it(`${name}: exit 2, one line naming it`, async () => {
      const resolved = args.map((a) => (a === "URL" ? url : a));
      const result = await run(resolved);
      expectOneLine(result, /no-such|a-file-not-a-folder|plain\.txt/);
      expect(connections).toBe(0);
    });
  }

  it("a snapshot file of a dialect this driftgate does not know: exit 2, one line naming the file and the dialects it knows", async () => {
    const data = JSON.parse(readFileSync(join(dir.path, "prod.json"), "utf8")) as { dialect: string };
    data.dialect = "mysql";
    writeJson(join(dir.path, "mysql.json"), data);
    const result = await run(["check", "prod.json", "mysql.json"]);
    expectOneLine(result, /mysql\.json: snapshots of dialect "mysql" are not supported by this driftgate \(known: postgresql\)/);
  });

  it("--schemas ./no-such-dir no longer drops write-schema fitting on the bundled example: it is refused", async () => {
    const result = await runCliInProcess(["check", "test", "prod", "--schemas", "./no-such-dir"], { cwd: REPO });
    expectOneLine(result, /--schemas \.\/no-such-dir: no such folder/);
  });

  it("absent defaults are fine (no schemas/, no environments/ in the working directory)", async () => {
    const result = await run(["check", "prod.json", "prod.json"]);
    expect(result.code, result.stderr).toBe(0);
  });
});

describe("numeric flags: whole numbers in range, refused before connecting", () => {
  const argsFor: Record<string, string[]> = {
    snapshot: ["URL"],
    check: ["URL", "URL"],
    diff: ["URL", "URL"],
    fit: ["./s.schema.json", "URL", "--table", "a.b"],
    probe: ["URL", "doc.json", "--table", "a.b"],
    scan: ["URL", "--schema", "./s.schema.json", "--table", "a.b"],
  };

  it("every <ms> and <n> flag of every command refuses out-of-range, negative, fractional and non-decimal values", async () => {
    let tried = 0;
    for (const { name, load } of COMMANDS) {
      const command: Command = (await load())({ io: undefined as never, setExit: () => undefined });
      const numeric = command.options.filter((o) => /<(ms|n|seconds|s)>/.test(o.flags));
      for (const option of numeric) {
        // Milliseconds end where PostgreSQL's and Node's timers do; a count ends at the largest exact integer.
        const huge = option.flags.includes("<ms>") ? ["99999999999", "2147483648"] : ["99999999999999999999"];
        for (const value of [...huge, "-5", "1.5", "1e3", "0x10", "abc", ""]) {
          const positional = (argsFor[name] ?? []).map((a) => (a === "URL" ? url : a));
          const result = await run([name, ...positional, option.long!, value]);
          expect(result.code, `${name} ${option.long} ${value}: ${result.stderr}`).toBe(2);
          expect(result.stderr, `${name} ${option.long} ${value}`).toMatch(/must be a whole number from \d+ to \d+/);
          tried += 1;
        }
      }
    }
    // connect, statement timeouts on every store command, probe's lock timeout, scan's --limit-errors
    expect(tried).toBeGreaterThanOrEqual(7 * 12);
    expect(connections).toBe(0);
  });

  it("the largest value PostgreSQL takes is accepted", async () => {
    const result = await run(["snapshot", "prod.json", "--statement-timeout", "2147483647", "--connect-timeout", "1"]);
    expect(result.code, result.stderr).toBe(0);
  });
});

describe("no documents is bad input, for validate as for probe", () => {
  beforeAll(() => {
    writeFileSync(join(dir.path, "empty.json"), "");
    writeFileSync(join(dir.path, "blank.json"), " \n\t\n");
    writeFileSync(join(dir.path, "empty.ndjson"), "");
    writeFileSync(join(dir.path, "blank.ndjson"), "\n\n  \n");
  });

  for (const format of ["text", "json"]) {
    it(`${format}: empty file, blank file, empty NDJSON, blank NDJSON, empty stdin: exit 2 and nothing on stdout`, async () => {
      for (const docs of ["empty.json", "blank.json", "empty.ndjson", "blank.ndjson", "-"]) {
        const result = await run(["validate", "./s.schema.json", docs, "--format", format], docs === "-" ? "" : undefined);
        expectOneLine(result, /empty|no documents/);
      }
    });
  }

  it("probe says the same, before connecting", async () => {
    for (const docs of ["empty.json", "empty.ndjson"]) expectOneLine(await run(["probe", url, docs, "--table", "a.b"]), /empty|no documents/);
    expect(connections).toBe(0);
  });
});

describe("a circular $ref is named, not a stack overflow", () => {
  beforeAll(() => {
    writeJson(join(dir.path, "cycle.schema.json"), {
      $schema: "http://json-schema.org/draft-07/schema#",
      $ref: "#/definitions/a",
      definitions: { a: { $ref: "#/definitions/b" }, b: { allOf: [{ $ref: "#/definitions/a" }] } },
    });
    // Recursion that steps into the document is fine: a tree.
    writeJson(join(dir.path, "tree.schema.json"), {
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "object",
      properties: { children: { type: "array", items: { $ref: "#" } } },
    });
    writeJson(join(dir.path, "tree.json"), { children: [{ children: [] }] });
  });

  it("validate, compat and fit name the cycle (exit 2)", async () => {
    for (const args of [
      ["validate", "./cycle.schema.json", "doc.json"],
      ["compat", "./cycle.schema.json", "./s.schema.json"],
      ["compat", "./s.schema.json", "./cycle.schema.json"],
      ["fit", "./cycle.schema.json", "prod.json", "--table", "catalog.datasets"],
    ]) {
      const result = await run(args);
      expectOneLine(result, /circular \$ref cycle\.schema\.json#\/definitions\/a -> #\/definitions\/b -> #\/definitions\/b\/allOf\/0 -> #\/definitions\/a/);
      expect(result.stderr).not.toMatch(/call stack/);
    }
  });

  it("a recursive schema that steps into the document still validates", async () => {
    const result = await run(["validate", "./tree.schema.json", "tree.json"]);
    expect(result.code, result.stderr).toBe(0);
  });
});

