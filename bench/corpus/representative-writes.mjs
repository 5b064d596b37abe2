// Representative writes for every table of a database: the INSERTs an application plausibly makes, derived
// from the catalog alone. Each write is a list of statements run in one rolled-back transaction; a write
// to a table with foreign keys first inserts the parent rows it needs, so the write can succeed at all.
// Literals are left untyped ('…'), so PostgreSQL coerces them to whatever type the column has on the side
// it runs on, as an application's parameters would be: the same text runs in SOURCE and TARGET.

const TABLES_SQL = `
select c.oid::int8 as oid, quote_ident(n.nspname) || '.' || quote_ident(c.relname) as name,
       n.nspname as schema, c.relname as table
from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p') and not c.relispartition
  and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
  and not exists (select 1 from pg_catalog.pg_depend d
                  where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
order by 2`;

const COLUMNS_SQL = `
select a.attrelid::int8 as rel, a.attnum as num, a.attname as name, quote_ident(a.attname) as quoted,
       a.attnotnull as notnull, a.atthasdef as hasdef, a.attidentity as identity, a.attgenerated as generated,
       pg_catalog.format_type(a.atttypid, a.atttypmod) as type,
       coalesce(nullif(t.typbasetype, 0), t.oid)::int8 as base,
       case when t.typbasetype <> 0 then t.typtypmod else a.atttypmod end as typmod,
       (select pg_catalog.pg_get_expr(d.adbin, d.adrelid) from pg_catalog.pg_attrdef d
         where d.adrelid = a.attrelid and d.adnum = a.attnum) as default
from pg_catalog.pg_attribute a join pg_catalog.pg_type t on t.oid = a.atttypid
where a.attnum > 0 and not a.attisdropped and a.attrelid = any($1::oid[])
order by a.attrelid, a.attnum`;

const TYPES_SQL = `
select t.oid::int8 as oid, t.typname as name, t.typtype as kind, t.typcategory as category,
       t.typelem::int8 as elem, n.nspname as schema,
       (select e.enumlabel from pg_catalog.pg_enum e where e.enumtypid = t.oid order by e.enumsortorder limit 1) as label,
       (select e.enumlabel from pg_catalog.pg_enum e where e.enumtypid = t.oid order by e.enumsortorder desc limit 1) as last_label
from pg_catalog.pg_type t join pg_catalog.pg_namespace n on n.oid = t.typnamespace
where t.oid = any($1::oid[])`;

const FOREIGN_KEYS_SQL = `
select c.conrelid::int8 as rel, c.confrelid::int8 as ref, c.conkey as cols, c.confkey as refcols, c.conname as name
from pg_catalog.pg_constraint c
where c.contype = 'f' and c.conrelid = any($1::oid[])
order by c.conrelid, c.conname`;

const CHECKS_SQL = `
select c.conrelid::int8 as rel, pg_catalog.pg_get_constraintdef(c.oid) as def
from pg_catalog.pg_constraint c
where c.contype = 'c' and c.conrelid = any($1::oid[])`;

/**
 * A constant a CHECK compares the column with (state = 1, kind = ANY (ARRAY['a', 'b']), n >= 0): the
 * value that table's own application writes is most likely one of them, and a made-up one fails the CHECK.
 */
function checkConstant(defs, column) {
  const name = column.quoted.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  for (const def of defs) {
    const any = new RegExp(`\\(?${name}\\)?(?:::[a-z ]+)? = ANY \\(\\(?ARRAY\\['([^']*)'`).exec(def);
    if (any) return any[1];
    const anyNumber = new RegExp(`\\(?${name}\\)? = ANY \\(\\(?ARRAY\\[(-?[0-9.]+)`).exec(def);
    if (anyNumber) return anyNumber[1];
    const equal = new RegExp(`\\(?${name}\\)?(?:::[a-z ]+)? = '([^']*)'`).exec(def);
    if (equal) return equal[1];
    const equalNumber = new RegExp(`\\(?${name} = (-?[0-9.]+)\\)`).exec(def);
    if (equalNumber) return equalNumber[1];
    const atLeast = new RegExp(`\\(?${name} >=? (-?[0-9]+)\\)`).exec(def);
    if (atLeast) return String(Number(atLeast[1]) + 1);
  }
  return null;
}

const quoteLiteral = (text) => `'${text.replace(/'/g, "''")}'`;

/**
 * A value of the base type as text, distinct per call (n) so two rows of one table never collide.
 * size "max" fills the declared size (varchar(n) to n characters, numeric(p,s) to p digits, bigint past
 * 2^31), as real data eventually does; "small" is the shortest plausible value.
 */
function valueText(type, typmod, n, types, size) {
  const info = types.get(type.base);
  if (!info) return null;
  const name = info.schema === "pg_catalog" ? info.name : null;
  // the last label is the newest one more often than not: the one an upgrade added and new code writes
  if (info.kind === "e") return size === "max" ? info.last_label : info.label;
  if (info.category === "A") return "{}";
  if (info.kind === "r") return "empty";
  switch (name) {
    case "bool":
      return "true";
    case "int2":
      return String(size === "max" ? 32000 + (n % 700) : n % 30000);
    case "int4":
      return String(size === "max" ? 2000000000 + n : n);
    case "int8":
      return String(size === "max" ? 5000000000 + n : n);
    case "numeric":
      if (size === "max" && typmod > 4) {
        const precision = ((typmod - 4) >> 16) & 0xffff;
        const scale = (typmod - 4) & 0xffff;
        const whole = "9".repeat(Math.max(0, precision - scale)) || "0";
        return scale > 0 ? `${whole}.${"9".repeat(scale)}` : whole;
      }
      return String(size === "max" ? 5000000000 + n : n);
    case "float4":
    case "float8":
    case "oid":
    case "money":
      return String(n);
    case "uuid":
      return `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
    case "json":
    case "jsonb":
      return "{}";
    case "bytea":
      return "\\x00";
    case "date":
    case "timestamp":
    case "timestamptz":
      return "2026-01-01 00:00:00+00";
    case "time":
    case "timetz":
      return "12:00:00";
    case "interval":
      return "1 day";
    case "inet":
      return "127.0.0.1";
    case "cidr":
      return "10.0.0.0/8";
    case "macaddr":
      return "08:00:2b:01:02:03";
    case "bit":
    case "varbit":
      return "1";
    case "point":
      return "(0,0)";
    case "tsvector":
      return "x";
    case "xml":
      return "<x/>";
    case "bpchar":
    case "varchar":
    case "text":
    case "name":
    case "citext": {
      const text = `v${n}`;
      // varchar(n)/char(n): atttypmod is n + 4
      // unbounded text: long enough to cross the usual limits (varchar(255), varchar(2048)) real data crosses
      if (typmod <= 4) return size === "max" && name !== "name" ? text.padEnd(2100, "x") : text;
      const length = Math.min(typmod - 4, 10000);
      return size === "max" ? text.padEnd(length, "x").slice(0, length) : text.slice(0, Math.max(1, length));
    }
    case "char":
      return "x";
    default:
      if (info.category === "S") return `v${n}`;
      if (info.category === "N") return String(n);
      return null;
  }
}

/**
 * Reads the catalog of one database and returns, per table, the writes to try:
 * "full" (every column a client can write) and "required" (only NOT NULL columns without a default).
 */
export async function representativeWrites(client) {
  const tables = (await client.query(TABLES_SQL)).rows;
  const oids = tables.map((t) => t.oid);
  const columns = (await client.query(COLUMNS_SQL, [oids])).rows;
  const keys = (await client.query(FOREIGN_KEYS_SQL, [oids])).rows;
  const checks = (await client.query(CHECKS_SQL, [oids])).rows;
  const baseOids = [...new Set(columns.map((c) => c.base))];
  const types = new Map((await client.query(TYPES_SQL, [baseOids])).rows.map((t) => [t.oid, t]));
  // referenced tables may be outside the written set (extension-owned, partitions): read their columns too
  const refOids = [...new Set(keys.map((k) => k.ref))].filter((o) => !oids.includes(o));
  const extraColumns = refOids.length ? (await client.query(COLUMNS_SQL, [refOids])).rows : [];
  const extraTypes = [...new Set(extraColumns.map((c) => c.base))].filter((o) => !types.has(o));
  if (extraTypes.length) for (const t of (await client.query(TYPES_SQL, [extraTypes])).rows) types.set(t.oid, t);
  const extraKeys = refOids.length ? (await client.query(FOREIGN_KEYS_SQL, [refOids])).rows : [];
  const extraNames = refOids.length
    ? (
        await client.query(
          "select c.oid::int8 as oid, quote_ident(n.nspname) || '.' || quote_ident(c.relname) as name from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where c.oid = any($1::oid[])",
          [refOids],
        )
      ).rows
    : [];

  const tableName = new Map([...tables, ...extraNames].map((t) => [t.oid, t.name]));
  const columnsOf = new Map();
  for (const c of [...columns, ...extraColumns]) {
    if (!columnsOf.has(c.rel)) columnsOf.set(c.rel, []);
    columnsOf.get(c.rel).push(c);
  }
  // a partitioned table only takes rows some partition's bound accepts: write the key a first partition names
  const bounds = (
    await client.query(
      `select p.partrelid::int8 as rel, p.partattrs::int2[] as cols,
              (select pg_catalog.pg_get_expr(k.relpartbound, k.oid) from pg_catalog.pg_inherits i
                 join pg_catalog.pg_class k on k.oid = i.inhrelid
                where i.inhparent = p.partrelid and pg_catalog.pg_get_expr(k.relpartbound, k.oid) <> 'DEFAULT'
                order by k.relname limit 1) as bound
         from pg_catalog.pg_partitioned_table p where p.partrelid = any($1::oid[])`,
      [oids],
    )
  ).rows;
  const checksOf = new Map();
  const partitionKeys = new Map(); // rel -> the first key column and a value its first partition takes
  for (const b of bounds) {
    const first = /FOR VALUES (?:IN|FROM) \('?([^',)]*)'?/.exec(b.bound ?? "");
    const column = (columns.find((c) => c.rel === b.rel && c.num === b.cols[0]) ?? {}).quoted;
    // reuse the CHECK-constant path: a bound reads like the CHECK "key = 'value'"
    if (first && first[1] !== "MINVALUE" && column) {
      checks.push({ rel: b.rel, def: `(${column} = '${first[1].replace(/'/g, "''")}')` });
      partitionKeys.set(b.rel, { num: b.cols[0], value: first[1] });
    }
  }
  for (const c of checks) {
    if (!checksOf.has(c.rel)) checksOf.set(c.rel, []);
    checksOf.get(c.rel).push(c.def);
  }
  const keysOf = new Map();
  for (const k of [...keys, ...extraKeys]) {
    if (!keysOf.has(k.rel)) keysOf.set(k.rel, []);
    keysOf.get(k.rel).push(k);
  }

  const writes = [];
  for (const table of tables) {
    for (const kind of ["full-max", "full", "required"]) {
      const write = planWrite(table.oid, kind, { tableName, columnsOf, keysOf, checksOf, partitionKeys, types });
      if (!write.statements) {
        writes.push({ table: table.name, kind, skipped: write.skipped });
        continue;
      }
      // the required write is the same as the full one when every column is required
      const same = writes.find((w) => w.table === table.name && w.statements && w.sql === write.sql);
      if (same) continue;
      writes.push({ table: table.name, kind, statements: write.statements, sql: write.sql });
    }
    // Deleting a referenced row: the child row exists, so what happens depends on the foreign key's
    // ON DELETE action (CASCADE in one store, NO ACTION in the other fails the delete). The write belongs
    // to the child table, whose constraint decides it.
    for (const key of keysOf.get(table.oid) ?? []) {
      if (key.ref === table.oid) continue;
      const write = planWrite(table.oid, "full", { tableName, columnsOf, keysOf, checksOf, partitionKeys, types });
      if (!write.statements) continue;
      const values = write.root.values;
      if (!key.cols.every((c) => values.has(c))) continue;
      const refColumns = columnsOf.get(key.ref) ?? [];
      const where = key.refcols
        .map((rc, i) => `${refColumns.find((c) => c.num === rc)?.quoted} = ${quoteLiteral(values.get(key.cols[i]))}`)
        .join(" AND ");
      const statements = [...write.statements, { table: table.name, sql: `DELETE FROM ${tableName.get(key.ref)} WHERE ${where}`, columns: [] }];
      writes.push({ table: table.name, kind: `delete-parent ${key.name}`, statements, sql: statements.map((x) => x.sql).join(";\n") });
    }
  }
  // what else a finding about this table may be filed under: the types its columns use (an enum label,
  // a domain check) and its partitions (a partition's own constraint, trigger or missing partition)
  const related = (
    await client.query(
      `select quote_ident(n.nspname) || '.' || quote_ident(c.relname) as name,
              array(select distinct quote_ident(tn.nspname) || '.' || quote_ident(t.typname)
                      from pg_catalog.pg_attribute a
                      join pg_catalog.pg_type t0 on t0.oid = a.atttypid
                      join pg_catalog.pg_type t on t.oid in (t0.oid, t0.typelem, t0.typbasetype)
                      join pg_catalog.pg_namespace tn on tn.oid = t.typnamespace
                     where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
                       and tn.nspname <> 'pg_catalog') as types,
              array(with recursive parts(oid) as (
                      select i.inhrelid from pg_catalog.pg_inherits i where i.inhparent = c.oid
                      union select i.inhrelid from pg_catalog.pg_inherits i join parts p on i.inhparent = p.oid)
                    select quote_ident(pn.nspname) || '.' || quote_ident(pc.relname)
                      from parts join pg_catalog.pg_class pc on pc.oid = parts.oid
                      join pg_catalog.pg_namespace pn on pn.oid = pc.relnamespace) as partitions
         from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
        where c.oid = any($1::oid[])`,
      [oids],
    )
  ).rows;
  const alsoUnder = new Map(related.map((r) => [r.name, [...r.types, ...r.partitions]]));
  return { tables: tables.map((t) => t.name), writes, alsoUnder };
}

/** wanted(column): does this write supply the column of the table being written (not of its parents)? */
function wantedColumn(column, kind) {
  if (column.generated || column.identity === "a") return false;
  if (kind.startsWith("full")) return true;
  return column.notnull && !column.hasdef && !column.identity;
}

function planWrite(rootOid, kind, catalog) {
  const statements = []; // { table, sql }
  const planned = []; // { rel, values: Map<num, text> }
  // values start past the ids seed rows take (Harbor's initial schema inserts rows 1, 2, ...), within smallint
  let counter = 7000;
  let failure = null;

  function planRow(rel, rowKind, forced, depth) {
    if (depth > 8) {
      failure = "foreign keys nest deeper than 8";
      return null;
    }
    const cols = catalog.columnsOf.get(rel) ?? [];
    const values = new Map(forced);
    // even the required write names the partition key: without it no partition takes the row
    const partitionKey = catalog.partitionKeys?.get(rel);
    if (partitionKey && !values.has(partitionKey.num)) values.set(partitionKey.num, partitionKey.value);
    for (const column of cols) {
      if (values.has(column.num)) continue;
      if (!wantedColumn(column, rowKind)) continue;
      counter += 1;
      const text = checkConstant(catalog.checksOf.get(rel) ?? [], column) ?? valueText(column, column.typmod, counter, catalog.types, kind === "full-max" ? "max" : "small");
      if (text === null) {
        if (!column.notnull) continue; // nullable columns of types we cannot make up are left out
        failure = `no plausible value for ${catalog.tableName.get(rel)}.${column.name} (${column.type})`;
        return null;
      }
      values.set(column.num, text);
    }
    const row = { rel, values };
    planned.push(row);
    for (const key of catalog.keysOf.get(rel) ?? []) {
      if (!key.cols.every((c) => values.has(c))) {
        if (!key.cols.some((c) => values.has(c))) continue; // no key column written: nothing to reference
        // a partly supplied composite key: supply the rest too, as the application must to reference a row
        for (const c of key.cols) {
          if (values.has(c)) continue;
          const column = cols.find((x) => x.num === c);
          counter += 1;
          const text = column && !column.generated ? valueText(column, column.typmod, counter, catalog.types, "small") : null;
          if (text === null) {
            failure = `foreign key ${key.name} partly supplied`;
            return null;
          }
          values.set(c, text);
        }
      }
      const wantedRef = new Map(key.refcols.map((rc, i) => [rc, values.get(key.cols[i])]));
      const match = (candidate) =>
        candidate.rel === key.ref && [...wantedRef].every(([rc, text]) => candidate.values.get(rc) === text);
      if (planned.some(match)) continue;
      if (key.ref === rel) {
        // a self reference is satisfied by pointing at the row itself
        for (const [i, c] of key.cols.entries()) {
          const own = values.get(key.refcols[i]);
          if (own === undefined) {
            failure = `self reference ${key.name} to a column the write does not supply`;
            return null;
          }
          values.set(c, own);
        }
        continue;
      }
      if (!planRow(key.ref, "required", wantedRef, depth + 1)) return null;
    }
    // parents were pushed first; this row goes after them
    const cols2 = cols.filter((c) => values.has(c.num));
    const name = catalog.tableName.get(rel);
    const needsOverride = cols2.some((c) => c.identity === "a");
    const sql =
      cols2.length === 0
        ? `INSERT INTO ${name} DEFAULT VALUES`
        : `INSERT INTO ${name} (${cols2.map((c) => c.quoted).join(", ")})${needsOverride ? " OVERRIDING SYSTEM VALUE" : ""} VALUES (${cols2
            .map((c) => quoteLiteral(values.get(c.num)))
            .join(", ")})`;
    // ORMs read generated columns back (EF Core, Hibernate, Rails): the full write asks for them too
    const generated = depth === 0 && rowKind.startsWith("full") ? cols.filter((c) => c.generated) : [];
    const returning = generated.length ? ` RETURNING ${generated.map((c) => c.quoted).join(", ")}` : "";
    statements.push({ table: name, sql: sql + returning, columns: cols2.map((c) => c.name) });
    return row;
  }

  const root = planRow(rootOid, kind, new Map(), 0);
  if (failure) return { skipped: failure };
  return { statements, sql: statements.map((s) => s.sql).join(";\n"), root, planned };
}
