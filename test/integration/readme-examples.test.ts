import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";

/**
 * Every command the README shows (a line `$ driftgate ...` or `$ npx driftgate ...` in a code block) is
 * run as written from the repository root, and must end with the exit code the README gives (`(exit N)`)
 * and print every output line the README shows, in order. Only what changes from run to run is masked
 * (timestamps, fingerprints and finding ids, sequence values); a `...` line skips any number of lines.
 * So the README cannot go stale: a changed message or exit code fails here first.
 */
const REPO = path.resolve(import.meta.dirname, "../..");
const README = readFileSync(path.join(REPO, "README.md"), "utf8");

interface Example {
  readonly line: number;
  readonly command: string;
  readonly output: readonly string[];
  readonly exit: number | null;
}

function examples(markdown: string): Example[] {
  const found: Example[] = [];
  const lines = markdown.split("\n");
  let inBlock = false;
  let current: { line: number; command: string; output: string[]; exit: number | null } | null = null;
  const close = () => {
    if (current) found.push(current);
    current = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith("```")) {
      if (inBlock) close();
      inBlock = !inBlock;
      continue;
    }
    if (!inBlock) continue;
    if (line.startsWith("$ ")) {
      close();
      let command = line.slice(2);
      while (command.endsWith("\\") && i + 1 < lines.length) command = `${command.slice(0, -1)} ${lines[++i]!.trim()}`;
      current = { line: i + 1, command, output: [], exit: null };
      continue;
    }
    if (!current) continue;
    const exit = /^\(exit (\d)\)$/.exec(line);
    if (exit) current.exit = Number(exit[1]);
    else current.output.push(line);
  }
  return found;
}

/** Splits a command line as a POSIX shell would for the quoting the README uses ('...' and "..."). */
function shellWords(command: string): string[] {
  const words: string[] = [];
  let word = "";
  let quote: string | null = null;
  let started = false;
  for (const ch of command) {
    if (quote) {
      if (ch === quote) quote = null;
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      started = true;
    } else if (/\s/.test(ch)) {
      if (started || word) words.push(word);
      word = "";
      started = false;
    } else word += ch;
  }
  if (started || word) words.push(word);
  return words;
}

/** What legitimately differs between runs; everything else must match the README exactly. */
function mask(text: string): string {
  return text
    .replaceAll(`${REPO}/`, "")
    .replace(/\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?(\+\d{2}(:\d{2})?|Z)?/g, "<time>")
    .replace(/sha256:[0-9a-f]{12,64}/g, "sha256:<hash>")
    .replace(/\bid [0-9a-f]{12}\b/g, "id <id>")
    .replace(/Failing row contains \(\d+,/g, "Failing row contains (<n>,")
    .trimEnd();
}

const all = examples(README);

describe("README examples", () => {
  it("finds the examples (a parser that matched nothing would pass everything)", () => {
    expect(all.length).toBeGreaterThanOrEqual(14);
    for (const example of all) expect(example.exit, `README.md:${example.line} has no (exit N) line`).not.toBeNull();
  });

  it.each(all.map((example) => [`README.md:${example.line} ${example.command}`, example] as const))("%s", async (_name, example) => {
    const words = shellWords(example.command);
    if (words[0] === "npx") words.shift();
    expect(words[0], "every README command runs driftgate").toBe("driftgate");
    const created = words.includes("-o") ? path.join(REPO, words[words.indexOf("-o") + 1]!) : null;
    try {
      const run = await runCliInProcess(words.slice(1), { cwd: REPO, env: { ...process.env, NO_COLOR: "1" } });
      const actual = mask(`${run.stdout}\n${run.stderr}`).split("\n");
      expect(run.code, `exit code of README.md:${example.line}\n${run.stdout}${run.stderr}`).toBe(example.exit);
      // Every README line appears in the output, in order; "..." skips lines.
      let at = 0;
      for (const expected of example.output.map(mask)) {
        if (expected.trim() === "..." || expected.trim() === "") continue;
        const found = actual.indexOf(expected, at);
        expect(found, `README.md:${example.line} shows a line the command does not print:\n${expected}\n\nactual output:\n${actual.join("\n")}`).toBeGreaterThanOrEqual(0);
        at = found + 1;
      }
    } finally {
      if (created) await rm(created, { force: true });
    }
  }, 120_000);
});
