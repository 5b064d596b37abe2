import { describe, expect, it } from "vitest";
import type { DriftReport } from "../../../src/nightly/nightly-report.js";
import { notificationBody } from "../../../src/nightly/notify.js";
import { renderMarkdown } from "../../../src/nightly/render-markdown.js";
import { renderPage } from "../../../src/nightly/render-page.js";

const evil = `public."<script>alert(1)</script>"`;

function report(): DriftReport {
  const finding = {
    id: "abcdefabcdef",
    rule: "column-missing",
    severity: "breaking" as const,
    objectKind: "column",
    object: `${evil}.id`,
    message: "Column <b>id</b> does not exist in TARGET | pipe `tick`.",
    why: "Writes naming it fail.",
    blocking: true,
    firstSeen: "2026-11-20",
    isNew: false,
  };
  const summary = { breaking: 1, risky: 0, info: 0, waived: 0 };
  return {
    version: 1,
    tool: "driftgate",
    toolVersion: "0.1.0",
    generatedAt: "2026-12-01T03:00:00.000Z",
    runId: "20261201T030000000Z-abcdef",
    failOn: "breaking",
    environments: [
      { name: "test", description: null, promotesTo: "prod", label: "t", fingerprint: "sha256:aaaaaaaaaaaaaaaa", error: null, previousRun: null, previousFingerprint: null, stores: [] },
      { name: "prod", description: null, promotesTo: null, label: "p", fingerprint: null, error: "connection refused <img src=x>", previousRun: null, previousFingerprint: null, stores: [] },
    ],
    pairs: [{ source: "test", target: "prod", sourceFingerprint: "sha256:a", targetFingerprint: "sha256:b", findings: [finding], summary: { ...summary, new: 0 }, blocked: true, error: null }],
    outOfBand: [],
    deployed: [],
    fleets: [],
    waivers: { expiringSoon: [{ rule: "role-extra", object: "x", reason: "r", owner: "<o>", expires: "2026-12-10" }], expired: [], unused: [] },
    trend: [{ runId: "r", at: "2026-12-01T03:00:00.000Z", breaking: 1, risky: 0, info: 0, unreachable: 1 }],
    summary: { ...summary, new: 0, outOfBand: 0, unreachable: 1 },
    blocked: true,
    exitCode: 3,
  };
}

describe("report renderers", () => {
  it("the page escapes every value and loads nothing", () => {
    const html = renderPage(report());
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<b>");
    expect(html).toContain("&lt;script&gt;");
    expect(html).toContain("still open since 2026-11-20");
    expect(html).toContain("expires 2026-12-10");
    expect(html).toContain("INCOMPLETE");
  });

  it("the summary cannot open HTML or break its table", () => {
    const md = renderMarkdown(report());
    // Outside code spans (shown literally) and the summary's own <details>, no "<" is left unescaped.
    const prose = md.replace(/`[^`\n]*`/g, "").replace(/<\/?(details|summary)>/g, "");
    expect(prose).not.toMatch(/(?<!\\)</);
    expect(md).toContain("\\<img src=x\\>");
    expect(md).toContain("Unreachable (1)");
    expect(md).toContain("2026-12-10");
  });

  it("the notification is a Slack message and a data document at once", () => {
    const body = notificationBody(report(), "https://pages/report.html") as { text: string; blocks: { type: string }[]; driftgate: { unreachable: string[] } };
    expect(body.text).toContain("https://pages/report.html");
    expect(body.blocks[0]!.type).toBe("section");
    expect(body.driftgate.unreachable).toEqual(["prod"]);
  });
});
