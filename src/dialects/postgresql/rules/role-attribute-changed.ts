import { quoteIdent } from "../model/identifiers.js";
import type { Severity } from "../../../model/finding.js";
import type { Role } from "../model/snapshot.js";
import type { RuleDefinition, FindingDraft } from "../judge/rule-definition.js";
import { isBoth } from "../../../diff/match-by-key.js";

interface Attribute {
  readonly name: string;
  readonly on: string;
  readonly off: string;
  readonly get: (r: Role) => boolean;
  /** Severity when TARGET lacks an attribute SOURCE has; gaining it is info. */
  readonly lost: Severity;
  readonly why: string;
}

const ATTRIBUTES: readonly Attribute[] = [
  { name: "login", on: "LOGIN", off: "NOLOGIN", get: (r) => r.canLogin, lost: "breaking", why: "clients connecting as this role are refused" },
  { name: "superuser", on: "SUPERUSER", off: "NOSUPERUSER", get: (r) => r.superuser, lost: "breaking", why: "it no longer bypasses privilege checks and row security: writes that relied on that fail" },
  { name: "bypassrls", on: "BYPASSRLS", off: "NOBYPASSRLS", get: (r) => r.bypassRls, lost: "breaking", why: "row security policies now apply to it: rows they do not allow are rejected" },
  { name: "inherit", on: "INHERIT", off: "NOINHERIT", get: (r) => r.inherit, lost: "breaking", why: "it no longer uses the privileges of the roles it is a member of without SET ROLE" },
  { name: "replication", on: "REPLICATION", off: "NOREPLICATION", get: (r) => r.replication, lost: "risky", why: "replication connections and slots as this role are refused" },
  { name: "createrole", on: "CREATEROLE", off: "NOCREATEROLE", get: (r) => r.createRole, lost: "info", why: "only role management needs it" },
  { name: "createdb", on: "CREATEDB", off: "NOCREATEDB", get: (r) => r.createDb, lost: "info", why: "only creating databases needs it" },
];

export const roleAttributeChanged: RuleDefinition = {
  id: "role-attribute-changed",
  description: "A role's LOGIN, SUPERUSER, BYPASSRLS, INHERIT, REPLICATION, CREATEROLE, CREATEDB or connection limit differs.",
  reads: ["roles"],
  defaultSeverity: "breaking",
  check: (context) =>
    context
      .roles()
      .filter(isBoth)
      .flatMap(({ source, target }) => {
        const name = quoteIdent(source.name);
        const out: FindingDraft[] = [];
        for (const a of ATTRIBUTES) {
          const s = a.get(source);
          const t = a.get(target);
          if (s === t) continue;
          const lost = s && !t;
          out.push({
            objectKind: "role",
            object: name,
            detail: a.name,
            severity: lost ? (a.name === "inherit" && source.memberOf.length === 0 ? "info" : a.lost) : "info",
            message: `Role ${name} is ${t ? a.on : a.off} in TARGET, ${s ? a.on : a.off} in SOURCE.`,
            why: lost ? `In TARGET ${a.why}.` : "TARGET grants the role more than SOURCE; nothing that succeeds in SOURCE fails because of it.",
            source: s ? a.on : a.off,
            target: t ? a.on : a.off,
            hint: `ALTER ROLE ${name} ${s ? a.on : a.off};`,
          });
        }
        const limit = (n: number) => (n < 0 ? Infinity : n);
        if (source.connectionLimit !== target.connectionLimit) {
          const lower = limit(target.connectionLimit) < limit(source.connectionLimit);
          out.push({
            objectKind: "role",
            object: name,
            detail: "connection limit",
            severity: lower ? "risky" : "info",
            message: `Role ${name} has connection limit ${target.connectionLimit} in TARGET, ${source.connectionLimit} in SOURCE (-1 = none).`,
            why: lower ? "Under load, connections beyond TARGET's lower limit are refused." : "TARGET allows at least as many connections.",
            source: String(source.connectionLimit),
            target: String(target.connectionLimit),
            hint: `ALTER ROLE ${name} CONNECTION LIMIT ${source.connectionLimit};`,
          });
        }
        return out;
      }),
};
