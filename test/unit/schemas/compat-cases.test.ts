import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compareSchemas } from "../../../src/schemas/compare-schemas.js";
import { schemaEntryOf, type SchemaCatalog } from "../../../src/schemas/schema-catalog.js";

interface Case {
  name: string;
  old: unknown;
  new: unknown;
  verdict: "compatible" | "breaking";
  removed?: [string, string, boolean][];
  added?: [string, string][];
}

const cases = JSON.parse(readFileSync(new URL("../../fixtures/schemas/compat/cases.json", import.meta.url), "utf8")) as Case[];
const noCatalog: SchemaCatalog = { dir: null, entries: [], problems: [] };

describe("compat: table of cases", () => {
  for (const c of cases) {
    it(`${c.name} -> ${c.verdict}`, async () => {
      const report = await compareSchemas(
        schemaEntryOf(c.old, { file: null, where: "OLD", name: "old" }),
        schemaEntryOf(c.new, { file: null, where: "NEW", name: "new" }),
        noCatalog,
      );
      const removed = report.removed.map((r) => [r.path, r.keyword, r.certain]);
      const added = report.added.map((r) => [r.path, r.keyword]);
      expect({ verdict: report.verdict, removed }).toEqual({ verdict: c.verdict, removed: c.removed ?? removed });
      if (c.added) expect(added).toEqual(c.added);
      for (const r of report.removed) {
        expect(r.values.length).toBeGreaterThan(0);
        if (!r.certain) expect(r.why ?? "").not.toBe("");
      }
    });
  }
});
