/**
 * No password, nor a piece of one, in any command's output, error line, report format or written file,
 * whatever the URL shape and whatever printable characters the password holds. The "bad PostgreSQL URL"
 * error used to print passwords holding an unencoded `/`, `@`, `#`, `?` or `:` (or their second half).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoPiece, randomPassword, seeded, urlShapes } from "../helpers/password-shapes.js";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";
import { COMMITTED_PROD_SNAPSHOT, tempDir, writeJson } from "./check-support.js";

const dir = tempDir("dg-secrets-");
const random = seeded(2026);
const PASSWORDS = ["Gen/er@ted#pa?ss:w0rd", randomPassword(random), randomPassword(random)];

beforeAll(() => {
  copyFileSync(COMMITTED_PROD_SNAPSHOT, join(dir.path, "prod.json"));
  writeJson(join(dir.path, "doc.json"), { a: 1 });
  writeJson(join(dir.path, "s.schema.json"), { $schema: "http://json-schema.org/draft-07/schema#", type: "object" });
  mkdirSync(join(dir.path, "environments"));
  writeJson(join(dir.path, "environments", "live.json"), { store: "${LIVE_URL}" });
});
afterAll(() => dir.remove());

/** Each command's use of a store, and the formats its report comes in. */
function commandLines(url: string, out: string): string[][] {
  const t = ["--connect-timeout", "1000"];
  return [
    ["snapshot", url, ...t],
    ["snapshot", url, "-o", out, ...t],
    ...["text", "json", "markdown", "junit", "github", "html"].map((format) => ["check", url, "prod.json", "--format", format, ...t]),
    ["check", "prod.json", url, "--format", "json", "-o", out, ...t],
    ["diff", "prod.json", url, ...t],
    ["fit", "./s.schema.json", url, "--table", "catalog.datasets"],
    ["probe", url, "doc.json", "--table", "catalog.datasets", "--format", "json", ...t],
    ["scan", url, "--schema", "./s.schema.json", "--table", "catalog.datasets", "--format", "json", ...t],
  ];
}

describe("passwords of every printable character, in every URL shape, through every command", () => {
  PASSWORDS.forEach((password, p) => {
    it(`password ${p + 1} of ${PASSWORDS.length}`, async () => {
      const shapes = urlShapes(password);
      await Promise.all(
        shapes.flatMap((shape, s) =>
          commandLines(shape.url, `out-${p}-${s}.txt`).map(async (args) => {
            const out = `out-${p}-${s}.txt`;
            const result = await runCliInProcess(args, { cwd: dir.path });
            const written = existsSync(join(dir.path, out)) ? readFileSync(join(dir.path, out), "utf8") : "";
            const label = `${shape.name}: ${args.slice(0, 2).join(" ")}`;
            expect([2, 3], `${label}: ${result.stderr}`).toContain(result.code);
            expect(result.stderr, label).not.toMatch(/\n\s+at /);
            expectNoPiece(`${result.stdout}\n${result.stderr}\n${written}`, password);
          }),
        ),
      );
    });
  });

  it("from an environment file's ${VAR}, and in the environments chain", async () => {
    const runs = PASSWORDS.flatMap((password) =>
      urlShapes(password).flatMap((shape) =>
        [["snapshot", "live", "--connect-timeout", "1000"], ["check", "live", "prod.json", "--format", "github", "--connect-timeout", "1000"]].map(async (args) => {
          const result = await runCliInProcess(args, { cwd: dir.path, env: { ...process.env, LIVE_URL: shape.url } });
          expect([2, 3], `${shape.name}: ${result.stderr}`).toContain(result.code);
          expectNoPiece(`${result.stdout}\n${result.stderr}`, password);
        }),
      ),
    );
    await Promise.all(runs);
  });
});
