import type { Column, Domain } from "./snapshot.js";

/**
 * Defaults as writes see them. Schema tools and ORMs write `DEFAULT NULL` and `DEFAULT NULL::character
 * varying`; PostgreSQL stores a bare NULL as no default at all, but keeps a NULL wrapped in a cast (as
 * pg_get_expr renders it: `NULL::character varying`, `NULL::text` on a varchar column, ...). Either way a
 * write that omits the column stores NULL, exactly as with no default, so every judgement of defaults
 * goes through these helpers.
 */

/** One type name as pg_get_expr or a person writes it after `::`: qualified, quoted, multi-word, typmod, array. */
const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;
const TYPE_NAME = String.raw`${IDENT}(?:\s*\.\s*${IDENT})*(?:\s+${IDENT})*(?:\s*\(\s*\d+(?:\s*,\s*\d+)?\s*\))?(?:\s+(?:with|without)\s+time\s+zone)?(?:\s*\[\s*\d*\s*\])*`;
const TRAILING_CAST = new RegExp(String.raw`^([\s\S]*)::\s*${TYPE_NAME}$`, "i");
const CAST_CALL = new RegExp(String.raw`^CAST\s*\(([\s\S]*)\s+AS\s+${TYPE_NAME}\s*\)$`, "i");

/** Whether an expression is the NULL constant, with or without casts and parentheses: `NULL`, `(NULL)::text`, `CAST(NULL AS int)`. */
export function isNullConstant(expression: string): boolean {
  let text = expression.trim();
  for (let guard = 0; guard < 100; guard++) {
    if (/^null$/i.test(text)) return true;
    const inner = unwrapParentheses(text);
    if (inner !== null) {
      text = inner.trim();
      continue;
    }
    const cast = TRAILING_CAST.exec(text) ?? CAST_CALL.exec(text);
    if (!cast) return false;
    text = cast[1]!.trim();
  }
  return false;
}

/** The text inside one pair of parentheses that encloses all of `text`, or null. */
function unwrapParentheses(text: string): string | null {
  if (!text.startsWith("(") || !text.endsWith(")")) return null;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'" || ch === '"') return null; // a NULL constant holds no literal; anything quoted is something else
    if (ch === "(") depth++;
    else if (ch === ")") {
      depth--;
      if (depth === 0 && i < text.length - 1) return null;
    }
  }
  return depth === 0 ? text.slice(1, -1) : null;
}

/**
 * A column's default as judged when comparing two sides: null when there is none or it is a NULL
 * constant. On a column whose type is a domain a NULL default is kept: it overrides the domain's own
 * default, so omitted writes store NULL where they would otherwise get the domain's value.
 */
export function judgedDefault(column: Pick<Column, "default" | "typeKind">): string | null {
  if (column.default === null) return null;
  if (column.typeKind === "domain") return column.default;
  return isNullConstant(column.default) ? null : column.default;
}

/** Whether a default is one that gives omitted writes a value: present and not a NULL constant. */
export function givesValue(expression: string | null): expression is string {
  return expression !== null && !isNullConstant(expression);
}

/** Whether a write that omits the column gets a value from the column itself: a non-NULL default, an identity or a generation expression. */
export function fillsOmitted(column: Pick<Column, "default" | "identity" | "generated">): boolean {
  return givesValue(column.default) || column.identity !== null || column.generated !== null;
}

/** A domain's default as judged: a NULL constant is no default (a domain over another domain is the exception, as for columns). */
export function judgedDomainDefault(domain: Pick<Domain, "default">, overDomain: boolean): string | null {
  if (domain.default === null) return null;
  if (overDomain) return domain.default;
  return isNullConstant(domain.default) ? null : domain.default;
}
