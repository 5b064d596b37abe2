import { createServer, type IncomingMessage } from "node:http";
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DriftReport } from "../../src/nightly/nightly-report.js";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";
import { ensureBuilt, spawnCli } from "../helpers/run-cli-binary.js";
import { buildReportSnapshots, reportProject, type ReportSnapshots } from "../helpers/report-project.js";

/**
 * `driftgate report` end to end on real snapshots (test/helpers/report-project.ts): history across runs, a change nobody deployed, a
 * marked deploy, retention, an unreachable store, a fleet with one odd store, two runs at once on one
 * history folder, the notification, and waive.
 */
const schema = JSON.parse(readFileSync(new URL("../../schemas/drift-report.schema.json", import.meta.url), "utf8")) as object;
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
((addFormats as unknown as { default?: (a: Ajv) => void }).default ?? (addFormats as unknown as (a: Ajv) => void))(ajv);
const validate = ajv.compile(schema);

let snaps: ReportSnapshots;
const project = (name: string, extra: Record<string, object> = {}) => reportProject(snaps, name, extra);

beforeAll(async () => {
  snaps = await buildReportSnapshots("report-cmd-");
}, 120_000);
// The concurrent-runs case runs the real binary; dist/ is rebuilt first when src/ is newer.
beforeAll(() => ensureBuilt(), 300_000);

afterAll(() => rmSync(snaps.root, { recursive: true, force: true }));

function readReport(dir: string, out = "drift-report"): DriftReport {
  const report = JSON.parse(readFileSync(join(dir, out, "report.json"), "utf8")) as DriftReport;
  expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  return report;
}

const run = (dir: string, args: string[], env: NodeJS.ProcessEnv = process.env) => runCliInProcess(["report", ...args], { cwd: dir, env });

describe("driftgate report", () => {
  it("writes the page, the summary and report.json, judging the pair as check does", async () => {
    const { dir } = project("first");
    const result = await run(dir, []);
    expect(result.code, result.stderr).toBe(1);
    const check = await runCliInProcess(["check", "--format", "json"], { cwd: dir });
    const checked = JSON.parse(check.stdout) as { findings: { id: string }[] };
    const report = readReport(dir);
    expect(report.pairs.map((p) => `${p.source}->${p.target}`)).toEqual(["test->prod"]);
    // The same findings, by id, as check on the same stores.
    expect(report.pairs[0]!.findings.map((f) => f.id).sort()).toEqual(checked.findings.map((f) => f.id).sort());
    expect(report.pairs[0]!.findings.some((f) => f.rule === "column-missing" && f.object === "catalog.datasets.owner")).toBe(true);
    expect(report.pairs[0]!.findings.every((f) => f.isNew)).toBe(true);
    for (const env of report.environments) expect(env.fingerprint).toMatch(/^sha256:/);
    const html = readFileSync(join(dir, "drift-report", "report.html"), "utf8");
    const md = readFileSync(join(dir, "drift-report", "report.md"), "utf8");
    // Every output carries the time, the tool version and the fingerprints.
    for (const text of [html, md]) {
      expect(text).toContain(report.generatedAt);
      expect(text).toContain(report.toolVersion);
      expect(text).toContain(report.environments[0]!.fingerprint!.slice(7, 19));
    }
    expect(html).not.toMatch(/<script|<link|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    // Compressed history, which every command reads.
    const files = readdirSync(join(dir, ".driftgate", "history", "prod"));
    expect(files).toHaveLength(1);
    const gz = join(dir, ".driftgate", "history", "prod", files[0]!);
    expect(readFileSync(gz).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(JSON.parse(gunzipSync(readFileSync(gz)).toString()).fingerprint).toBe(report.environments.find((e) => e.name === "prod")!.fingerprint);
    const diff = await runCliInProcess(["diff", join("environments", "stores", "test.json"), gz, "--format", "json"], { cwd: dir });
    expect(diff.code, diff.stderr).toBe(0);
    expect((JSON.parse(diff.stdout) as { findings: unknown[] }).findings.length).toBe(checked.findings.length);
  });

  it("tells a change nobody deployed from one that was deployed, and known drift from new", async () => {
    const { dir, prodFile } = project("history");
    expect((await run(dir, [])).code).toBe(1);
    const first = readReport(dir);
    // Unchanged: nothing out of band, every finding still open since the first run.
    expect((await run(dir, [])).code).toBe(1);
    const second = readReport(dir);
    expect(second.outOfBand).toEqual([]);
    expect(second.pairs[0]!.findings.every((f) => !f.isNew && f.firstSeen === first.generatedAt.slice(0, 10))).toBe(true);
    expect(second.summary.new).toBe(0);
    // A hand-made change in prod, no deploy recorded: out of band, shown first.
    copyFileSync(snaps.hotfix, prodFile);
    await run(dir, []);
    const third = readReport(dir);
    expect(third.outOfBand.map((c) => c.environment)).toEqual(["prod"]);
    expect(third.outOfBand[0]!.findings.some((f) => f.object.includes("added_by"))).toBe(true);
    expect(third.summary.new).toBeGreaterThan(0);
    const html = readFileSync(join(dir, "drift-report", "report.html"), "utf8");
    expect(html.indexOf("Changes nobody deployed (1)")).toBeGreaterThan(0);
    expect(html.indexOf("Changes nobody deployed (1)")).toBeLessThan(html.indexOf('id="matrix"'));
    expect(readFileSync(join(dir, "drift-report", "report.md"), "utf8")).toContain("Changes nobody deployed (1)");
    // The same kind of change after a recorded deploy is not an alarm.
    const mark = await run(dir, ["--mark-deploy", "prod", "--ref", "abc1234"]);
    expect(mark.code, mark.stderr).toBe(0);
    copyFileSync(snaps.prod, prodFile);
    await run(dir, []);
    const fourth = readReport(dir);
    expect(fourth.outOfBand).toEqual([]);
    expect(fourth.deployed).toHaveLength(1);
    expect(fourth.deployed[0]!.deploys[0]).toMatchObject({ environment: "prod", ref: "abc1234" });
    expect(fourth.trend).toHaveLength(4);
  });

  it("check --record-deploy marks the deploy only when the gate passes", async () => {
    const { dir, prodFile } = project("record-deploy");
    const blocked = await runCliInProcess(["check", "test", "prod", "--record-deploy", "-q"], { cwd: dir });
    expect(blocked.code).toBe(1);
    expect(existsSync(join(dir, ".driftgate", "history", "deploys"))).toBe(false);
    copyFileSync(snaps.base, prodFile);
    await run(dir, []);
    const passed = await runCliInProcess(["check", "test", "prod", "--record-deploy", "--deploy-ref", "f00d"], { cwd: dir });
    expect(passed.code, passed.stderr).toBe(0);
    expect(passed.stderr).toContain("deploy recorded for prod");
    copyFileSync(snaps.prod, prodFile);
    await run(dir, []);
    const report = readReport(dir);
    expect(report.outOfBand).toEqual([]);
    expect(report.deployed.map((c) => [c.environment, c.deploys[0]!.ref, c.deploys[0]!.by])).toEqual([["prod", "f00d", "check --record-deploy"]]);
  });

  it("keeps only --keep runs, and always each store's newest snapshot", async () => {
    const { dir } = project("retention");
    for (let i = 0; i < 4; i += 1) await run(dir, ["--keep", "2"]);
    const history = join(dir, ".driftgate", "history");
    expect(readdirSync(join(history, "runs"))).toHaveLength(2);
    expect(readdirSync(join(history, "prod"))).toHaveLength(2);
    expect(readReport(dir).trend).toHaveLength(2);
  });

  it("reports an unreachable store everywhere and exits 3 after writing everything", async () => {
    const { dir } = project("unreachable", { staging: { store: "postgres://reporter:s3cret-pass@127.0.0.1:1/meta", promotesTo: "prod" } });
    const result = await run(dir, ["--connect-timeout", "2000"]);
    expect(result.code, result.stderr).toBe(3);
    const report = readReport(dir);
    expect(report.environments.find((e) => e.name === "staging")!.error).toBeTruthy();
    expect(report.pairs.find((p) => p.source === "staging")!.error).toBeTruthy();
    // The other pair is still judged.
    expect(report.pairs.find((p) => p.source === "test")!.findings.length).toBeGreaterThan(0);
    const all = [result.stdout, result.stderr, ...["report.json", "report.html", "report.md"].map((f) => readFileSync(join(dir, "drift-report", f), "utf8"))];
    for (const text of all) expect(text).not.toContain("s3cret-pass");
    expect(readFileSync(join(dir, "drift-report", "report.html"), "utf8")).toContain("unreachable");
    expect(readFileSync(join(dir, "drift-report", "report.md"), "utf8")).toContain("Unreachable (1)");
  });

  it("groups a fleet by fingerprint and reports the odd store against the majority", async () => {
    const { dir } = project("fleet");
    const stores = join(dir, "environments", "stores");
    for (const shard of ["001", "002", "004"]) copyFileSync(snaps.prod, join(stores, `meta_${shard}.json`));
    copyFileSync(snaps.hotfix, join(stores, "meta_003.json"));
    writeFileSync(join(dir, "environments", "prod.json"), JSON.stringify({ store: "stores/meta_{shard}.json", shards: { from: 1, to: 4, width: 3 } }));
    const result = await run(dir, []);
    expect(result.code, result.stderr).toBe(1);
    const report = readReport(dir);
    const fleet = report.fleets[0]!;
    expect(fleet.environment).toBe("prod");
    expect(fleet.groups.map((g) => g.shards)).toEqual([["001", "002", "004"], ["003"]]);
    expect(fleet.odd.map((o) => o.shard)).toEqual(["003"]);
    expect(fleet.odd[0]!.findings.some((f) => f.object.includes("added_by"))).toBe(true);
    // The pair is judged against the majority, exactly as check judges test against a majority store.
    const prod = report.environments.find((e) => e.name === "prod")!;
    expect(report.pairs[0]!.targetFingerprint).toBe(prod.fingerprint);
    expect(prod.stores.find((s) => s.shard === "001")!.fingerprint).toBe(prod.fingerprint);
    expect(readdirSync(join(dir, ".driftgate", "history", "prod")).sort()).toEqual(["001", "002", "003", "004"]);
    // check refuses the fleet with one line instead of judging one store of it.
    const check = await runCliInProcess(["check", "test", "prod"], { cwd: dir });
    expect(check.code).toBe(2);
    expect(check.stderr).toContain("fleet");
  });

  it("splits stores over --shard jobs and merges them into one report", async () => {
    const { dir } = project("shards");
    const stores = join(dir, "environments", "stores");
    for (const shard of ["a", "b", "c"]) copyFileSync(snaps.prod, join(stores, `p_${shard}.json`));
    writeFileSync(join(dir, "environments", "prod.json"), JSON.stringify({ store: "stores/p_{shard}.json", shards: ["a", "b", "c"] }));
    expect((await run(dir, ["--shard", "1/2", "--out", "part-1"])).code).toBe(0);
    expect((await run(dir, ["--shard", "2/2", "--out", "part-2"])).code).toBe(0);
    const one = JSON.parse(readFileSync(join(dir, "part-1", "shard.json"), "utf8")) as { stores: { key: string }[] };
    const two = JSON.parse(readFileSync(join(dir, "part-2", "shard.json"), "utf8")) as { stores: { key: string }[] };
    expect([...one.stores, ...two.stores].map((s) => s.key).sort()).toEqual(["prod/a", "prod/b", "prod/c", "test"]);
    const merged = await run(dir, ["--merge", "part-1", "part-2"]);
    expect(merged.code, merged.stderr).toBe(1);
    const report = readReport(dir);
    expect(report.fleets[0]!.groups[0]!.shards).toEqual(["a", "b", "c"]);
    // A lost shard job is not a clean report.
    const partial = await run(dir, ["--merge", "part-1", "--out", "partial"]);
    expect(partial.code).toBe(3);
  });

  it("lets two runs write one history folder at once without losing or corrupting anything", async () => {
    const { dir } = project("concurrent");
    const runs = await Promise.all([spawnCli(["report", "--out", "out-a"], { cwd: dir }).done, spawnCli(["report", "--out", "out-b"], { cwd: dir }).done]);
    for (const r of runs) expect(r.code, r.stderr).toBe(1);
    const history = join(dir, ".driftgate", "history");
    expect(readdirSync(join(history, "runs"))).toHaveLength(2);
    for (const env of ["test", "prod"]) {
      const files = readdirSync(join(history, env));
      expect(files).toHaveLength(2);
      for (const f of files) JSON.parse(gunzipSync(readFileSync(join(history, env, f))).toString());
    }
    for (const f of readdirSync(join(history, "runs"))) JSON.parse(readFileSync(join(history, "runs", f), "utf8"));
    expect(readdirSync(history, { recursive: true }).filter((n) => String(n).endsWith(".tmp"))).toEqual([]);
  }, 120_000);

  it("notifies a webhook with a Slack-compatible body, and a failed notification changes nothing", async () => {
    const { dir } = project("notify");
    const bodies: unknown[] = [];
    let status = 200;
    const server = createServer((req: IncomingMessage, res) => {
      let data = "";
      req.on("data", (c: Buffer) => (data += c.toString()));
      req.on("end", () => {
        bodies.push(JSON.parse(data));
        res.writeHead(status).end("ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    const url = `http://127.0.0.1:${port}/hooks/T000/B000/secret-token-xyz`;
    try {
      const sent = await run(dir, ["--notify", url]);
      expect(sent.code).toBe(1);
      expect(bodies).toHaveLength(1);
      const body = bodies[0] as { text: string; blocks: unknown[]; driftgate: { summary: { new: number }; newFindings: unknown[]; report: string } };
      expect(body.text).toContain("driftgate");
      expect(body.blocks.length).toBeGreaterThan(0);
      expect(body.driftgate.summary.new).toBeGreaterThan(0);
      expect(body.driftgate.newFindings.length).toBe(body.driftgate.summary.new);
      expect(body.driftgate.report).toContain("report.html");
      // Nothing new the second time: no message.
      await run(dir, ["--notify", url]);
      expect(bodies).toHaveLength(1);
      copyFileSync(snaps.hotfix, join(dir, "environments", "stores", "prod.json"));
      status = 500;
      const failed = await run(dir, ["--notify", url]);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain("notification failed: the webhook answered HTTP 500");
      for (const text of [sent.stdout, sent.stderr, failed.stdout, failed.stderr]) expect(text).not.toContain("secret-token-xyz");
      expect(existsSync(join(dir, "drift-report", "report.html"))).toBe(true);
    } finally {
      server.close();
    }
  });

  it("waive turns the report's findings into waivers that the next run applies", async () => {
    const { dir } = project("waive");
    await run(dir, []);
    const waived = await runCliInProcess(["waive", "--from", "drift-report/report.json", "--owner", "data-platform", "--until", "2099-12-31", "--reason", "baseline"], { cwd: dir });
    expect(waived.code, waived.stderr).toBe(0);
    expect(waived.stdout).toMatch(/added \d+ waiver/);
    const again = await run(dir, []);
    expect(again.code, again.stderr).toBe(0);
    const report = readReport(dir);
    expect(report.summary.breaking).toBe(0);
    expect(report.summary.waived).toBeGreaterThan(0);
    const twice = await runCliInProcess(["waive", "--from", "drift-report/report.json", "--owner", "x", "--until", "2099-12-31", "--reason", "r"], { cwd: dir });
    expect(twice.stdout).toContain("nothing to waive");
  });

  it("refuses bad input with one line and exit 2", async () => {
    const { dir } = project("bad");
    for (const args of [["--envs", "nope"], ["--shard", "3/2"], ["--keep", "0"], ["--ref", "x"], ["--mark-deploy", "nope"]]) {
      const result = await run(dir, args);
      expect(result.code, args.join(" ")).toBe(2);
      // One line saying what is wrong (usage errors add commander's "run with --help"), never a stack.
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stderr.trim().split("\n").length).toBeLessThanOrEqual(2);
    }
  });
});
