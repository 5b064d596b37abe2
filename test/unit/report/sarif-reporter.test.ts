import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { sarifReporter } from "../../../src/report/sarif-reporter.js";
import { blockedReport, cleanReport, multiPairReport } from "./report-fixtures.js";

// The SARIF 2.1.0 schema is draft-04, which ajv 8 no longer speaks: validate with the ajv 6 that ships
// beside the schema in @microsoft/jest-sarif (a dev dependency used for nothing else).
const requireFromSarif = createRequire(createRequire(import.meta.url).resolve("@microsoft/jest-sarif/package.json"));
const sarifSchema = requireFromSarif("./lib/schemas/sarif-2.1.0-rtm.5.json") as Record<string, unknown>;
const Ajv6 = requireFromSarif("ajv") as new (options: object) => {
  addMetaSchema(schema: object): void;
  compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] | null };
};
const ajv = new Ajv6({ schemaId: "auto", validateSchema: false, allErrors: true });
ajv.addMetaSchema(requireFromSarif("ajv/lib/refs/json-schema-draft-04.json") as object);
const validateSarif = ajv.compile(sarifSchema);

const opts = { color: false };

function parse(text: string) {
  return JSON.parse(text) as {
    version: string;
    runs: {
      tool: { driver: { name: string; rules: { id: string }[] } };
      invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string } }[] }[];
      results: { ruleId: string; ruleIndex: number; level: string; suppressions?: unknown[]; locations: { logicalLocations: { fullyQualifiedName: string }[] }[] }[];
    }[];
  };
}

describe("sarifReporter", () => {
  it.each([
    ["blocked", blockedReport],
    ["clean", cleanReport],
    ["multi-pair with an unreadable store", multiPairReport],
  ])("writes a %s report that validates against the SARIF 2.1.0 schema", (_name, make) => {
    const log = JSON.parse(sarifReporter(make(), opts)) as unknown;
    const valid = validateSarif(log);
    expect(validateSarif.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("the schema check has teeth: a log with a wrong level is refused", () => {
    const log = JSON.parse(sarifReporter(blockedReport(), opts)) as { runs: { results: { level: string }[] }[] };
    log.runs[0]!.results[0]!.level = "fatal";
    expect(validateSarif(log)).toBe(false);
  });

  it("gives each finding a result with its rule, level and object, and suppresses waived ones", () => {
    const log = parse(sarifReporter(blockedReport(), opts));
    const run = log.runs[0]!;
    expect(run.tool.driver.name).toBe("driftgate");
    expect(run.results).toHaveLength(4);
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
    const notNull = run.results.find((r) => r.ruleId === "column-not-null-added")!;
    expect(notNull.level).toBe("error");
    expect(notNull.locations[0]!.logicalLocations[0]!.fullyQualifiedName).toBe("catalog.dataset_versions.published_by");
    expect(run.results.filter((r) => r.suppressions)).toHaveLength(1);
  });

  it("reports a pair that could not be compared as a failed invocation with the reason", () => {
    const run = parse(sarifReporter(multiPairReport(), opts)).runs[0]!;
    expect(run.invocations[0]!.executionSuccessful).toBe(false);
    expect(run.invocations[0]!.toolExecutionNotifications[0]!.message.text).toContain("staging -> prod not compared: prod: cannot connect");
  });
});
