import { relative } from "node:path";
import { findingId } from "../model/finding-id.js";
import type { Finding } from "../model/finding.js";
import type { FitRuleId } from "../model/finding-kinds.js";
import { dialectOperation, type Snapshot } from "../dialects/index.js";
import { parseTableName } from "../model/table-name.js";
import type { SchemaCatalog } from "../schemas/schema-catalog.js";
import type { WriteSchema } from "../schemas/write-schemas.js";

/**
 * "Into the gate": for each write schema that names its table, the document shapes that fit SOURCE's
 * table but not TARGET's. Pure: schemas and snapshots are read by the caller.
 *
 * A table only one side has is already judged by the table rules (breaking when TARGET lacks it), so it
 * is not fitted twice. A table neither side has is reported as info rather than skipped, so a schema
 * that names a misspelt table is seen and never mistaken for one that fits.
 */
export function writeSchemaFindings(
  write: { readonly schemas: readonly WriteSchema[]; readonly catalog: SchemaCatalog },
  source: Snapshot,
  target: Snapshot,
  /** Findings name the schema file relative to this folder (where driftgate runs), for annotations. */
  cwd?: string,
): Finding[] {
  const findings: Finding[] = [];
  // The pair is of one dialect (judge refuses two); that dialect knows what its tables accept.
  const fit = () => dialectOperation(source.dialect, "fit", "write-schema fit");
  for (const { entry, target: writes } of write.schemas) {
    const file = entry.file && cwd ? { file: relative(cwd, entry.file) } : {};
    const { schema, name } = parseTableName(writes.table.trim());
    const has = (snapshot: Snapshot) => fit().hasTable(snapshot, { schema, name });
    const inSource = has(source);
    const inTarget = has(target);
    if (!inSource && !inTarget) {
      const object = `${entry.name} -> ${writes.table}`;
      const rule: FitRuleId = "fit-table-absent";
      findings.push({
        id: findingId(rule, object, ""),
        rule,
        severity: "info",
        objectKind: "write schema",
        object,
        message: `Write schema ${entry.name} names table ${writes.table}, which neither store has: it was not fitted.`,
        why: "Nothing was checked for this schema here; if it belongs to another store, this is expected.",
        hint: `Check the "x-driftgate": {"table": ...} annotation in ${entry.name}.`,
        ...file,
      });
      continue;
    }
    if (!inSource || !inTarget) continue;
    const options = { column: writes.column, catalog: write.catalog };
    const { fitRegressions, fitSchemaToTable } = fit();
    const regressions = fitRegressions(fitSchemaToTable(entry, source, writes.table, options), fitSchemaToTable(entry, target, writes.table, options));
    // In a check report the schema is not otherwise named: say whose documents break.
    findings.push(...regressions.map((f) => ({ ...f, message: `Write schema ${entry.name}: ${f.message}`, ...file })));
  }
  return findings;
}
