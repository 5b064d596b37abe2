import type { DriftReport } from "./nightly-report.js";
import { headline } from "./render-page.js";

/** Findings listed in the message; the page has the rest. */
const LIST_LIMIT = 20;

/**
 * Whether the run has anything a person should hear about tonight: a new finding, a change nobody
 * deployed, a store that could not be read. Known drift stays on the page; a message every night about
 * the same thing teaches people to mute the channel.
 */
export function worthNotifying(report: DriftReport): boolean {
  return report.summary.new > 0 || report.summary.outOfBand > 0 || report.summary.unreachable > 0;
}

/**
 * The webhook body: `text` and `blocks` make it a Slack-compatible incoming-webhook message (Slack,
 * Mattermost and Rocket.Chat read `text`; Slack renders `blocks`), and `driftgate` carries the same facts
 * as data for any other receiver: counts, the new and out-of-band findings, where the page is.
 */
export function notificationBody(report: DriftReport, page: string): Record<string, unknown> {
  const fresh = report.pairs.flatMap((p) =>
    p.findings.filter((f) => f.isNew && f.waived === undefined).map((f) => ({ pair: `${p.source}->${p.target}`, id: f.id, rule: f.rule, severity: f.severity, object: f.object, message: f.message })),
  );
  const outOfBand = report.outOfBand.map((c) => ({ environment: c.environment, shard: c.shard, previousRun: c.previousRun, summary: c.summary }));
  const text = `driftgate: ${headline(report)}. Report: ${page}`;
  const lines = [
    ...outOfBand.slice(0, LIST_LIMIT).map((c) => `• changed with no deploy: *${c.shard === null ? c.environment : `${c.environment}/${c.shard}`}* (${c.summary.breaking} breaking, ${c.summary.risky} risky)`),
    ...fresh.slice(0, LIST_LIMIT).map((f) => `• new ${f.severity} in ${f.pair}: \`${f.object}\` ${f.message}`),
  ];
  if (fresh.length > LIST_LIMIT) lines.push(`• … and ${fresh.length - LIST_LIMIT} more new findings`);
  return {
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `*driftgate drift report*: ${headline(report)}` } },
      ...(lines.length ? [{ type: "section", text: { type: "mrkdwn", text: lines.join("\n").slice(0, 2900) } }] : []),
      { type: "context", elements: [{ type: "mrkdwn", text: `run ${report.runId} · ${page}` }] },
    ],
    driftgate: {
      version: report.version,
      runId: report.runId,
      generatedAt: report.generatedAt,
      summary: report.summary,
      exitCode: report.exitCode,
      newFindings: fresh.slice(0, 200),
      outOfBand,
      unreachable: report.environments.flatMap((e) => [...(e.error && e.stores.length === 0 ? [e.name] : []), ...e.stores.filter((s) => s.error).map((s) => `${e.name}/${s.shard}`)]),
      report: page,
    },
  };
}

/**
 * POSTs the body; resolves to null on a 2xx, else one line saying what went wrong. The URL is a secret
 * (a Slack webhook URL is its own credential): it appears in no message, only the host's reply status.
 */
export async function sendNotification(url: string, body: unknown, timeoutMs = 10_000): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "the --notify URL is not a URL";
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return "the --notify URL must be http or https";
  try {
    const response = await fetch(parsed, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "error",
    });
    await response.arrayBuffer().catch(() => undefined);
    return response.ok ? null : `the webhook answered HTTP ${response.status}`;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const name = (error as Error).name;
    return name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : `cannot reach the webhook${cause ? ` (${cause})` : ""}`;
  }
}
