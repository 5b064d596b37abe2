/**
 * Identifier quoting the way PostgreSQL's quote_ident() does it, so messages name objects exactly as a
 * user would type them in psql. Keywords are not tracked: quoting only what must be quoted keeps output
 * readable, and an unquoted keyword such as `user` is still unambiguous in the qualified form we print.
 */
const PLAIN = /^[a-z_][a-z0-9_$]*$/;

export function quoteIdent(name: string): string {
  return PLAIN.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
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
