/**
 * Every rule fixture on the embedded PGlite: SOURCE and TARGET each get their own engine (roles are
 * per cluster, and some fixtures differ only in roles), reset to a baseline between fixtures.
 */
import type { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judge } from "../../../src/dialects/index.js";
import type { Finding } from "../../../src/model/finding.js";
import type { Snapshot } from "../../../src/dialects/postgresql/model/snapshot.js";
import { createPglite } from "../../../src/dialects/postgresql/session/pglite-session.js";
import { richRoles, richSql } from "../../fixtures/snapshot/rich-fixture.js";
import {
  RESET_PGLITE,
  asExpected,
  residueOf,
  loadRuleFixtures,
  roleNamesFor,
  snapshotPglite,
  sortExpected,
  withRoles,
  type RuleFixture,
} from "./rule-fixtures.js";
import { outcomeReport, parseWrites, pgliteRunner, proofProblems, runWrites } from "./rule-writes.js";

const EXTENSIONS = ["citext", "hstore"];
const fixtures = loadRuleFixtures().filter((f) => f.engines.includes("pglite"));

let sourceDb: PGlite;
let targetDb: PGlite;
let baseline: { source: string; target: string };

beforeAll(async () => {
  [sourceDb, targetDb] = await Promise.all([createPglite(EXTENSIONS), createPglite(EXTENSIONS)]);
  baseline = { source: await residueOf(sourceDb), target: await residueOf(targetDb) };
});

afterAll(async () => {
  await Promise.all([sourceDb?.close(), targetDb?.close()]);
});

/** Both sides of a fixture; judged in both directions by the caller. */
async function capture(fixture: RuleFixture, names: ReadonlyMap<string, string>): Promise<{ source: Snapshot; target: Snapshot }> {
  await Promise.all([sourceDb.exec(RESET_PGLITE), targetDb.exec(RESET_PGLITE)]);
  // A fixture that left something behind would leak into the next one's findings.
  expect(await residueOf(sourceDb), "SOURCE engine did not reset to its baseline").toBe(baseline.source);
  expect(await residueOf(targetDb), "TARGET engine did not reset to its baseline").toBe(baseline.target);
  await sourceDb.exec(withRoles(`${fixture.roles}\n${fixture.source}`, names));
  await targetDb.exec(withRoles(`${fixture.roles}\n${fixture.target}`, names));
  return { source: await snapshotPglite(sourceDb, `${fixture.name}/source.sql`), target: await snapshotPglite(targetDb, `${fixture.name}/target.sql`) };
}

/** Embedded snapshots always carry the one "server settings not compared" note; fixtures state it only when it is their subject. */
function withoutEmbeddedNote(findings: Finding[], fixture: RuleFixture): Finding[] {
  if (fixture.name === "settings-not-compared") return findings;
  expect(findings.filter((f) => f.rule === "settings-not-compared")).toHaveLength(1);
  return findings.filter((f) => f.rule !== "settings-not-compared");
}

describe("rule fixtures on PGlite", () => {
  it.each(fixtures.map((f) => [f.name, f] as const))("%s", async (_, fixture) => {
    const names = roleNamesFor(fixture);
    const { source, target } = await capture(fixture, names);
    const forward = withoutEmbeddedNote(judge(source, target), fixture).map((f) => asExpected(f, names));
    expect(sortExpected(forward), fixture.description).toEqual(sortExpected(fixture.findings));
    if (fixture.swapped) {
      const backward = withoutEmbeddedNote(judge(target, source), fixture).map((f) => asExpected(f, names));
      expect(sortExpected(backward), `${fixture.description} (swapped)`).toEqual(sortExpected(fixture.swapped));
    }
    // The severity proof, on the engines the fixture was just applied to (see rule-writes.ts).
    const writes = parseWrites(fixture.writes, `${fixture.name}/writes.sql`);
    if (writes.notOnPglite) return;
    const outcomes = await runWrites(writes, names, { source: pgliteRunner(sourceDb), target: pgliteRunner(targetDb) });
    if (process.env.DRIFTGATE_WRITES_REPORT) console.log(`${fixture.name} on PGlite\n${outcomeReport(outcomes)}`);
    expect(proofProblems(fixture, writes, outcomes).join("\n")).toBe("");
  });
});

describe("identical rich schemas on PGlite", () => {
  it("give zero findings in either direction (besides the one note that server settings were not compared)", async () => {
    await Promise.all([sourceDb.exec(RESET_PGLITE), targetDb.exec(RESET_PGLITE)]);
    expect(await residueOf(sourceDb)).toBe(baseline.source);
    const sql = richSql(richRoles());
    await sourceDb.exec(sql);
    await targetDb.exec(sql);
    const source = await snapshotPglite(sourceDb, "rich");
    const target = await snapshotPglite(targetDb, "rich");
    // The fixture must really be rich, or zero findings would prove nothing.
    expect(source.content.tables.length).toBeGreaterThan(10);
    expect(source.content.tables.flatMap((t) => t.policies).length).toBeGreaterThan(2);
    expect(source.content.routines.length).toBeGreaterThan(3);
    for (const [a, b] of [[source, target], [target, source]] as const) {
      expect(judge(a, b).map((f) => `${f.rule} ${f.object}`)).toEqual(["settings-not-compared server settings"]);
    }
  });
});
