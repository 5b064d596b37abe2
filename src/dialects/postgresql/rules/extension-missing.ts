import type { RuleDefinition } from "../judge/rule-definition.js";
import { quoteIdent, quoteLiteral } from "../model/identifiers.js";
import type { Extension, SnapshotContent } from "../model/snapshot.js";

export const extensionMissing: RuleDefinition = {
  id: "extension-missing",
  description: "An extension installed in SOURCE is missing in TARGET (breaking when a TARGET routine or expression calls its functions).",
  reads: ["extensions", "routines", "tables", "domains"],
  defaultSeverity: "breaking",
  check: (context) =>
    context.extensions().flatMap(({ source, target }) => {
      if (!source || target) return [];
      // Objects built on the extension (a column of its type, a default calling it) cannot exist in TARGET
      // without it: they are judged as their own differences. What remains is code in TARGET that calls
      // the extension by name, which only fails when it runs, and writes that call it directly.
      const callers = callersIn(context.target, source);
      // A file recorded before member functions were captured cannot rule callers out: fail closed.
      const unknown = source.functions === undefined;
      return [
        {
          objectKind: "extension",
          object: quoteIdent(source.name),
          severity: callers.length > 0 || unknown ? "breaking" : "risky",
          message: `Extension ${quoteIdent(source.name)} is not installed in TARGET.`,
          why: unknown
            ? "Types, functions and operators it provides do not exist in TARGET: writes that use them fail. (SOURCE's snapshot predates the capture of extension functions, so code in TARGET calling them cannot be ruled out.)"
            : callers.length > 0
              ? `In TARGET ${callers.slice(0, 3).join(", ")}${callers.length > 3 ? ` and ${callers.length - 3} more` : ""} call${callers.length === 1 ? "s" : ""} its functions: the writes that run them fail with "function does not exist".`
              : "Nothing in TARGET calls it, and objects built on it are judged on their own; a write that uses its types, functions or operators directly fails in TARGET.",
          source: `${source.version} in schema ${quoteIdent(source.schema)}`,
          hint: `CREATE EXTENSION ${quoteIdent(source.name)} WITH SCHEMA ${quoteIdent(source.schema)} VERSION ${quoteLiteral(source.version)};`,
        } as const,
      ];
    }),
};

/** TARGET's routines, defaults, generated columns, CHECKs and policies whose text calls one of the extension's functions. */
function callersIn(content: SnapshotContent, extension: Extension): string[] {
  const names = extension.functions ?? [];
  if (names.length === 0) return [];
  // A call is the name, optionally schema-qualified or quoted, followed by "(".
  const escaped = names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const call = new RegExp(`(^|[^A-Za-z0-9_$])"?(${escaped.join("|")})"?\\s*\\(`, "i");
  const out: string[] = [];
  for (const r of content.routines) if (call.test(r.body)) out.push(`${r.kind} ${quoteIdent(r.schema)}.${quoteIdent(r.name)}`);
  for (const t of content.tables) {
    const table = `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`;
    for (const c of t.columns) {
      if ((c.default && call.test(c.default)) || (c.generatedExpression && call.test(c.generatedExpression))) out.push(`column ${table}.${quoteIdent(c.name)}`);
    }
    for (const k of t.constraints) if (k.type === "check" && call.test(k.definition)) out.push(`constraint ${quoteIdent(k.name)} on ${table}`);
    for (const p of t.policies) if ((p.using && call.test(p.using)) || (p.withCheck && call.test(p.withCheck))) out.push(`policy ${quoteIdent(p.name)} on ${table}`);
  }
  for (const d of content.domains) {
    if ((d.default && call.test(d.default)) || d.checks.some((c) => call.test(c.definition))) out.push(`domain ${quoteIdent(d.schema)}.${quoteIdent(d.name)}`);
  }
  return out;
}
