import type { SubsetReason } from "./schema-subset.js";

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 48 ? `${text.slice(0, 45)}..."` : text;
}

/**
 * One reason as a line: path, keyword, the values concerned, the keyword on each side, an example when
 * one was found, and, when driftgate could not decide, why. Uncertain reasons start with "maybe".
 */
export function formatReason(reason: SubsetReason): string {
  let line = `${reason.path === "" ? "/" : reason.path} ${reason.keyword}: ${reason.certain ? "" : "maybe "}${reason.values}`;
  if (reason.left !== undefined || reason.right !== undefined) line += ` (${reason.left ?? "?"} -> ${reason.right ?? "?"})`;
  if (reason.example !== undefined && show(reason.example) !== reason.values) line += `, e.g. ${show(reason.example)}`;
  if (!reason.certain && reason.why) line += `: ${reason.why}`;
  return line;
}
