import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { InputError } from "../errors.js";
import { syntaxError, type DocumentError } from "./document-error.js";
import { validateDocumentStream, type DocumentValidator, type StreamSummary } from "./document-validator.js";
import { stripBom } from "./schema-catalog.js";

/** Where documents come from: a `.json` file (one document), an NDJSON file, or "-" for NDJSON on stdin. */
export interface DocumentSource {
  /** As the user wrote it; what failures are reported against. */
  readonly label: string;
  readonly kind: "json" | "ndjson" | "stdin";
  readonly file: string | null;
}

export interface DocumentFailure {
  readonly source: string;
  /** 1-based line for NDJSON inputs, null for a `.json` file. */
  readonly line: number | null;
  readonly errors: readonly DocumentError[];
}

/**
 * Turns DOCS arguments into sources and checks every file exists before anything is validated, so a
 * missing file is bad input (exit 2) instead of a report that stops half way.
 */
export async function resolveDocumentSources(args: readonly string[], cwd: string): Promise<DocumentSource[]> {
  if (args.length === 0) throw new InputError("no documents given: pass .json, .ndjson or .jsonl files, or - for NDJSON on stdin");
  const sources: DocumentSource[] = [];
  let stdinSeen = false;
  for (const arg of args) {
    if (arg === "-") {
      if (stdinSeen) throw new InputError(`"-" (stdin) given twice`);
      stdinSeen = true;
      sources.push({ label: "-", kind: "stdin", file: null });
      continue;
    }
    const lower = arg.toLowerCase();
    const kind = lower.endsWith(".json") ? "json" : lower.endsWith(".ndjson") || lower.endsWith(".jsonl") ? "ndjson" : null;
    if (kind === null) throw new InputError(`${arg}: unknown document file type; use .json (one document), .ndjson or .jsonl (one per line), or - for stdin`);
    const file = path.resolve(cwd, arg);
    let isFile = false;
    let size = 0;
    try {
      const info = await stat(file);
      isFile = info.isFile();
      size = info.size;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new InputError(code === "ENOENT" ? `document file not found: ${arg}` : `cannot read ${arg}: ${(error as Error).message}`);
    }
    if (!isFile) throw new InputError(`${arg}: not a file`);
    // An empty .json holds no document: bad input before anything is validated, as probe has it.
    if (kind === "json" && size < 4096 && stripBom(await readFile(file, "utf8")).trim() === "") throw new InputError(`${arg}: the file is empty (no document)`);
    sources.push({ label: arg, kind, file });
  }
  return sources;
}

/** Validates every source in order, streaming failures to `onFailure` as they are found. */
export async function validateSources(
  validator: DocumentValidator,
  sources: readonly DocumentSource[],
  stdin: NodeJS.ReadableStream,
  onFailure: (failure: DocumentFailure) => void,
): Promise<StreamSummary> {
  let documents = 0;
  let invalid = 0;
  for (const source of sources) {
    if (source.kind === "json") {
      const errors = await validateJsonFile(validator, source);
      documents++;
      if (errors !== null) {
        invalid++;
        onFailure({ source: source.label, line: null, errors });
      }
      continue;
    }
    const input = source.kind === "stdin" ? stdin : createReadStream(source.file!, { encoding: "utf8", highWaterMark: 1 << 16 });
    const summary = await validateDocumentStream(validator, input, ({ line, errors }) => onFailure({ source: source.label, line, errors }));
    documents += summary.documents;
    invalid += summary.invalid;
  }
  return { documents, valid: documents - invalid, invalid };
}

async function validateJsonFile(validator: DocumentValidator, source: DocumentSource): Promise<readonly DocumentError[] | null> {
  let text: string;
  try {
    text = await readFile(source.file!, "utf8");
  } catch (error) {
    throw new InputError(`cannot read ${source.label}: ${(error as Error).message}`);
  }
  text = stripBom(text);
  if (text.trim() === "") return [syntaxError(new Error("the file is empty"))];
  return validator.checkText(text);
}
