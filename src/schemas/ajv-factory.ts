import { createRequire } from "node:module";
import path from "node:path";
import type { AnySchema, AnySchemaObject, ErrorObject, Options, ValidateFunction } from "ajv";
import { Ajv } from "ajv";
import { Ajv2019 } from "ajv/dist/2019.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { InputError } from "../errors.js";
import type { SchemaCatalog, SchemaEntry } from "./schema-catalog.js";
import { describeRefCycle, findRefCycle } from "./ref-cycle.js";
import type { SchemaDraft } from "./schema-draft.js";

const require = createRequire(import.meta.url);
const draft06MetaSchema = require("ajv/dist/refs/json-schema-draft-06.json") as AnySchemaObject;
const draft07MetaSchema = require("ajv/dist/refs/json-schema-draft-07.json") as AnySchemaObject;

type AjvInstance = Ajv | Ajv2019 | Ajv2020;

/** Decimal places of tolerance for multipleOf. */
export const MULTIPLE_OF_PRECISION = 9;
// ajv-formats is CommonJS with a default export; under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (
  ajv: AjvInstance,
) => void;

/**
 * Which catalog entries one ajv instance can hold: 2020-12 changed the meaning of keywords draft-07 also
 * uses (items), so ajv keeps it apart; 2019-09 and draft-07 can live together, which lets a 2019-09
 * schema refer to a draft-07 one.
 */
function sharesInstance(host: SchemaDraft, guest: SchemaDraft): boolean {
  if (host === guest) return true;
  return host === "2019-09" && guest === "draft-07";
}

function newAjv(draft: SchemaDraft, allErrors: boolean): AjvInstance {
  const options: Options = {
    allErrors,
    // Strict schemas catch typos such as "maxLenght" that would otherwise silently accept everything.
    strictSchema: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    // Without a tolerance 12.34 is not a multiple of 0.01 in binary floating point; MULTIPLE_OF_PRECISION
    // is shared with the schema comparison so validate and compat agree.
    multipleOfPrecision: MULTIPLE_OF_PRECISION,
    // A logger would print warnings straight to the console, around the CLI's io.
    logger: false,
  };
  const ajv = draft === "2020-12" ? new Ajv2020(options) : draft === "2019-09" ? new Ajv2019(options) : new Ajv(options);
  if (draft === "draft-07") ajv.addMetaSchema(draft06MetaSchema);
  if (draft === "2019-09") ajv.addMetaSchema(draft07MetaSchema);
  addFormats(ajv);
  return ajv;
}

/** Vendor annotations ("x-driftgate", "x-owner", ...) are allowed; any other unknown keyword is an error. */
function registerAnnotations(ajv: AjvInstance, schema: unknown, seen: Set<string>): void {
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== "object") return;
    for (const [key, child] of Object.entries(value)) {
      if (key.startsWith("x-") && !seen.has(key)) {
        seen.add(key);
        ajv.addKeyword({ keyword: key, schemaType: ["string", "number", "boolean", "object", "array", "null"] });
      }
      visit(child);
    }
  };
  visit(schema);
}

export interface CompiledSchema {
  readonly entry: SchemaEntry;
  /** Stops at the first error: what the fast path runs on every document. */
  readonly fast: ValidateFunction;
  /** Collects every error; compiled on first use, run only on documents `fast` rejected. */
  readonly full: () => ValidateFunction;
}

/**
 * Compiles one schema with every schema of the catalog available for `$ref`. The fast validator decides,
 * and only a rejected document pays for collecting all its errors: invalid documents are rare in practice,
 * so this keeps throughput at that of a bare ajv validator.
 */
export function compileSchema(catalog: SchemaCatalog, entry: SchemaEntry): CompiledSchema {
  const fast = compileWith(catalog, entry, false);
  let full: ValidateFunction | undefined;
  return { entry, fast, full: () => (full ??= compileWith(catalog, entry, true)) };
}

function compileWith(catalog: SchemaCatalog, entry: SchemaEntry, allErrors: boolean): ValidateFunction {
  const ajv = newAjv(entry.draft, allErrors);
  const annotations = new Set<string>();
  const skipped: string[] = [...catalog.problems.map((p) => `${path.basename(p.file)} (${p.message})`)];
  const where = entry.file ?? entry.id;
  const guests = catalog.entries.filter((e) => e !== entry && e.id !== entry.id && sharesInstance(entry.draft, e.draft));
  registerAnnotations(ajv, entry.schema, annotations);
  // Named before ajv sees it: ajv follows such a cycle until "Maximum call stack size exceeded".
  const cycle = findRefCycle(entry, guests);
  if (cycle) throw new InputError(`${where}: invalid schema: circular $ref ${describeRefCycle(cycle)} (each step refers to the next for the same value, so no document can be checked)`);
  try {
    ajv.addSchema(entry.schema as AnySchema, entry.id);
  } catch (error) {
    throw new InputError(`${where}: invalid schema: ${(error as Error).message}`);
  }
  for (const guest of guests) {
    try {
      registerAnnotations(ajv, guest.schema, annotations);
      ajv.addSchema(guest.schema as AnySchema, guest.id);
    } catch (error) {
      skipped.push(`${path.basename(guest.file ?? guest.id)} (${(error as Error).message})`);
    }
  }
  try {
    const validate = ajv.getSchema(entry.id);
    if (!validate) throw new Error(`ajv did not register ${entry.id}`);
    return validate;
  } catch (error) {
    const hint = skipped.length > 0 ? `; schemas that could not be loaded: ${skipped.join("; ")}` : "";
    throw new InputError(`${where}: invalid schema: ${(error as Error).message}${hint}`);
  }
}

export type { ErrorObject };
