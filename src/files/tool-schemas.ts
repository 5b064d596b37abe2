import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { ErrorObject, ValidateFunction } from "ajv";
import { InputError } from "../errors.js";

/** The folder holding driftgate's published JSON Schemas (two levels up from both src/sources and dist/sources). */
export const SCHEMAS_DIR = fileURLToPath(new URL("../../schemas/", import.meta.url));

// ajv is loaded on first use, synchronously (it is CommonJS): most runs of `snapshot` validate no file.
const require = createRequire(import.meta.url);
const compiled = new Map<string, ValidateFunction>();

function validatorFor(schemaFile: string): ValidateFunction {
  let validate = compiled.get(schemaFile);
  if (!validate) {
    const schema = JSON.parse(readFileSync(`${SCHEMAS_DIR}${schemaFile}`, "utf8")) as object;
    // allErrors: a user fixing a file wants every problem at once, not one per run. validateSchema off:
    // these are driftgate's own schemas, checked against their meta-schema by the tests
    // (tool-schemas.test.ts); checking them again on every run compiled the draft-07 meta-schema first,
    // a third of the cost of reading an environment file.
    const { Ajv } = require("ajv") as typeof import("ajv");
    validate = new Ajv({ allErrors: true, strict: false, validateSchema: false }).compile(schema);
    compiled.set(schemaFile, validate);
  }
  return validate;
}

/** Validates one of driftgate's own file formats; throws one InputError that lists every problem. */
export function assertToolFormat(schemaFile: string, data: unknown, what: string): void {
  const validate = validatorFor(schemaFile);
  if (!validate(data)) throw new InputError(`${what} is invalid: ${describeErrors(validate.errors ?? [])}`);
}

export function describeErrors(errors: readonly ErrorObject[]): string {
  const parts = errors.slice(0, 5).map((e) => {
    const where = e.instancePath || "(top level)";
    if (e.keyword === "additionalProperties") return `${where}: unknown key "${String(e.params.additionalProperty)}"`;
    return `${where}: ${e.message ?? e.keyword}`;
  });
  if (errors.length > 5) parts.push(`and ${errors.length - 5} more`);
  return parts.join("; ");
}
