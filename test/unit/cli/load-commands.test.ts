import { describe, expect, it } from "vitest";
import { COMMANDS, loadCommands } from "../../../src/cli/commands/index.js";
import { runCliInProcess } from "../../helpers/run-cli-in-process.js";

const context = { io: {} as never, setExit: () => undefined };

describe("loadCommands", () => {
  it("loads only the command a run names", async () => {
    const loaded = await loadCommands(["snapshot", "postgres://x/y", "-o", "out.json"]);
    expect(loaded.map((make) => make(context).name())).toEqual(["snapshot"]);
  });

  it("loads every command, in help order, when none is named (help, typos, the bare program)", async () => {
    const names = COMMANDS.map((c) => c.name);
    for (const argv of [[], ["--help"], ["help", "check"], ["snapshto"]]) {
      const loaded = await loadCommands(argv);
      expect(loaded.map((make) => make(context).name())).toEqual(names);
    }
  });

  it("keeps each registry name equal to the name its command declares", async () => {
    for (const entry of COMMANDS) expect((await entry.load())(context).name()).toBe(entry.name);
  });
});

describe("the CLI with lazily loaded commands", () => {
  it("lists every command in --help", async () => {
    const run = await runCliInProcess(["--help"]);
    expect(run.code).toBe(0);
    for (const entry of COMMANDS) expect(run.stdout).toMatch(new RegExp(`^\\s+${entry.name}\\b`, "m"));
  });

  it("still suggests the command a typo meant", async () => {
    const run = await runCliInProcess(["snapshto"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("snapshot");
  });
});
