import { resolve } from "node:path";
import { environmentExists, listEnvironments, type EnvironmentOptions } from "../sources/environments.js";
import { HistoryStore } from "./history-store.js";

/**
 * `check --record-deploy`: a check that passed is the deploy about to happen, so each TARGET environment
 * gets a deploy mark in the report's history and its next change is expected, not out of band. With
 * SOURCE and TARGET only a TARGET that is an environment is marked (a URL or a file has no history);
 * without them, every environment some other one promotes to. Returns the environments marked.
 */
export async function recordDeploy(
  target: string | undefined,
  options: EnvironmentOptions & { historyDir: string; ref: string | null },
): Promise<string[]> {
  let names: string[];
  if (target !== undefined) names = (await environmentExists(target, options)) ? [target] : [];
  else names = [...new Set((await listEnvironments(options)).flatMap((e) => (e.promotesTo === null ? [] : [e.promotesTo])))];
  const history = new HistoryStore(resolve(options.cwd, options.historyDir));
  const at = new Date().toISOString();
  for (const environment of names) await history.markDeploy({ environment, at, ref: options.ref, by: "check --record-deploy" });
  return names;
}
