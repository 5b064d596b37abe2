import { severityRank, type Severity } from "../../../model/finding.js";

/** What losing a privilege does to writes; the severity follows from it. */
const EFFECTS: Record<string, { severity: Severity; effect: string }> = {
  INSERT: { severity: "breaking", effect: "every INSERT fails with \"permission denied\"" },
  UPDATE: { severity: "breaking", effect: "every UPDATE (and ON CONFLICT DO UPDATE, SELECT ... FOR UPDATE) fails" },
  DELETE: { severity: "breaking", effect: "every DELETE fails" },
  TRUNCATE: { severity: "breaking", effect: "every TRUNCATE fails" },
  USAGE: { severity: "breaking", effect: "nothing in the schema can be reached, or nextval() on the sequence fails" },
  EXECUTE: { severity: "breaking", effect: "every call fails, including calls from defaults and expressions" },
  CONNECT: { severity: "breaking", effect: "the role cannot connect to the database at all" },
  SELECT: { severity: "risky", effect: "UPDATE/DELETE with a WHERE clause, RETURNING and ON CONFLICT fail" },
  CREATE: { severity: "risky", effect: "migrations that create objects fail" },
  TEMPORARY: { severity: "risky", effect: "creating temporary tables fails" },
  REFERENCES: { severity: "info", effect: "only creating foreign keys is affected" },
  TRIGGER: { severity: "info", effect: "only creating triggers is affected" },
  MAINTAIN: { severity: "info", effect: "only VACUUM, ANALYZE, REINDEX and similar are affected" },
};

export function privilegeEffect(privilege: string): { severity: Severity; effect: string } {
  return EFFECTS[privilege] ?? { severity: "risky", effect: "an unknown privilege" };
}

export function mostSevere(severities: readonly Severity[]): Severity {
  return severities.reduce<Severity>((worst, s) => (severityRank(s) > severityRank(worst) ? s : worst), "info");
}
