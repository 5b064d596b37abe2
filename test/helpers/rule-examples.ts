import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ExampleFinding, RuleExample } from "../../src/report/rules-document.js";

/** Each rule's fixture (test/fixtures/rules/<id>/) as the example docs/rules.md shows for it, by rule id. */
export function readRuleExamples(repo: string): Map<string, RuleExample> {
  const relative = "test/fixtures/rules";
  const root = join(repo, relative);
  const examples = new Map<string, RuleExample>();
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(root, entry.name);
    const read = (file: string) => readFileSync(join(dir, file), "utf8");
    const expected = JSON.parse(read("expected.json")) as { findings: ExampleFinding[]; swapped?: ExampleFinding[] };
    const pick = (list: readonly ExampleFinding[]) => list.map((f) => ({ rule: f.rule, severity: f.severity, object: f.object }));
    examples.set(entry.name, {
      folder: `${relative}/${entry.name}`,
      sourceSql: read("source.sql"),
      targetSql: read("target.sql"),
      ...(existsSync(join(dir, "roles.sql")) ? { rolesSql: read("roles.sql") } : {}),
      ...(existsSync(join(dir, "writes.sql")) ? { writesSql: read("writes.sql") } : {}),
      findings: pick(expected.findings),
      ...(expected.swapped ? { swapped: pick(expected.swapped) } : {}),
    });
  }
  return examples;
}
