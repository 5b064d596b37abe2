import { Command, Option } from "commander";
import path from "node:path";
import { ExitCode } from "../../errors.js";
import { compareSchemas } from "../../schemas/compare-schemas.js";
import { schemasDirOf } from "../../schemas/document-validator.js";
import { formatReason } from "../../schemas/format-reason.js";
import { findSchema, loadSchemaCatalog, type SchemaEntry } from "../../schemas/schema-catalog.js";
import type { CommandContext } from "../command-context.js";
import { pathOption } from "../parse-options.js";
import { writeSchemasOptions } from "../write-schemas-flag.js";

export function compatCommand(context: CommandContext): Command {
  const writeSchemas = writeSchemasOptions("folder of JSON Schemas, for names and $refs", "--schemas-dir");
  return new Command("compat")
    .description("Is NEW a safe successor of OLD? Breaking when NEW rejects some document OLD accepted.")
    .argument("<old>", "the schema in use: file, or $id or file name in the schema folder")
    .argument("<new>", "the schema about to replace it")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .addOption(writeSchemas[0]!)
    .addOption(writeSchemas[1]!)
    .addHelpText("after", "\nExit codes: 0 compatible (NEW accepts everything OLD accepted), 1 breaking, 2 bad input (missing or invalid schema).")
    .action(async (oldRef: string, newRef: string, opts: { format: "text" | "json"; writeSchemas: string }) => {
      const { io } = context;
      const catalog = await loadSchemaCatalog(schemasDirOf({ cwd: io.cwd, schemasDir: opts.writeSchemas }));
      const oldEntry = await findSchema(catalog, oldRef, io.cwd);
      const newEntry = await findSchema(catalog, newRef, io.cwd);
      const report = await compareSchemas(oldEntry, newEntry, catalog);
      const label = (entry: SchemaEntry) => (entry.file ? path.relative(io.cwd, entry.file) || entry.file : entry.id);
      if (opts.format === "json") {
        const describe = (entry: SchemaEntry) => ({ id: entry.id, file: label(entry), draft: entry.draft });
        io.stdout(`${JSON.stringify({ ...report, old: describe(oldEntry), new: describe(newEntry) }, null, 2)}\n`);
      } else {
        const lines: string[] = [];
        const summary =
          report.verdict === "breaking"
            ? "breaking: NEW rejects documents that OLD accepted"
            : report.identical
              ? "compatible: identical"
              : report.cosmetic
                ? "compatible: cosmetic changes only"
                : "compatible: NEW accepts everything OLD accepted";
        lines.push(`${label(oldEntry)} -> ${label(newEntry)}: ${summary}`);
        if (report.removed.length > 0) {
          lines.push("removed (OLD accepted, NEW rejects):");
          for (const reason of report.removed) lines.push(`  ${formatReason(reason)}`);
        }
        if (report.added.length > 0) {
          lines.push("added (NEW accepts, OLD rejected):");
          for (const reason of report.added) lines.push(`  ${formatReason(reason)}`);
        }
        if (report.valueSetsNote) lines.push(`value sets: ${report.valueSetsNote}`);
        lines.push(`${report.removed.length} removed, ${report.added.length} added`);
        io.stdout(`${lines.join("\n")}\n`);
      }
      context.setExit(report.verdict === "breaking" ? ExitCode.findings : ExitCode.ok);
    });
}
