import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { buildCheckReport } from "../../../src/gate/build-check-report.js";
import { jsonReporter } from "../../../src/report/json-reporter.js";
import { blockedReport, cleanReport, multiPairReport } from "./report-fixtures.js";
import { pair } from "./sample-findings.js";

const schema = JSON.parse(readFileSync(new URL("../../../schemas/check-report.schema.json", import.meta.url), "utf8")) as object;
const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);

function parse(text: string): Record<string, unknown> {
  return JSON.parse(text) as Record<string, unknown>;
}

describe("jsonReporter", () => {
  it.each([
    ["a blocked single pair with waivers", blockedReport],
    ["a clean single pair", cleanReport],
    ["several pairs, one unreadable", multiPairReport],
    ["an empty diff", () => buildCheckReport({ command: "diff", failOn: "breaking", today: "2025-01-01", pairs: [pair([])], waivers: [] })],
  ])("validates against schemas/check-report.schema.json: %s", (_name, make) => {
    const document = parse(jsonReporter(make(), { color: false }));
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
  });

  it("uses the flat shape for one pair, with the fields the issue names", () => {
    const document = parse(jsonReporter(blockedReport(), { color: false }));
    expect(Object.keys(document)).toEqual(["version", "tool", "command", "failOn", "source", "target", "findings", "summary", "blocked", "waivers"]);
    expect(document.summary).toEqual({ breaking: 2, risky: 1, info: 0, waived: 1 });
    expect(document.blocked).toBe(true);
    const findings = document.findings as Record<string, unknown>[];
    expect(findings[0]).toMatchObject({ id: "a1b2c3d4e5f6", rule: "column-not-null-added", severity: "breaking", object: "catalog.dataset_versions.published_by" });
    expect(findings.find((f) => f.rule === "comment-changed")!.waived).toMatchObject({ owner: "docs" });
    expect(document.waivers).toMatchObject({ expired: [{ owner: "data-platform", matches: ["111122223333"] }], unused: [{ owner: "billing" }] });
  });

  it("uses the pairs shape for several pairs and records why a pair was not judged", () => {
    const document = parse(jsonReporter(multiPairReport(), { color: false }));
    const pairs = document.pairs as Record<string, unknown>[];
    expect(pairs).toHaveLength(2);
    expect(pairs[1]!.error).toEqual({ exitCode: 3, message: expect.stringContaining("connection refused") });
    expect(pairs[1]!.blocked).toBe(true);
    expect(document.blocked).toBe(true);
  });

  it("the schema rejects what a consumer must never see (unknown severity, missing id)", () => {
    const document = parse(jsonReporter(blockedReport(), { color: false }));
    const findings = document.findings as Record<string, unknown>[];
    expect(validate({ ...document, findings: [{ ...findings[0], severity: "fatal" }] })).toBe(false);
    const { id: _id, ...noId } = findings[0]!;
    expect(validate({ ...document, findings: [noId] })).toBe(false);
  });

  it("renders the same bytes for the same report", () => {
    expect(jsonReporter(blockedReport(), { color: false })).toBe(jsonReporter(blockedReport(), { color: false }));
  });
});
