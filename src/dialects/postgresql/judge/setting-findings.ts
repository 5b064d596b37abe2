import type { RuleContext } from "./rule-context.js";
import type { FindingDraft } from "./rule-definition.js";
import { judgeSetting, type SettingRule } from "./setting-judgement.js";
import { settingPairs, type SettingPair } from "./setting-pairs.js";
import { looksLikeCredential, maskSettingValue } from "../model/setting-mask.js";

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
      message: `${pair.name} is ${show(pair.name, pair.target, pair.targetHidden)} in TARGET, ${show(pair.name, pair.source, pair.sourceHidden)} in SOURCE (${pair.where}).${maskedNote(pair)}`,
      why: judgement.why,
      source: text(pair.name, pair.source, pair.sourceHidden),
      target: text(pair.name, pair.target, pair.targetHidden),
      hint: maskHint(pair),
    }));
}

const HIDDEN_TEXT = "unreadable (hidden from the snapshot role)";

function text(name: string, value: string | undefined, hidden: boolean | undefined): string {
  return hidden ? HIDDEN_TEXT : value === undefined ? "not set" : maskSettingValue(name, value);
}

function show(name: string, value: string | undefined, hidden?: boolean): string {
  return hidden ? HIDDEN_TEXT : value === undefined ? "not set" : JSON.stringify(maskSettingValue(name, value));
}

/** Snapshots store credential-like values masked; files recorded before that are masked here, for display. */
function maskedNote(pair: SettingPair): string {
  return looksLikeCredential(pair.name) ? " Its name looks like a credential: values are shown masked, and they differ." : "";
}

function maskHint(pair: SettingPair): string {
  if (!looksLikeCredential(pair.name)) return pair.hint;
  return `Set ${pair.name} in TARGET to SOURCE's value (${pair.where}); the value is not shown because its name looks like a credential.`;
}
