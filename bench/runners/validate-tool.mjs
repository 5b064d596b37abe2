/**
 * Child process: validates an NDJSON file with one tool and prints {documents, valid, ms}.
 *   stream: read lines, JSON.parse, validate (what `driftgate validate` does); every tool reads through
 *           the same readline-over-file-stream so only parsing and validation differ. "floor" stops after
 *           JSON.parse.
 *   memory: documents read and parsed first (not timed), then only validation is timed (five passes,
 *           time per pass reported).
 * Compilation is not timed in either mode: it is paid once per run, not per document.
 * A limit (documents) lets the slowest peers be measured on a prefix of the file in reasonable time; the
 * rate is a rate either way.
 * Usage: node runners/validate-tool.mjs <stream|memory> <tool> <schema.json> <docs.ndjson> [limit]
 */
import { createReadStream, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import path from "node:path";

const require = createRequire(import.meta.url);
const [mode, tool, schemaFile, docsFile, limitArg] = process.argv.slice(2);
const limit = limitArg ? Number(limitArg) : Infinity;
const schema = JSON.parse(readFileSync(schemaFile, "utf8"));

async function driftgateLibrary() {
  // run.mjs points at its private build; run by hand, the repo's own dist/.
  const product = process.env.DGBENCH_PRODUCT ?? path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
  const dist = path.join(product, "dist/schemas");
  // The validate helper may add an index; prefer it, fall back to the module that holds the fast path.
  for (const file of ["index.js", "document-validator.js"]) {
    try {
      const mod = await import(pathToFileURL(path.join(dist, file)).href);
      if (typeof mod.createDocumentValidator === "function") return mod;
    } catch {
      /* not built (yet) */
    }
  }
  throw new Error("driftgate's validator library (dist/schemas) is not built");
}

/** Each tool as a predicate document -> valid?; compiled once here. */
async function predicateFor(name) {
  switch (name) {
    case "floor":
      return () => true;
    case "ajv": {
      const Ajv = require("ajv").default;
      const addFormats = require("ajv-formats").default;
      const ajv = new Ajv({ allowUnionTypes: true });
      addFormats(ajv);
      const validate = ajv.compile(schema);
      return (doc) => validate(doc);
    }
    case "driftgate": {
      const lib = await driftgateLibrary();
      const validator = await lib.createDocumentValidator(path.resolve(schemaFile), { cwd: process.cwd(), schemasDir: null });
      return (doc) => validator.check(doc) === null;
    }
    case "cfworker": {
      const { Validator } = require("@cfworker/json-schema");
      const validator = new Validator(schema, "7", true);
      return (doc) => validator.validate(doc).valid;
    }
    case "jsonschema": {
      const { Validator } = require("jsonschema");
      const validator = new Validator();
      return (doc) => validator.validate(doc, schema, { nestedErrors: false }).valid;
    }
    default:
      throw new Error(`unknown tool ${name}`);
  }
}

function lines(file) {
  return createInterface({ input: createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 16 }), crlfDelay: Infinity });
}

async function streamMode() {
  if (tool === "driftgate" && limit === Infinity) {
    // The library's own streaming entry point: exactly the loop the CLI runs.
    const lib = await driftgateLibrary();
    const validator = await lib.createDocumentValidator(path.resolve(schemaFile), { cwd: process.cwd(), schemasDir: null });
    const t0 = performance.now();
    const summary = await lib.validateDocumentStream(validator, createReadStream(docsFile, { encoding: "utf8", highWaterMark: 1 << 16 }));
    return { documents: summary.documents, valid: summary.valid, ms: performance.now() - t0 };
  }
  const valid = await predicateFor(tool);
  let documents = 0;
  let ok = 0;
  const t0 = performance.now();
  const input = lines(docsFile);
  for await (const text of input) {
    if (text.length === 0) continue;
    if (documents >= limit) {
      input.close();
      break;
    }
    documents++;
    let doc;
    try {
      doc = JSON.parse(text);
    } catch {
      continue;
    }
    if (valid(doc)) ok++;
  }
  return { documents, valid: ok, ms: performance.now() - t0 };
}

async function memoryMode() {
  const valid = await predicateFor(tool);
  const docs = [];
  const input = lines(docsFile);
  for await (const text of input) {
    if (docs.length >= limit) {
      input.close();
      break;
    }
    if (text.length) docs.push(JSON.parse(text));
  }
  // Warm-up outside the clock: every tool gets its JIT tiers the same way.
  for (let i = 0; i < Math.min(2000, docs.length); i++) valid(docs[i]);
  // Several passes, so a pass of well under a second is not at the mercy of one busy moment; the time
  // reported is per pass.
  const passes = 5;
  let ok = 0;
  const t0 = performance.now();
  for (let pass = 0; pass < passes; pass++) {
    ok = 0;
    for (const doc of docs) if (valid(doc)) ok++;
  }
  return { documents: docs.length, valid: ok, ms: (performance.now() - t0) / passes };
}

const result = mode === "memory" ? await memoryMode() : await streamMode();
process.stdout.write(`${JSON.stringify(result)}\n`);
