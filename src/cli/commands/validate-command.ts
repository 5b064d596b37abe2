import { Command, Option } from "commander";
import path from "node:path";
import { ExitCode, InputError } from "../../errors.js";
import { formatDocumentError } from "../../schemas/document-error.js";
import { compileCatalogEntry, schemasDirOf } from "../../schemas/document-validator.js";
import { findSchema, loadSchemaCatalog } from "../../schemas/schema-catalog.js";
import { resolveDocumentSources, validateSources, type DocumentFailure } from "../../schemas/validate-sources.js";
import type { CommandContext } from "../command-context.js";
import { pathOption } from "../parse-options.js";
import { writeSchemasOptions } from "../write-schemas-flag.js";

interface ValidateOptions {
  readonly format: "text" | "json";
  readonly writeSchemas?: string;
}

export function validateCommand(context: CommandContext): Command {
  const writeSchemas = writeSchemasOptions("folder of JSON Schemas, for names and $refs", "--schemas-dir");
  return new Command("validate")
    .description("Validate JSON documents against a JSON Schema (draft-07, 2019-09 or 2020-12, chosen by $schema).")
    .argument("<schema>", "schema file, or the $id or file name of a schema in the schema folder")
    .argument("<docs...>", ".json files (one document each), .ndjson/.jsonl files (one per line), or - for NDJSON on stdin")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .addOption(writeSchemas[0]!)
    .addOption(writeSchemas[1]!)
    .addHelpText(
      "after",
      "\nExit codes: 0 every document valid, 1 some document invalid, 2 the schema is invalid or a file is missing.",
    )
    .action(async (schemaRef: string, docs: string[], opts: ValidateOptions) => {
      const { io } = context;
      const cwd = io.cwd;
      const catalog = await loadSchemaCatalog(schemasDirOf({ cwd, schemasDir: opts.writeSchemas }));
      const entry = await findSchema(catalog, schemaRef, cwd);
      const validator = compileCatalogEntry(catalog, entry);
      const sources = await resolveDocumentSources(docs, cwd);
      const schemaLabel = entry.file ? path.relative(cwd, entry.file) || entry.file : entry.id;

      let first = true;
      // The JSON head waits for the first failure or the end: input with no documents is refused
      // before anything is written, so stdout never holds half a report.
      const head = () => `{\n  "schema": ${JSON.stringify({ id: entry.id, file: schemaLabel, draft: entry.draft })},\n  "failures": [\n`;
      const onFailure =
        opts.format === "json"
          ? (failure: DocumentFailure) => {
              // One JSON document written as it grows, so memory stays flat however many documents fail.
              io.stdout(`${first ? head() : ",\n"}    ${JSON.stringify(failure)}`);
              first = false;
            }
          : (failure: DocumentFailure) => {
              const where = failure.line === null ? failure.source : `${failure.source}:${failure.line}`;
              io.stdout(failure.errors.map((error) => `${where} ${formatDocumentError(error)}\n`).join(""));
            };
      const summary = await validateSources(validator, sources, io.stdin, onFailure);
      // As probe does: no documents proves nothing, and a gate fed an empty file by mistake must not pass.
      if (summary.documents === 0) throw new InputError("no documents to validate: the inputs hold no JSON document");
      if (opts.format === "json") {
        io.stdout(`${first ? head() : "\n"}  ],\n  "summary": ${JSON.stringify(summary)}\n}\n`);
      } else {
        io.stdout(`${summary.documents} document${summary.documents === 1 ? "" : "s"}: ${summary.valid} valid, ${summary.invalid} invalid\n`);
      }
      context.setExit(summary.invalid > 0 ? ExitCode.findings : ExitCode.ok);
    });
}
