import { describe, expect, it } from "vitest";
import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadRuleFixtures } from "../../integration/rules/rule-fixtures.js";
import { disagreement, KNOWN_DISAGREEMENTS, parseWrites, ratedSeverity, type Outcome } from "../../integration/rules/rule-writes.js";

const fixturesDir = fileURLToPath(new URL("../../fixtures/rules/", import.meta.url));
const ok = (rows = "[]"): Outcome => ({ ok: true, rows });
const fail: Outcome = { ok: false, code: "23502", message: "null value" };

describe("writes.sql of the rule fixtures", () => {
  const folders = readdirSync(fixturesDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

  it("exists in every fixture folder with at least one write, and names only roles the fixture creates", () => {
    expect(folders.length).toBeGreaterThan(70);
    const missing = folders.filter((name) => !existsSync(`${fixturesDir}${name}/writes.sql`));
    expect(missing, "fixtures without writes.sql").toEqual([]);
    for (const fixture of loadRuleFixtures()) {
      const writes = parseWrites(fixture.writes, `${fixture.name}/writes.sql`);
      expect(writes.blocks.length, `${fixture.name}/writes.sql has no "-- write:" block`).toBeGreaterThan(0);
      const created = `${fixture.roles}\n${fixture.source}\n${fixture.target}`;
      for (const block of writes.blocks) {
        if (block.role) expect(created, `${fixture.name}: write "${block.title}" runs as ${block.role}`).toContain(block.role);
      }
      // A direction that cannot be proven says so only where there is a direction to prove.
      if (writes.unproven.swapped) expect(fixture.swapped, `${fixture.name}: unproven swapped without swapped findings`).toBeDefined();
    }
  });

  it("lists known disagreements only for fixtures that exist", () => {
    for (const name of Object.keys(KNOWN_DISAGREEMENTS)) expect(folders).toContain(name);
  });
});

describe("parseWrites", () => {
  it("splits blocks at headers, reads the role and keeps several statements per block", () => {
    const parsed = parseWrites(
      "-- a comment\n-- unproven swapped: because\n-- write: one as __writer__\nINSERT INTO t VALUES (1);\nINSERT INTO t VALUES (2);\n-- write: two\nSELECT 1;\n",
      "x",
    );
    expect(parsed.blocks).toEqual([
      { title: "one", role: "__writer__", sql: "INSERT INTO t VALUES (1);\nINSERT INTO t VALUES (2);" },
      { title: "two", sql: "SELECT 1;" },
    ]);
    expect(parsed.unproven).toEqual({ swapped: "because" });
  });

  it("rejects SQL outside a block, empty blocks and transaction control", () => {
    expect(() => parseWrites("SELECT 1;\n-- write: a\nSELECT 1;", "x")).toThrow(/before the first/);
    expect(() => parseWrites("-- write: a\n", "x")).toThrow(/no SQL/);
    expect(() => parseWrites("-- write: a\nCOMMIT;", "x")).toThrow(/controls the transaction/);
  });
});

describe("disagreement", () => {
  it("breaking needs a write SOURCE accepts and TARGET rejects", () => {
    expect(disagreement("breaking", [{ source: ok(), target: fail }])).toBeUndefined();
    expect(disagreement("breaking", [{ source: ok(), target: ok() }])).toMatch(/no write/);
  });

  it("risky needs a write that fails or differs and a similar one that passes unchanged", () => {
    expect(disagreement("risky", [{ source: ok(), target: fail }, { source: ok(), target: ok() }])).toBeUndefined();
    expect(disagreement("risky", [{ source: ok('[["a"]]'), target: ok('[["b"]]') }, { source: ok(), target: ok() }])).toBeUndefined();
    expect(disagreement("risky", [{ source: ok(), target: fail }])).toMatch(/breaking/);
    expect(disagreement("risky", [{ source: ok(), target: ok() }])).toMatch(/no write/);
  });

  it("info needs every write SOURCE accepts to pass unchanged; writes SOURCE rejects do not count", () => {
    expect(disagreement("info", [{ source: ok(), target: ok() }, { source: fail, target: ok() }])).toBeUndefined();
    expect(disagreement("info", [{ source: ok('[["a"]]'), target: ok('[["b"]]') }])).toMatch(/differs/);
    expect(disagreement("info", [{ source: fail, target: ok() }])).toMatch(/no write succeeds in SOURCE/);
  });

  it("an unproven direction still may not show worse than its rating", () => {
    expect(disagreement("risky", [{ source: ok(), target: ok() }], "load")).toBeUndefined();
    expect(disagreement("risky", [{ source: ok(), target: fail }], "load")).toMatch(/every write/);
    expect(disagreement("info", [{ source: ok(), target: fail }], "load")).toMatch(/rated info/);
  });

  it("judges the highest severity of a direction, forward that of the fixture's own rule", () => {
    const findings = [
      { rule: "a", severity: "risky", object: "x" },
      { rule: "b", severity: "breaking", object: "y" },
    ] as const;
    expect(ratedSeverity(findings, "a")).toBe("risky");
    expect(ratedSeverity(findings)).toBe("breaking");
  });
});
