import { createHash } from "node:crypto";

/** 12 hex chars of sha256 over rule, object and detail: the same difference gets the same id on every run. */
export function findingId(rule: string, object: string, detail: string): string {
  return createHash("sha256").update(`${rule}\u0000${object}\u0000${detail}`).digest("hex").slice(0, 12);
}
