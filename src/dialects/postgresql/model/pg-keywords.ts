/**
 * GENERATED, do not edit: the keywords PostgreSQL's quote_ident() quotes (every category but unreserved),
 * as PostgreSQL 15.20 lists them. Made on the PostgreSQL 15 server with:
 *   psql -AtF " " -c "select catcode, word from pg_get_keywords() where catcode <> 'U' order by catcode, word"
 * Categories: C = column name, R = reserved, T = type or function name (U = unreserved, never quoted).
 * Facts about PostgreSQL, not code: regenerate from a newer server when it adds keywords.
 */
export const QUOTED_KEYWORDS: Readonly<Record<"C" | "R" | "T", readonly string[]>> = {
  C: [
    "between", "bigint", "bit", "boolean", "char", "character", "coalesce", "dec", "decimal", "exists",
    "extract", "float", "greatest", "grouping", "inout", "int", "integer", "interval", "least", "national",
    "nchar", "none", "normalize", "nullif", "numeric", "out", "overlay", "position", "precision", "real",
    "row", "setof", "smallint", "substring", "time", "timestamp", "treat", "trim", "values", "varchar",
    "xmlattributes", "xmlconcat", "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize",
    "xmltable",
  ],
  R: [
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both",
    "case", "cast", "check", "collate", "column", "constraint", "create", "current_catalog", "current_date", "current_role",
    "current_time", "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do", "else", "end",
    "except", "false", "fetch", "for", "foreign", "from", "grant", "group", "having", "in",
    "initially", "intersect", "into", "lateral", "leading", "limit", "localtime", "localtimestamp", "not", "null",
    "offset", "on", "only", "or", "order", "placing", "primary", "references", "returning", "select",
    "session_user", "some", "symmetric", "table", "then", "to", "trailing", "true", "union", "unique",
    "user", "using", "variadic", "when", "where", "window", "with",
  ],
  T: [
    "authorization", "binary", "collation", "concurrently", "cross", "current_schema", "freeze", "full", "ilike", "inner",
    "is", "isnull", "join", "left", "like", "natural", "notnull", "outer", "overlaps", "right",
    "similar", "tablesample", "verbose",
  ],
};
