import { Command, Option } from "commander";
import path from "node:path";
import { ExitCode } from "../../errors.js";
import { formatDocumentError } from "../../schemas/document-error.js";
import { compileCatalogEntry, schemasDirOf } from "../../schemas/document-validator.js";
import { findSchema, loadSchemaCatalog } from "../../schemas/schema-catalog.js";
import { resolveDocumentSources, validateSources, type DocumentFailure } from "../../schemas/validate-sources.js";
import type { CommandContext } from "../command-context.js";
import { pathOption } from "../parse-options.js";

interface ValidateOptions {
  readonly format: "text" | "json";
  readonly schemasDir?: string;
}

export function validateCommand(context: CommandContext): Command {
  return new Command("validate")
    .description("Validate JSON documents against a JSON Schema (draft-07, 2019-09 or 2020-12, chosen by $schema).")
    .argument("<schema>", "schema file, or the $id or file name of a schema in the schema folder")
    .argument("<docs...>", ".json files (one document each), .ndjson/.jsonl files (one per line), or - for NDJSON on stdin")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .addOption(pathOption("--schemas-dir <dir>", "folder of schemas for names and $refs", "folder", "schemas"))
    .addHelpText(
      "after",
      "\nExit codes: 0 every document valid, 1 some document invalid, 2 the schema is invalid or a file is missing.",
    )
    .action(async (schemaRef: string, docs: string[], opts: ValidateOptions) => {
      const { io } = context;
      const cwd = io.cwd;
      const catalog = await loadSchemaCatalog(schemasDirOf({ cwd, schemasDir: opts.schemasDir }));
      const entry = await findSchema(catalog, schemaRef, cwd);
      const validator = compileCatalogEntry(catalog, entry);
      const sources = await resolveDocumentSources(docs, cwd);
      const schemaLabel = entry.file ? path.relative(cwd, entry.file) || entry.file : entry.id;

      let first = true;
      const onFailure =
        opts.format === "json"
          ? (failure: DocumentFailure) => {
              // One JSON document written as it grows, so memory stays flat however many documents fail.
              io.stdout(`${first ? "" : ",\n"}    ${JSON.stringify(failure)}`);
              first = false;
            }
          : (failure: DocumentFailure) => {
              const where = failure.line === null ? failure.source : `${failure.source}:${failure.line}`;
              io.stdout(failure.errors.map((error) => `${where} ${formatDocumentError(error)}\n`).join(""));
            };
      if (opts.format === "json") {
        io.stdout(`{\n  "schema": ${JSON.stringify({ id: entry.id, file: schemaLabel, draft: entry.draft })},\n  "failures": [\n`);
      }
      const summary = await validateSources(validator, sources, io.stdin, onFailure);
      if (opts.format === "json") {
        io.stdout(`${first ? "" : "\n"}  ],\n  "summary": ${JSON.stringify(summary)}\n}\n`);
      } else {
        io.stdout(`${summary.documents} document${summary.documents === 1 ? "" : "s"}: ${summary.valid} valid, ${summary.invalid} invalid\n`);
      }
      context.setExit(summary.invalid > 0 ? ExitCode.findings : ExitCode.ok);
    });
}
