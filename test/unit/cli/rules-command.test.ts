import { describe, expect, it } from "vitest";
import { RULE_CATALOGUE } from "../../../src/dialects/rule-catalogue.js";
import { runCliInProcess } from "../../helpers/run-cli-in-process.js";

describe("driftgate rules", () => {
  it("lists every catalogue id by family, with severity, description and write effect (text)", async () => {
    const run = await runCliInProcess(["rules"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    for (const entry of RULE_CATALOGUE) expect(run.stdout).toMatch(new RegExp(`^  ${entry.defaultSeverity} +${entry.id} `, "m"));
    expect(run.stdout).toMatch(/^catalog \(\d+ rules\)$/m);
    expect(run.stdout).toMatch(/^write-schema fit \(\d+ rules\)$/m);
    expect(run.stdout).toMatch(/^probe \(2 rules\)$/m);
    expect(run.stdout).toContain('write: Every write that names this column fails with "column does not exist".');
  });

  it("gives the catalogue as JSON, one object per rule", async () => {
    const run = await runCliInProcess(["rules", "--format", "json"]);
    expect(run.code).toBe(0);
    const { rules } = JSON.parse(run.stdout) as { rules: { id: string; family: string; defaultSeverity: string; description: string; writeEffect: string }[] };
    expect(rules).toEqual(RULE_CATALOGUE.map((e) => ({ ...e })));
    expect(rules.find((r) => r.id === "app-config-invalid")).toMatchObject({ family: "app-config", defaultSeverity: "breaking" });
  });

  it("gives Markdown with one linkable section per rule, and narrows to the ids named", async () => {
    const run = await runCliInProcess(["rules", "fit-length", "column-missing", "--format", "markdown"]);
    expect(run.code).toBe(0);
    expect(run.stdout.match(/^### /gm)).toHaveLength(2);
    expect(run.stdout).toContain("### fit-length");
    expect(run.stdout).toContain("[column-missing](#column-missing)");
  });

  it("refuses an unknown id with one line and exit 2", async () => {
    const run = await runCliInProcess(["rules", "column-mising"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/unknown rule "column-mising"/);
  });
});
