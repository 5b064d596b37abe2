import { quoteIdent } from "../model/identifiers.js";
import type { RuleDefinition } from "../judge/rule-definition.js";
import { roleFootprint } from "../judge/role-footprint.js";
import { createRole } from "../judge/sql-hints.js";

export const roleMissing: RuleDefinition = {
  id: "role-missing",
  description: "A role that SOURCE's database uses does not exist on TARGET's server (breaking when it holds grants or owns objects in SOURCE).",
  reads: ["roles", "database", "schemas", "tables", "views", "sequences", "routines"],
  defaultSeverity: "breaking",
  check: (context) =>
    context.roles().flatMap(({ source, target }) => {
      if (!source || target) return [];
      const use = roleFootprint(context.source, source.name);
      const members = context.source.roles.filter((r) => r.memberOf.includes(source.name)).map((r) => r.name);
      const used = use.grants > 0 || use.owns > 0 || members.length > 0;
      const uses = [
        ...(use.grants > 0 ? [`${use.grants} privilege(s) granted to it`] : []),
        ...(use.owns > 0 ? [`owns ${use.owns} object(s)`] : []),
        ...(members.length > 0 ? [`${members.map(quoteIdent).join(", ")} inherit from it`] : []),
      ];
      return [
        {
          objectKind: "role",
          object: quoteIdent(source.name),
          severity: used ? "breaking" : source.canLogin ? "risky" : "info",
          // A snapshot that lists every role of its cluster proves absence; an older file lists only the
          // roles its database refers to, so there "missing" may only mean "unused".
          message:
            context.target.otherRoles !== undefined
              ? `Role ${quoteIdent(source.name)} does not exist on TARGET's server.`
              : `Role ${quoteIdent(source.name)} does not appear in TARGET: it does not exist there, or TARGET's database grants it nothing and owns nothing by it.`,
          why: used
            ? `In SOURCE it is used (${uses.join("; ")}): writes that rely on it, or on membership in it, fail in TARGET.`
            : source.canLogin
              ? "It can log in in SOURCE: a client connecting as it fails in TARGET."
              : "It holds nothing in SOURCE's database; nothing there depends on it.",
          source: createRole(source).replace(/^CREATE ROLE \S+ /, "").replace(/;$/, ""),
          hint: createRole(source),
        } as const,
      ];
    }),
};
