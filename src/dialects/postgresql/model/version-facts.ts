import type { Grant, SnapshotContent, View } from "./snapshot.js";

/**
 * Facts that legitimately differ between PostgreSQL major versions, or between the embedded PGlite and a
 * server, for the very same schema. Comparing two snapshots "modulo version" (PGlite built from migrations
 * against a PostgreSQL 15 server, or a 15 staging against a 17 production) must not report these.
 *
 * The result is still a valid SnapshotContent; facts that are dropped become fixed placeholders so every
 * reader keeps working on it.
 */
export function withoutVersionSpecificFacts(content: SnapshotContent): SnapshotContent {
  const schemaNames = new Set([...content.schemas.map((s) => s.name), ...SYSTEM_SCHEMAS]);
  return {
    ...content,
    // why: the version string, number and embedded flag describe the engine, not the schema.
    server: { version: "", versionNum: 0, embedded: false },
    database: {
      ...content.database,
      // why: databases are named per environment (and PGlite's is always "postgres").
      name: "",
      // why: the default locale comes from initdb on each host (PGlite is "C", servers usually "*.UTF-8").
      collate: "",
      ctype: "",
      acl: withoutMaintain(content.database.acl),
    },
    // why: server settings are each installation's defaults (PGlite has its own; 17 added transaction_timeout).
    settings: [],
    tables: content.tables.map((t) => ({
      ...t,
      acl: withoutMaintain(t.acl),
      columns: t.columns.map((c) => ({ ...c, acl: withoutMaintain(c.acl) })),
    })),
    views: content.views.map((v) => ({
      ...v,
      acl: withoutMaintain(v.acl),
      columns: v.columns.map((c) => ({ ...c, acl: withoutMaintain(c.acl) })),
      definition: unqualifiedViewColumns(v, schemaNames),
    })),
    sequences: content.sequences.map((s) => ({ ...s, acl: withoutMaintain(s.acl) })),
    defaultPrivileges: content.defaultPrivileges.map((d) => ({ ...d, acl: withoutMaintain(d.acl) })),
  };
}

const SYSTEM_SCHEMAS = ["pg_catalog", "information_schema", "pg_toast"];

/** why: PostgreSQL 17 added the MAINTAIN privilege, and its owner default (acldefault) includes it. */
function withoutMaintain(acl: readonly Grant[]): Grant[] {
  return acl.filter((g) => g.privilege !== "MAINTAIN");
}

function unqualifiedViewColumns(view: View, schemaNames: ReadonlySet<string>): string {
  return unqualifiedColumnReferences(view.definition, schemaNames);
}

/**
 * why: PostgreSQL 16 stopped qualifying columns in pg_get_viewdef when the query has a single relation
 * ("SELECT id" where 15 prints "SELECT accounts.id"), so the same view reads differently across versions.
 *
 * Removes every `qualifier.` prefix whose qualifier is not a schema name, outside string literals: what
 * is left is `schema.object` (relations, types, functions) and bare column names. Two views that differ
 * only in how their columns are qualified normalise to the same text; a table named like a schema keeps
 * its qualifier, which can only make a comparison stricter, never hide a difference in what is selected.
 */
export function unqualifiedColumnReferences(sql: string, schemaNames: ReadonlySet<string>): string {
  let out = "";
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (ch === "'") {
      const end = endOfQuoted(sql, i, "'");
      out += sql.slice(i, end);
      i = end;
      continue;
    }
    const identifier = readIdentifier(sql, i);
    if (identifier === null) {
      out += ch;
      i++;
      continue;
    }
    const { text, name, end } = identifier;
    const qualifies = sql[end] === "." && startsIdentifierOrStar(sql, end + 1);
    const isSecondPart = out.endsWith(".");
    if (qualifies && !isSecondPart && !schemaNames.has(name)) {
      i = end + 1; // drop "qualifier."
      continue;
    }
    out += text;
    i = end;
  }
  return out;
}

/** Index just past a quoted token starting at `start` (doubled quotes are part of the token). */
function endOfQuoted(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

const IDENT_START = /[A-Za-z_\u0080-\uffff]/;
const IDENT_PART = /[A-Za-z0-9_$\u0080-\uffff]/;

function readIdentifier(sql: string, start: number): { text: string; name: string; end: number } | null {
  const ch = sql[start]!;
  // An identifier glued to a preceding word or number character is part of something else (1e5, x1).
  if (start > 0 && IDENT_PART.test(sql[start - 1]!) && ch !== '"') return null;
  if (ch === '"') {
    const end = endOfQuoted(sql, start, '"');
    const text = sql.slice(start, end);
    return { text, name: text.slice(1, -1).replaceAll('""', '"'), end };
  }
  if (!IDENT_START.test(ch)) return null;
  let end = start + 1;
  while (end < sql.length && IDENT_PART.test(sql[end]!)) end++;
  const text = sql.slice(start, end);
  return { text, name: text.toLowerCase(), end };
}

function startsIdentifierOrStar(sql: string, at: number): boolean {
  const ch = sql[at];
  return ch !== undefined && (ch === '"' || ch === "*" || IDENT_START.test(ch));
}
