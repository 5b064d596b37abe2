import { InputError } from "../errors.js";

/** The JSON Schema dialects driftgate validates with; each maps to one ajv class. */
export type SchemaDraft = "draft-07" | "2019-09" | "2020-12";

const DRAFTS: ReadonlyArray<readonly [RegExp, SchemaDraft]> = [
  [/^https?:\/\/json-schema\.org\/draft-07\/schema#?$/, "draft-07"],
  // draft-06 is a subset of draft-07 as far as validation goes; ajv's draft-07 class knows its meta-schema.
  [/^https?:\/\/json-schema\.org\/draft-06\/schema#?$/, "draft-07"],
  [/^https?:\/\/json-schema\.org\/draft\/2019-09\/schema#?$/, "2019-09"],
  [/^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/, "2020-12"],
];

/**
 * The dialect a schema declares with `$schema`. A schema without `$schema` is read as draft-07, the
 * dialect most write schemas in the wild are written in; an unknown `$schema` is refused rather than
 * validated with rules the author did not mean.
 */
export function detectDraft(schema: unknown, where: string): SchemaDraft {
  if (typeof schema === "boolean") return "draft-07";
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) {
    throw new InputError(`${where}: a JSON Schema must be an object or a boolean`);
  }
  const declared = (schema as Record<string, unknown>)["$schema"];
  if (declared === undefined) return "draft-07";
  if (typeof declared !== "string") throw new InputError(`${where}: "$schema" must be a string`);
  for (const [pattern, draft] of DRAFTS) if (pattern.test(declared)) return draft;
  if (/draft-0[34]\//.test(declared)) {
    throw new InputError(`${where}: "$schema" ${declared} (draft-04 or older) is not supported; use draft-07, 2019-09 or 2020-12`);
  }
  throw new InputError(`${where}: unknown "$schema" ${declared}; use draft-07, 2019-09 or 2020-12`);
}
