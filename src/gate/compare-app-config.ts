import type { AppConfigDocument } from "../model/app-config.js";
import { findingId } from "../model/finding-id.js";
import { canonicalJson, compareText } from "../model/canonical-json.js";
import type { Finding, Severity } from "../model/finding.js";
import type { AppConfigRuleId } from "../model/finding-kinds.js";
import { redactSecrets } from "../model/redact.js";

/**
 * Compares the application configuration of SOURCE and TARGET key by key. Pure: documents arrive parsed
 * and schema-checked. Severities follow the question every finding answers: a key only one side has may
 * change how the clients write (risky); a differing value is usually tuning (info) unless an environment
 * lists the key as must-match, because then the clients in TARGET are not the ones that were tested
 * (breaking). A must-match key missing on one side is breaking too: "absent" is a different value.
 */
export function compareAppConfig(source: readonly AppConfigDocument[], target: readonly AppConfigDocument[]): Finding[] {
  const findings: Finding[] = [];
  const names = [...new Set([...source, ...target].map((doc) => doc.name))].sort(compareText);
  for (const name of names) {
    const s = source.find((doc) => doc.name === name);
    const t = target.find((doc) => doc.name === name);
    for (const [side, doc] of [["SOURCE", s], ["TARGET", t]] as const) {
      if (doc && doc.schemaErrors.length > 0) findings.push(invalid(doc, side));
    }
    if (!s || !t) {
      findings.push(missingDocument(name, s, t));
      continue;
    }
    findings.push(...compareDocuments(s, t));
  }
  return findings;
}

function compareDocuments(s: AppConfigDocument, t: AppConfigDocument): Finding[] {
  const mustMatch = [...new Set([...s.mustMatch, ...t.mustMatch])];
  const sKeys = flatten(s.value);
  const tKeys = flatten(t.value);
  const keys = [...new Set([...sKeys.keys(), ...tKeys.keys()])].sort(compareText);
  const findings: Finding[] = [];
  for (const key of keys) {
    const sv = sKeys.get(key);
    const tv = tKeys.get(key);
    const required = mustMatch.some((m) => key === m || key.startsWith(`${m}.`) || key.startsWith(`${m}[`));
    const object = `${s.name}:${key}`;
    const secret = SECRET_KEY.test(key);
    if (sv === undefined || tv === undefined) {
      const where = sv === undefined ? "TARGET" : "SOURCE";
      findings.push(
        finding({
          rule: "app-config-key-missing",
          severity: required ? "breaking" : "risky",
          objectKind: "app-config-key",
          object,
          message: `${s.name} config key ${key} is set only in ${where}${required ? " and is must-match" : ""}.`,
          why: required
            ? "The environments require this key to be equal; a missing key means the clients in TARGET run with a setting that was never tested."
            : "A setting the clients read exists on one side only: they fall back to a built-in default there, which may change how or whether writes succeed.",
          ...(sv !== undefined ? { source: show(sv, secret) } : {}),
          ...(tv !== undefined ? { target: show(tv, secret) } : {}),
          hint: sv === undefined ? `Remove ${key} from ${t.file}, or add it to ${s.file} so it is tested.` : `Set ${key} in ${t.file} to the tested value.`,
          file: t.file,
        }),
      );
    } else if (sv !== tv) {
      findings.push(
        finding({
          rule: "app-config-value-differs",
          severity: required ? "breaking" : "info",
          objectKind: "app-config-key",
          object,
          message: `${s.name} config key ${key} differs${secret ? " (secret value, not shown)" : ""}${required ? "; it is must-match" : ""}.`,
          why: required
            ? "The environments list this key as must-match: the clients in TARGET would run with a value that was never tested."
            : "Values that differ between environments (pool sizes, timeouts) are usually deliberate; list the key under mustMatch if it must not differ.",
          source: show(sv, secret),
          target: show(tv, secret),
          ...(required ? { hint: `Set ${key} in ${t.file} to ${show(sv, secret)}, or change the tested value in ${s.file}.` } : {}),
          file: t.file,
        }),
      );
    }
  }
  return findings;
}

function invalid(doc: AppConfigDocument, side: "SOURCE" | "TARGET"): Finding {
  const shown = doc.schemaErrors.slice(0, 5).map(redactSecrets);
  const more = doc.schemaErrors.length - shown.length;
  return finding({
    rule: "app-config-invalid",
    severity: "breaking",
    objectKind: "app-config",
    object: doc.name,
    detail: side,
    message: `${doc.name} config in ${side} (${doc.file}) does not satisfy ${doc.schema}: ${shown.join("; ")}${more > 0 ? `; and ${more} more` : ""}.`,
    why: "The clients' configuration breaks its own contract, so the validation done in SOURCE says nothing about how they will behave.",
    hint: `Fix ${doc.file} so it validates against ${doc.schema}.`,
    file: doc.file,
  });
}

function missingDocument(name: string, s: AppConfigDocument | undefined, t: AppConfigDocument | undefined): Finding {
  const present = (s ?? t)!;
  const where = s ? "SOURCE" : "TARGET";
  return finding({
    rule: "app-config-missing",
    severity: "risky",
    objectKind: "app-config",
    object: name,
    message: `${name} config is named only in ${where} (${present.file}).`,
    why: "Without the same configuration on both sides nothing about it was compared; the clients may behave differently in TARGET.",
    ...(s ? { source: present.file } : { target: present.file }),
    hint: `Name a ${name} config in both environment files (appConfig), or remove it from the one that has it.`,
    file: present.file,
  });
}

function finding(f: Omit<Finding, "id" | "rule"> & { rule: AppConfigRuleId; detail?: string }): Finding {
  const { detail, ...rest } = f;
  return { id: findingId(f.rule, f.object, detail ?? ""), ...rest };
}

// Keys that name credentials: their values are compared but never printed.
// Over-matching ("maxTokens") only hides a value; under-matching would print a password.
const SECRET_KEY = /passw(or)?d|pwd|secret|token|credential|api[-_]?key|private[-_]?key|dsn|connection[-_]?string/i;

function show(json: string, secret: boolean): string {
  return secret ? "***" : redactSecrets(json);
}

/**
 * Leaf values by key path, as canonical JSON text so equal values compare equal regardless of key order.
 * Arrays are leaves: reordering a list of flags is a changed value, not a set of moved keys.
 */
function flatten(value: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (node: unknown, path: string): void => {
    if (node !== null && typeof node === "object" && !Array.isArray(node) && Object.keys(node).length > 0) {
      for (const [key, child] of Object.entries(node)) walk(child, path === "" ? segment(key) : `${path}${dotted(key)}`);
    } else if (path !== "") {
      out.set(path, JSON.stringify(JSON.parse(canonicalJson(node))));
    }
  };
  walk(value, "");
  return out;
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;
function segment(key: string): string {
  return PLAIN_KEY.test(key) ? key : `[${JSON.stringify(key)}]`;
}
function dotted(key: string): string {
  return PLAIN_KEY.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
