import type { Option } from "commander";
import { hiddenAlias } from "./option-aliases.js";
import { pathOption } from "./parse-options.js";

/**
 * `--write-schemas <dir>`: the folder of JSON Schemas, one name on every command (check and diff said
 * --schemas, the others --schemas-dir; both stay as hidden aliases). Its value is `writeSchemas`.
 */
export function writeSchemasOptions(description: string, oldName: "--schemas" | "--schemas-dir"): Option[] {
  const option = pathOption("--write-schemas <dir>", description, "folder", "schemas");
  return [option, hiddenAlias(pathOption(`${oldName} <dir>`, `old name of --write-schemas`, "folder"), option)];
}
