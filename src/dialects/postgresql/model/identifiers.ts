import { QUOTED_KEYWORDS } from "./pg-keywords.js";

/**
 * Identifier quoting the way PostgreSQL's quote_ident() does it, so messages name objects exactly as
 * PostgreSQL prints them (format_type, pg_get_constraintdef, regclass) and fix SQL parses: a name that is
 * not a lower-case simple identifier, or that is a keyword other than an unreserved one (`user`,
 * `order`, `between`, `left`), is quoted. The keyword list is generated from the server (pg-keywords.ts).
 */
const PLAIN = /^[a-z_][a-z0-9_]*$/;
const KEYWORDS: ReadonlySet<string> = new Set(Object.values(QUOTED_KEYWORDS).flat());

export function quoteIdent(name: string): string {
  return PLAIN.test(name) && !KEYWORDS.has(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

/** `schema.name` with each part quoted as needed. */
export function qualifiedName(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/** SQL string literal; doubles quotes and, with E'' form, backslashes, so it is safe whatever standard_conforming_strings says. */
export function quoteLiteral(value: string): string {
  if (value.includes("\\")) return `E'${value.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
  return `'${value.replaceAll("'", "''")}'`;
}
