import type { FindingDraft, RuleDefinition } from "../judge/rule-definition.js";
import { isBoth } from "../../../diff/match-by-key.js";
import { relationName } from "../judge/object-names.js";
import { quoteIdent } from "../model/identifiers.js";

export const viewNotUpdatable: RuleDefinition = {
  id: "view-not-updatable",
  description: "A view accepts INSERT, UPDATE or DELETE (or writes to a column) in SOURCE but not in TARGET: writes through it fail.",
  reads: ["views"],
  defaultSeverity: "breaking",
  check: (context) =>
    context
      .changed(context.views())
      .filter(isBoth)
      .flatMap(({ source, target }): FindingDraft[] => {
        // Snapshots recorded before updatability was captured say nothing either way: view-changed judges them.
        if (!source.updatable || !target.updatable) return [];
        const name = relationName(source);
        const out: FindingDraft[] = [];
        const hint = `CREATE OR REPLACE VIEW ${name} AS\n${source.definition}`;
        for (const event of source.updatable.filter((e) => !target.updatable!.includes(e))) {
          const command = event.toUpperCase();
          out.push({
            objectKind: "view",
            object: name,
            detail: event,
            message: `View ${name} accepts ${command} in SOURCE but not in TARGET.`,
            why: `Every ${command} through the view fails in TARGET ("cannot ${event} into view" or "cannot ${event} view"): it is not automatically updatable there and no INSTEAD OF trigger or rule takes the write.`,
            source: `accepts ${source.updatable.map((e) => e.toUpperCase()).join(", ")}`,
            target: target.updatable.length > 0 ? `accepts ${target.updatable.map((e) => e.toUpperCase()).join(", ")}` : "accepts no writes",
            hint,
          });
        }
        // A column writes may name: INSERT or UPDATE through the view must be possible in both.
        const writes = (events: readonly string[]) => events.includes("insert") || events.includes("update");
        if (!writes(source.updatable) || !writes(target.updatable)) return out;
        // An INSTEAD OF trigger takes the whole row whatever the columns are: the column's own updatability
        // is only the automatic path's.
        if (target.triggers.some((t) => t.timing === "instead of" && t.enabled !== "disabled")) return out;
        const targetColumns = new Map(target.columns.map((c) => [c.name, c]));
        for (const column of source.columns) {
          if (column.updatable !== true) continue;
          const there = targetColumns.get(column.name);
          if (there?.updatable === true) continue;
          const col = quoteIdent(column.name);
          out.push({
            objectKind: "view",
            object: name,
            detail: `column ${column.name}`,
            message: there
              ? `Column ${col} of view ${name} can be written in SOURCE but not in TARGET.`
              : `Column ${col} of view ${name} can be written in SOURCE and does not exist in TARGET.`,
            why: `An INSERT or UPDATE through the view that names ${col} fails in TARGET${there ? " (it is not a plain column reference there)" : ""}.`,
            source: "insertable and updatable",
            target: there ? "read-only column" : "no such column",
            hint,
          });
        }
        return out;
      }),
};
