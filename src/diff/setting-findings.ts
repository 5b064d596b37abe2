import type { RuleContext } from "./rule-context.js";
import type { FindingDraft } from "./rule-definition.js";
import { judgeSetting, type SettingRule } from "./setting-judgement.js";
import { settingPairs } from "./setting-pairs.js";

const cache = new WeakMap<RuleContext, ReturnType<typeof judged>>();

function judged(context: RuleContext) {
  return settingPairs(context).flatMap((pair) => {
    const judgement = judgeSetting(pair);
    return judgement ? [{ pair, judgement }] : [];
  });
}

/** Each setting rule reports the differences the shared judgement assigns to it, so no setting is judged twice. */
export function settingFindings(context: RuleContext, rule: SettingRule): FindingDraft[] {
  let all = cache.get(context);
  if (!all) cache.set(context, (all = judged(context)));
  return all
    .filter(({ judgement }) => judgement.rule === rule)
    .map(({ pair, judgement }) => ({
      objectKind: "setting",
      object: pair.object,
      severity: judgement.severity,
      message: `${pair.name} is ${show(pair.target)} in TARGET, ${show(pair.source)} in SOURCE (${pair.where}).`,
      why: judgement.why,
      source: pair.source ?? "not set",
      target: pair.target ?? "not set",
      hint: pair.hint,
    }));
}

function show(value: string | undefined): string {
  return value === undefined ? "not set" : JSON.stringify(value);
}
