import { parseTableName, type TableName } from "../../../model/table-name.js";
import { InputError } from "../../../errors.js";
import { qualifiedName } from "../model/identifiers.js";
import type { SqlSession } from "../session/sql-session.js";

export { parseTableName, type TableName };

export interface TableColumn {
  readonly name: string;
  /** format_type() of the column, e.g. "jsonb", "character varying(20)". */
  readonly type: string;
}

/** What probe and scan need to know about the relation they write to or read. */
export interface TableTarget extends TableName {
  /** r table, p partitioned table, v view, m materialized view, f foreign table. */
  readonly kind: "r" | "p" | "v" | "m" | "f";
  readonly columns: readonly TableColumn[];
  /** Primary key columns in key order; empty when the relation has none. */
  readonly primaryKey: readonly string[];
  /** The planner's row estimate (reltuples), -1 when never analysed: only for progress lines. */
  readonly estimatedRows: number;
}

/**
 * Identifier quoting for generated SQL: always quoted, so a keyword (`user`, `order`) or any character a
 * table name may hold (`Weird; Table`) can never change the statement's meaning.
 */
export function sqlIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function sqlTable(table: TableName): string {
  return `${sqlIdent(table.schema)}.${sqlIdent(table.name)}`;
}

/** How messages print a table: the way psql would, quoting only where needed. */
export function displayTable(table: TableName): string {
  return qualifiedName(table.schema, table.name);
}


interface RelationRow {
  oid: number;
  relkind: string;
  reltuples: number;
  [key: string]: unknown;
}

/**
 * Looks the relation up in the catalog; a name that is not there is bad input, with the nearest
 * spellings (same name in another case or schema) so a typo is quick to fix.
 */
export async function resolveTableTarget(session: SqlSession, table: TableName): Promise<TableTarget> {
  const target = await findTableTarget(session, table);
  if (!target) throw new InputError(`table ${displayTable(table)} does not exist${await nearTablesHint(session, table)}`);
  return target;
}

/** " (did you mean public.applications?)" when the catalog holds a near spelling, else "". */
export async function nearTablesHint(session: SqlSession, table: TableName): Promise<string> {
  const near = await session.query<{ schema: string; relname: string }>(
    `SELECT n.nspname AS schema, c.relname AS relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND lower(c.relname) = lower($1)
        AND n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2 LIMIT 5`,
    [table.name],
  );
  return near.length ? ` (did you mean ${near.map((r) => displayTable({ schema: r.schema, name: r.relname })).join(", ")}?)` : "";
}

/** The relation, or null when the store has none of that name (check --probe: drift on one side). */
export async function findTableTarget(session: SqlSession, table: TableName): Promise<TableTarget | null> {
  const found = await session.query<RelationRow>(
    `SELECT c.oid::int AS oid, c.relkind::text AS relkind, c.reltuples::float8 AS reltuples
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')`,
    [table.schema, table.name],
  );
  const relation = found[0];
  if (!relation) return null;
  const columns = await session.query<{ name: string; type: string }>(
    `SELECT a.attname AS name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type
       FROM pg_catalog.pg_attribute a WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    [relation.oid],
  );
  const key = await session.query<{ name: string }>(
    `SELECT a.attname AS name
       FROM pg_catalog.pg_index i
       CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
      WHERE i.indrelid = $1 AND i.indisprimary ORDER BY k.ord`,
    [relation.oid],
  );
  return {
    ...table,
    kind: relation.relkind as TableTarget["kind"],
    columns: columns.map((c) => ({ name: c.name, type: c.type })),
    primaryKey: key.map((k) => k.name),
    estimatedRows: Number(relation.reltuples),
  };
}

/** The column a whole document goes into (probe) or comes from (scan); bad input when it is not there. */
export function findColumn(target: TableTarget, column: string): TableColumn {
  const found = target.columns.find((c) => c.name === column);
  if (!found) {
    const near = target.columns.filter((c) => c.name.toLowerCase() === column.toLowerCase()).map((c) => c.name);
    throw new InputError(
      `column ${JSON.stringify(column)} does not exist in ${displayTable(target)}${near.length ? ` (did you mean ${near.map((n) => JSON.stringify(n)).join(", ")}?)` : ""}`,
    );
  }
  return found;
}
