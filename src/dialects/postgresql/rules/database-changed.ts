import type { RuleDefinition, FindingDraft } from "../judge/rule-definition.js";
import { quoteIdent } from "../model/identifiers.js";

export const databaseChanged: RuleDefinition = {
  id: "database-changed",
  description: "The database's encoding, collation, ctype (not compared for embedded snapshots) or connection limit differs; its name never counts.",
  reads: ["database"],
  defaultSeverity: "risky",
  check: (context) => {
    const s = context.source.database;
    const t = context.target.database;
    const out: FindingDraft[] = [];
    const facts = [
      { detail: "encoding", label: "encoding", s: s.encoding, t: t.encoding, why: "Characters SOURCE stores may not exist in TARGET's encoding: those writes fail." },
      { detail: "collate", label: "collation (LC_COLLATE)", s: s.collate, t: t.collate, why: "Text sorts and compares differently: UNIQUE indexes and range CHECKs on text may accept or reject different values." },
      { detail: "ctype", label: "character classification (LC_CTYPE)", s: s.ctype, t: t.ctype, why: "upper(), lower() and regular expressions behave differently on non-ASCII text." },
    ];
    // An embedded engine's encoding and locale are its own build's, like its server settings.
    const comparesLocale = !context.source.server.embedded && !context.target.server.embedded;
    for (const f of facts) {
      if (f.s === f.t || !comparesLocale) continue;
      out.push({
        objectKind: "database",
        object: "database",
        detail: f.detail,
        message: `The database's ${f.label} is ${f.t} in TARGET, ${f.s} in SOURCE.`,
        why: f.why,
        source: f.s,
        target: f.t,
        hint: "Fixed when the database is created: recreate it with SOURCE's value, or accept the difference with a waiver.",
      });
    }
    if (s.connectionLimit !== t.connectionLimit) {
      const limit = (n: number) => (n < 0 ? Infinity : n);
      const lower = limit(t.connectionLimit) < limit(s.connectionLimit);
      out.push({
        objectKind: "database",
        object: "database",
        detail: "connection limit",
        severity: lower ? "risky" : "info",
        message: `The database's connection limit is ${t.connectionLimit} in TARGET, ${s.connectionLimit} in SOURCE (-1 = none).`,
        why: lower ? "Under load, connections beyond TARGET's lower limit are refused." : "TARGET allows at least as many connections.",
        source: String(s.connectionLimit),
        target: String(t.connectionLimit),
        hint: `ALTER DATABASE ${quoteIdent(t.name)} CONNECTION LIMIT ${s.connectionLimit};`,
      });
    }
    return out;
  },
};
