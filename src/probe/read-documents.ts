import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { InputError } from "../errors.js";
import { stripBom } from "../schemas/schema-catalog.js";
import type { DocumentSource } from "../schemas/validate-sources.js";
import type { ProbeDocument } from "../model/probe-result.js";

/**
 * Parsed documents from the same inputs `validate` takes (.json, .ndjson/.jsonl, "-"), one at a time so a
 * large NDJSON file is never held whole. A trial write needs a document, so text that is not JSON is bad
 * input here, named by file and line, rather than a finding as it is for `validate`.
 */
export async function* readDocuments(sources: readonly DocumentSource[], stdin: NodeJS.ReadableStream): AsyncGenerator<ProbeDocument> {
  for (const source of sources) {
    if (source.kind === "json") {
      let text: string;
      try {
        text = stripBom(await readFile(source.file!, "utf8"));
      } catch (error) {
        throw new InputError(`cannot read ${source.label}: ${(error as Error).message}`);
      }
      yield { source: source.label, line: null, document: parse(text, source.label) };
      continue;
    }
    const input: NodeJS.ReadableStream = source.kind === "stdin" ? stdin : createReadStream(source.file!, { encoding: "utf8", highWaterMark: 1 << 16 });
    const failure: { error?: Error } = {};
    // readline does not forward the stream's errors; without this an unreadable input would end quietly.
    input.once("error", (error: Error) => (failure.error = error));
    const lines = createInterface({ input, crlfDelay: Infinity });
    let line = 0;
    try {
      for await (let text of lines) {
        line++;
        if (line === 1) text = stripBom(text);
        if (text.trim() === "") continue;
        yield { source: source.label, line, document: parse(text, `${source.label}:${line}`) };
      }
    } finally {
      lines.close();
      if (source.kind !== "stdin") (input as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
    }
    if (failure.error) throw new InputError(`cannot read ${source.label}: ${failure.error.message}`);
  }
}

function parse(text: string, where: string): unknown {
  if (text.trim() === "") throw new InputError(`${where}: the file is empty`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${where}: not valid JSON: ${(error as Error).message}`);
  }
}
