import type { RuleDefinition } from "../judge/rule-definition.js";

export const settingsNotCompared: RuleDefinition = {
  id: "settings-not-compared",
  description: "Server settings and the database locale were not compared because a side is an embedded snapshot built from SQL.",
  reads: ["server", "settings"],
  defaultSeverity: "info",
  check: (context) => {
    if (context.comparesServerSettings) return [];
    const sides = [context.source.server.embedded ? "SOURCE" : null, context.target.server.embedded ? "TARGET" : null].filter(Boolean);
    return [
      {
        objectKind: "settings",
        object: "server settings",
        message: `Server settings and the database locale were not compared: ${sides.join(" and ")} ${sides.length > 1 ? "are" : "is"} built from SQL on embedded PostgreSQL.`,
        why: "An embedded snapshot's server settings, encoding and locale are the embedded engine's own, not an environment's; database and role settings from the SQL were compared.",
        hint: "Snapshot a real server to compare server settings such as statement_timeout or default_transaction_read_only.",
      },
    ];
  },
};
