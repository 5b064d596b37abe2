import type { Dialect } from "../../diff/dialect.js";
import { assertToolFormat } from "../../files/tool-schemas.js";
import { applyIgnores } from "./judge/apply-ignores.js";
import { createRuleContext, type RuleContext } from "./judge/rule-context.js";
import { POSTGRESQL, type Snapshot } from "./model/snapshot.js";
import { RULES } from "./rules/index.js";
import { WRITE_EFFECTS } from "./judge/rule-write-effects.js";
import { migrationsDriver } from "./drivers/migrations-driver.js";
import { serverDriver } from "./drivers/server-driver.js";
import type { StoreDriver } from "../../model/store-driver.js";
import { qualifiedName, quoteIdent } from "./model/identifiers.js";
import { fitRegressions, fitSchemaToTable } from "./fit/fit-schema-to-table.js";
import { probeDocuments } from "./probe/probe-documents.js";
import { findTableTarget, nearTablesHint } from "./probe/table-target.js";
import { rowKeyText } from "./scan/scan-result.js";
import { scanTable } from "./scan/scan-table.js";
import { asSqlSession } from "./session/as-sql-session.js";
import { abortServerConnections, beginConnectionEpoch } from "./session/server-session.js";
import { MIGRATION_LAYOUTS } from "./migrations/migration-layouts.js";
import { withMigrationLocations } from "./migrations/migration-locations.js";

/**
 * PostgreSQL as the engine sees it. Everything this dialect knows (catalog reading, sessions, migration
 * folders, the model, the rules, fit, probe and scan SQL) sits in this folder; the engine reaches it only
 * through this object and the registry in src/dialects/index.ts.
 */
export const postgresql: Dialect<Snapshot, RuleContext> = {
  name: POSTGRESQL,
  rules: RULES,
  writeEffects: WRITE_EFFECTS,
  settingsSections: ["settings", "roleSettings", "server", "database"],
  createContext(source, target, options) {
    const ignores = { roles: options.ignoreRoles, schemas: options.ignoreSchemas };
    const instance = source.origin.instance;
    return createRuleContext(applyIgnores(source.content, ignores), applyIgnores(target.content, ignores), {
      ignoredRoles: options.ignoreRoles,
      writers: options.writers,
      sameServerInstance: instance !== undefined && instance === target.origin.instance,
    });
  },
  snapshotSchema: "snapshot.schema.json",
  validateSnapshot(data, what) {
    assertToolFormat("snapshot.schema.json", data, what);
  },
  // Each driver is typed on its own location; the list is read through the neutral StoreLocation.
  drivers: [serverDriver, migrationsDriver] as unknown as readonly StoreDriver[],
  displayTable: (table) => qualifiedName(table.schema, table.name),
  displayIdentifier: quoteIdent,
  probe: {
    probeDocuments: (session, options) => probeDocuments(asSqlSession(session), options),
    hasTable: async (session, table) => (await findTableTarget(asSqlSession(session), table)) !== null,
    nearTablesHint: (session, table) => nearTablesHint(asSqlSession(session), table),
  },
  scan: {
    // A server's URL is streamed with COPY on a connection of scan's own; a session through a cursor.
    scanTable: (store, options) => scanTable(typeof store === "string" ? store : asSqlSession(store), options),
    rowKeyText,
  },
  fit: {
    hasTable: (snapshot, table) => snapshot.content.tables.some((t) => t.schema === table.schema && t.name === table.name),
    fitSchemaToTable,
    fitRegressions,
  },
  migrations: { layouts: MIGRATION_LAYOUTS, withMigrationLocations },
  // Only servers hold connections; an embedded engine lives in this process and ends with the command.
  connections: { beginEpoch: beginConnectionEpoch, abortAll: abortServerConnections },
};
