import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildReportSnapshots, reportProject, type ReportSnapshots } from "../helpers/report-project.js";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";

/**
 * The page as a person sees it: report.html opened in real headless Chromium (Debian's, which .ci/run
 * installs); no request may leave the page. Writes a screenshot to test-output/ (docs/ with
 * DRIFTGATE_WRITE_DOCS=1).
 */
const CHROMIUM = process.env.DRIFTGATE_CHROMIUM ?? "/usr/bin/chromium";
// Beside the test output by default (gitignored); `npm run docs:report` refreshes the one docs/report.md shows.
const SCREENSHOT = new URL(process.env.DRIFTGATE_WRITE_DOCS ? "../../docs/report-screenshot.png" : "../../test-output/report-screenshot.png", import.meta.url);

let snaps: ReportSnapshots;
let browser: Browser | undefined;

beforeAll(async () => {
  snaps = await buildReportSnapshots("report-page-");
  if (existsSync(CHROMIUM)) {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  rmSync(snaps.root, { recursive: true, force: true });
});

describe.skipIf(!existsSync(CHROMIUM))("report.html in Chromium", () => {
  it("shows the matrix, the change nobody deployed, a finding and the trend chart, with no request made", async () => {
    const { dir, prodFile } = reportProject(snaps, "page", {
      staging: { store: "stores/staging.json", promotesTo: "prod", description: "pre-production" },
    });
    copyFileSync(snaps.base, join(dir, "environments", "stores", "staging.json"));
    // test -> staging -> prod: staging promotes to prod, test to staging.
    writeFileSync(join(dir, "environments", "test.json"), JSON.stringify({ store: "stores/test.json", promotesTo: "staging" }));
    for (let night = 0; night < 3; night += 1) await runCliInProcess(["report"], { cwd: dir });
    copyFileSync(snaps.hotfix, prodFile);
    const last = await runCliInProcess(["report"], { cwd: dir });
    expect(last.code, last.stderr).toBe(1);

    const page = await browser!.newPage({ viewport: { width: 1200, height: 1400 } });
    const requests: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith("file:")) requests.push(request.url());
    });
    await page.goto(pathToFileURL(join(dir, "drift-report", "report.html")).href);
    const outOfBand = page.locator("#out-of-band");
    await expect.poll(() => outOfBand.isVisible()).toBe(true);
    expect(await outOfBand.innerText()).toContain("Changes nobody deployed (1)");
    expect(await outOfBand.innerText()).toContain("prod changed since run");
    const matrix = page.locator("table.matrix");
    expect(await matrix.isVisible()).toBe(true);
    expect(await matrix.locator("th").allInnerTexts()).toEqual(expect.arrayContaining(["test", "staging", "prod"]));
    expect(await matrix.locator("td.breaking").count()).toBe(1);
    const chart = page.locator("#trend svg.trend");
    expect(await chart.isVisible()).toBe(true);
    const box = await chart.boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    expect(await chart.locator("circle").count()).toBe(3 * 4);
    // The breaking object is open; its finding reads as a sentence with its status.
    const finding = page.locator("section.pair .finding.breaking", { hasText: "catalog.datasets.owner" }).first();
    expect(await finding.isVisible()).toBe(true);
    expect(await finding.innerText()).toMatch(/still open since \d{4}-\d{2}-\d{2}[\s\S]*catalog\.datasets\.owner/);
    expect(requests).toEqual([]);
    mkdirSync(new URL(".", SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT.pathname, fullPage: false });
    expect(existsSync(SCREENSHOT)).toBe(true);
    await page.close();
  });
});
