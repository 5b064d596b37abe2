import { relative } from "node:path";
import type { AppConfigDocument } from "../model/app-config.js";
import type { Environment } from "../model/environment.js";
import { createDocumentValidator } from "../schemas/document-validator.js";
import { readJsonFile } from "../files/read-json-file.js";

/**
 * Reads the application config files an environment names and validates each against its schema.
 * A file that is missing or not JSON is bad input (exit 2); a file that parses but breaks its schema is
 * carried as data, because that is a finding about the environment, not a mistake in the command line.
 */
export async function loadAppConfigs(environment: Environment, options: { readonly cwd: string }): Promise<AppConfigDocument[]> {
  const docs: AppConfigDocument[] = [];
  for (const ref of environment.appConfig) {
    const shown = relative(options.cwd, ref.file) || ref.file;
    const value = await readJsonFile(ref.file, `${environment.name} app config "${ref.name}"`);
    let schemaErrors: string[] = [];
    if (ref.schema !== null) {
      const validator = await createDocumentValidator(ref.schema, { cwd: options.cwd });
      schemaErrors = (validator.check(value) ?? []).map((e) => `${e.instancePath || "(top level)"} ${e.message}`);
    }
    docs.push({ name: ref.name, file: shown, value, schema: ref.schema, schemaErrors, mustMatch: ref.mustMatch });
  }
  return docs;
}
