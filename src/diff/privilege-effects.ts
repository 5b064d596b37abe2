import { severityRank, type Severity } from "../model/finding.js";

/** What losing a privilege does to writes; the severity follows from it. */
const EFFECTS: Record<string, { severity: Severity; effect: string }> = {
  INSERT: { severity: "breaking", effect: "INSERT fails with \"permission denied\"" },
  UPDATE: { severity: "breaking", effect: "UPDATE (and SELECT ... FOR UPDATE, ON CONFLICT DO UPDATE) fails" },
  DELETE: { severity: "breaking", effect: "DELETE fails" },
  TRUNCATE: { severity: "breaking", effect: "TRUNCATE fails" },
  USAGE: { severity: "breaking", effect: "nothing in it can be used (schema), nextval fails (sequence)" },
  EXECUTE: { severity: "breaking", effect: "calls fail, including those from defaults and expressions" },
  CONNECT: { severity: "breaking", effect: "the role cannot connect to the database at all" },
  SELECT: { severity: "risky", effect: "UPDATE/DELETE with a WHERE clause, RETURNING and ON CONFLICT need it" },
  CREATE: { severity: "risky", effect: "migrations that create objects fail" },
  TEMPORARY: { severity: "risky", effect: "creating temporary tables fails" },
  REFERENCES: { severity: "info", effect: "only creating foreign keys needs it" },
  TRIGGER: { severity: "info", effect: "only creating triggers needs it" },
  MAINTAIN: { severity: "info", effect: "only VACUUM, ANALYZE, REINDEX and similar need it" },
};

export function privilegeEffect(privilege: string): { severity: Severity; effect: string } {
  return EFFECTS[privilege] ?? { severity: "risky", effect: "an unknown privilege" };
}

export function mostSevere(severities: readonly Severity[]): Severity {
  return severities.reduce<Severity>((worst, s) => (severityRank(s) > severityRank(worst) ? s : worst), "info");
}
