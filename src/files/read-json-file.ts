import { readFile } from "node:fs/promises";
import { InputError } from "../errors.js";

/** Reads and parses a JSON file; a missing, unreadable or malformed file is bad input with a one-line reason. */
export async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a folder" : code === "EACCES" ? "permission denied" : String(code ?? error);
    throw new InputError(`cannot read ${what} ${path}: ${reason}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError(`${what} ${path} is not valid JSON: ${(error as Error).message}`);
  }
}
