import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../../src/cli/commands/index.js";
import { runCliInProcess } from "../../helpers/run-cli-in-process.js";

const REPO = path.resolve(import.meta.dirname, "../../..");

describe("--help", () => {
  it.each(COMMANDS.map((c) => c.name))("of %s ends with examples", async (name) => {
    const run = await runCliInProcess([name, "--help"]);
    expect(run.code).toBe(0);
    const tail = run.stdout.slice(run.stdout.lastIndexOf("Examples:"));
    expect(tail.startsWith("Examples:"), run.stdout).toBe(true);
    expect(tail).toMatch(new RegExp(`^  \\$ driftgate ${name}\\b`, "m"));
  });

  it("names only files this repository ships", () => {
    for (const entry of COMMANDS) {
      for (const word of entry.examples.join(" ").split(/\s+/)) {
        if (/^(examples|test|schemas|environments)\//.test(word)) expect(existsSync(path.join(REPO, word)), word).toBe(true);
      }
    }
  });
});
