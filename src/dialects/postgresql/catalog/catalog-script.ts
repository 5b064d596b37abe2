/**
 * The catalog queries, sent as ONE multi-statement script in ONE round trip, inside a REPEATABLE READ
 * READ ONLY transaction: a consistent view of the catalog whatever its size, at a constant cost in
 * round trips. Each SELECT returns one text column `data`, a row per chunk of its result holding a JSON
 * array of rows (see CHUNK_ROWS), so the pg driver and PGlite hand back identical, parser-independent
 * results.
 *
 * Written for PostgreSQL 14 and later (the server here is 15, PGlite is 18). The server's version is read
 * first, and columns that only exist on newer servers are named only when the server has them.
 *
 * Cost notes (measured on 5 000 tables): per-row catalog functions dominate. ACLs therefore travel as
 * raw aclitem text and are parsed in JS (aclexplode into JSON cost ~10x more), comments come from one join
 * on pg_description instead of a function call per row, and constraint column numbers are mapped to
 * names in JS from the columns already read.
 */

/**
 * Settings that change how writes behave. `settings` records their server configuration (postgresql.conf,
 * ALTER SYSTEM, command line or built-in default): never the snapshot role's own session values, which
 * include its ALTER ROLE ... SET (a read-only login role would make the whole server look read-only).
 */
export const WRITE_SETTINGS: readonly string[] = [
  "default_transaction_read_only",
  "default_transaction_isolation",
  "default_transaction_deferrable",
  "statement_timeout",
  "lock_timeout",
  "idle_in_transaction_session_timeout",
  "idle_session_timeout",
  "transaction_timeout",
  "search_path",
  "TimeZone",
  "DateStyle",
  "IntervalStyle",
  "standard_conforming_strings",
  "backslash_quote",
  "array_nulls",
  "session_replication_role",
  "synchronous_commit",
  "row_security",
  "bytea_output",
  "extra_float_digits",
  "check_function_bodies",
  "xmloption",
  "default_tablespace",
  "max_connections",
  "superuser_reserved_connections",
];

export interface ScriptOptions {
  readonly includeSchemas: readonly string[];
  readonly excludeSchemas: readonly string[];
  readonly statementTimeoutMs: number;
  readonly lockTimeoutMs: number;
}

export interface QueryOptions extends ScriptOptions {
  /** server_version_num, read by the prelude: decides which version-specific columns exist. */
  readonly versionNum: number;
  /**
   * Whether the snapshot role may call pg_show_all_file_settings() (superusers, or granted): the only
   * way to learn a configuration value that the role's own settings hide from its session.
   */
  readonly fileSettings?: boolean;
}

/** The SELECTs, in the order one connection sends them (columns before constraints, which need their names). */
export const QUERY_NAMES = [
  "database",
  "fileSettings",
  "roleSettings",
  "roles",
  "schemas",
  "extensions",
  "relations",
  "columns",
  "constraints",
  "indexes",
  "types",
  "routines",
  "triggers",
  "policies",
  "defaultPrivileges",
  "unmodelled",
] as const;
export type QueryName = (typeof QUERY_NAMES)[number];

/** A JSON text array as a literal that needs no quoting at all: hex digits cannot break out of a string. */
function jsonArrayLiteral(values: readonly string[]): string {
  const hex = Buffer.from(JSON.stringify(values), "utf8").toString("hex");
  return `convert_from(decode('${hex}', 'hex'), 'UTF8')::json`;
}

/** The ACL as aclitem text ("role=arw/grantor"), parsed by parseAcl() on our side. */
function acl(expression: string): string {
  return `(${expression})::text[]`;
}

/** A comment from pg_description: joined once per query, not a function call per row. */
function comment(alias: string, catalog: string, oid: string, subid = "0"): string {
  return `left join pg_catalog.pg_description ${alias} on ${alias}.objoid = ${oid}
    and ${alias}.classoid = '${catalog}'::pg_catalog.regclass and ${alias}.objsubid = ${subid}`;
}

/** Excludes objects that belong to an extension: they are captured as the extension and its version. */
function notFromExtension(catalog: string, oid: string): string {
  return `not exists (select 1 from pg_catalog.pg_depend xd where xd.classid = '${catalog}'::pg_catalog.regclass and xd.objid = ${oid} and xd.deptype = 'e')`;
}

/**
 * Excludes objects PostgreSQL made as part of another one (an internal dependency): the constructor
 * functions and multirange cast of a range type. They come and go with their owner, which is captured.
 */
function notPartOfAnother(catalog: string, oid: string): string {
  return `not exists (select 1 from pg_catalog.pg_depend xi where xi.classid = '${catalog}'::pg_catalog.regclass and xi.objid = ${oid} and xi.deptype = 'i')`;
}

function selectedNamespaces(options: ScriptOptions): string {
  const include = options.includeSchemas.length
    ? `and n.nspname in (select json_array_elements_text(${jsonArrayLiteral(options.includeSchemas)}))`
    : "";
  const exclude = options.excludeSchemas.length
    ? `and n.nspname not in (select json_array_elements_text(${jsonArrayLiteral(options.excludeSchemas)}))`
    : "";
  return `ns as (
    select n.oid, n.nspname from pg_catalog.pg_namespace n
    where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
      and n.nspname !~ '^pg_(toast_)?temp_'
      and ${notFromExtension("pg_namespace", "n.oid")}
      ${include} ${exclude})`;
}

/**
 * A field of a raw row and the JSON type it arrives as. Only the type checker reads `T`: at run time
 * every field is the same empty object, and a query's field list is the keys of its entry below.
 */
interface Field<T> {
  readonly arrives?: T;
}
const field = <T>(): Field<T> => ({});

// JSON types as PostgreSQL's json_build_array prints them: integers and booleans as JSON, arrays as JSON
// arrays, and oid (which JSON does not count as a number) as its decimal text.
const text = field<string>();
const textOrNull = field<string | null>();
const int = field<number>();
const bool = field<boolean>();
const oid = field<string>();
const texts = field<string[]>();
const textsOrNull = field<string[] | null>();
const intsOrNull = field<number[] | null>();
const qualified = field<[schema: string, name: string] | null>();

/**
 * The fields each query returns, in order (object keys keep the order they are written in), with the JSON
 * type of each. Rows travel as positional JSON arrays (a third cheaper to build on the server than keyed
 * objects, and far smaller on the wire); decodeRows() zips them back into named raw rows with these
 * same keys, and RawRow<Q> is their type, so the select list, the decoder and the converter cannot
 * drift apart silently: a name missing from a query's select list fails the query itself.
 */
const ROW_FIELDS = {
  database: { versionShort: text, version: text, versionNum: int, name: text, owner: text, encoding: text, collate: text, ctype: text, connectionLimit: int, acl: texts },
  fileSettings: { name: text, value: textOrNull, seqno: int },
  roleSettings: { role: textOrNull, allDatabases: bool, config: textsOrNull },
  roles: { name: text, superuser: bool, inherit: bool, createRole: bool, createDb: bool, canLogin: bool, replication: bool, bypassRls: bool, connectionLimit: int, memberOf: texts },
  schemas: { name: text, owner: text, acl: texts, comment: textOrNull },
  extensions: { name: text, schema: text, version: text, functions: texts },
  relations: {
    oid,
    schema: text,
    name: text,
    relkind: text,
    persistence: text,
    rls: bool,
    forceRls: bool,
    isPartition: bool,
    partitionBound: textOrNull,
    partitionKey: textOrNull,
    parents: field<{ schema: string; name: string }[]>(),
    owner: text,
    acl: texts,
    options: texts,
    viewdef: textOrNull,
    comment: textOrNull,
    sequence: field<{
      type: string;
      start: string;
      increment: string;
      min: string;
      max: string;
      cache: string;
      cycle: boolean;
      ownedBy: { schema: string; table: string; column: string } | null;
    } | null>(),
    // pg_relation_is_updatable()'s bits, for plain views only.
    updatable: field<number | null>(),
  },
  columns: {
    rel: oid,
    name: text,
    num: int,
    type: text,
    typType: text,
    typeSchema: text,
    typeName: text,
    isArray: bool,
    dims: int,
    notNull: bool,
    defaultExpr: textOrNull,
    identity: text,
    generated: text,
    collation: qualified,
    acl: textsOrNull,
    comment: textOrNull,
    // pg_column_is_updatable(), for columns of plain views only.
    updatable: field<boolean | null>(),
  },
  constraints: {
    rel: oid,
    name: text,
    type: text,
    definition: text,
    validated: bool,
    enforced: bool,
    deferrable: bool,
    deferred: bool,
    columnNumbers: intsOrNull,
    refSchema: textOrNull,
    refTable: textOrNull,
    refOid: oid,
    refColumnNumbers: intsOrNull,
    refColumns: textsOrNull,
    onUpdate: text,
    onDelete: text,
    match: text,
    inherited: bool,
  },
  indexes: {
    rel: oid,
    name: text,
    quotedName: text,
    definition: text,
    unique: bool,
    primary: bool,
    method: text,
    predicate: textOrNull,
    nullsNotDistinct: bool,
    valid: bool,
    constraint: textOrNull,
    inherited: bool,
  },
  types: {
    schema: text,
    name: text,
    typtype: text,
    owner: text,
    labels: textsOrNull,
    baseType: textOrNull,
    notNull: bool,
    default: textOrNull,
    collation: qualified,
    checks: field<{ name: string; definition: string; validated: boolean }[] | null>(),
    definition: textOrNull,
  },
  routines: {
    schema: text,
    name: text,
    arguments: textOrNull,
    result: textOrNull,
    kind: text,
    language: text,
    volatility: text,
    securityDefiner: bool,
    strict: bool,
    config: texts,
    body: textOrNull,
    owner: text,
    acl: texts,
  },
  triggers: { rel: oid, name: text, type: int, enabled: text, definition: text, functionSchema: text, functionName: text, isConstraint: bool, inherited: bool },
  policies: { rel: oid, name: text, command: text, permissive: bool, roles: texts, using: textOrNull, withCheck: textOrNull },
  defaultPrivileges: { role: text, schema: textOrNull, objectType: text, acl: texts },
  unmodelled: { kind: text, schema: textOrNull, parent: textOrNull, name: text, definition: textOrNull },
} as const satisfies Record<QueryName, Record<string, Field<unknown>>>;

type FieldType<F> = F extends Field<infer T> ? T : never;

/** One row of query `Q` as decodeRows() makes it: a named field per entry of the query's field list. */
export type RawRow<Q extends QueryName> = { readonly [K in keyof (typeof ROW_FIELDS)[Q]]: FieldType<(typeof ROW_FIELDS)[Q][K]> };

/** The field names of each query, in the order its select list returns them. */
export const QUERY_FIELDS: { readonly [Q in QueryName]: readonly (keyof RawRow<Q> & string)[] } = Object.freeze(
  Object.fromEntries(QUERY_NAMES.map((name) => [name, Object.freeze(Object.keys(ROW_FIELDS[name]))])) as { [Q in QueryName]: (keyof RawRow<Q> & string)[] },
);

/**
 * Rows of one result travel together, a JSON array of up to this many positional rows per result row.
 * One array for a whole result made a single protocol message of tens of megabytes on 20 000 tables,
 * which the driver gathers in a buffer doubled until it fits (twice the message) before decoding it to
 * one string as large again; chunks keep each message near half a megabyte, so what is decoded is
 * converted and dropped while the next chunk arrives. (One row per catalog row instead costs the
 * driver's per-row work on every column: twice the client time.)
 */
export const CHUNK_ROWS = 2000;

function agg(name: QueryName, body: string): string {
  const fields = QUERY_FIELDS[name].map((f) => `q."${f}"`).join(", ");
  // An empty result is no rows at all: the FLUSH_STATEMENT after each query marks where a result ends.
  return `/* ${name} */ select json_agg(r.row)::text as data from (select json_build_array(${fields}) as row,
    (row_number() over ()) / ${CHUNK_ROWS} as chunk from (${body}) q) r group by r.chunk;`;
}

const rowFactories = new Map<QueryName, (values: readonly unknown[]) => object>();

/**
 * The function that zips one positional row of query `name` back into its named raw row. Generated from
 * QUERY_FIELDS (constants of this file, never input) as one object literal, so every row of a query gets
 * the same hidden class: on 5 000 tables that is several times faster than adding properties one by one.
 */
export function rowFactory<Q extends QueryName>(name: Q): (values: readonly unknown[]) => RawRow<Q> {
  let make = rowFactories.get(name);
  if (!make) {
    const body = QUERY_FIELDS[name].map((f, i) => `${JSON.stringify(f)}: v[${i}]`).join(", ");
    make = new Function("v", `return { ${body} };`) as (values: readonly unknown[]) => object;
    rowFactories.set(name, make);
  }
  return make as (values: readonly unknown[]) => RawRow<Q>;
}

/** Positional rows (a JSON array of arrays) back into named raw rows. */
export function decodeRows<Q extends QueryName>(name: Q, json: string): RawRow<Q>[] {
  return (JSON.parse(json) as unknown[][]).map(rowFactory(name));
}

/**
 * First round trip: open the read-only, repeatable-read transaction, set its limits, and learn the
 * server version (and, when asked, export the transaction's snapshot so a second connection can read
 * the very same catalog state in parallel).
 */
export function preludeScript(options: ScriptOptions, exportSnapshot: boolean): string {
  return [
    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;",
    // Before our own SET LOCALs, so `source` still says where each session value came from. The function,
    // not the pg_settings view: it opens no relation, so it cannot wait on a lock before lock_timeout is set.
    `/* sessionSettings */ select coalesce(json_agg(json_build_array(${SESSION_SETTING_FIELDS.map((f) => `s."${f}"`).join(", ")})), '[]'::json)::text as data
      from (select a.name as name, a.reset_val as value, a.unit as unit, a.source as source, a.boot_val as boot
            from pg_catalog.pg_show_all_settings() a
            where lower(a.name) in (select json_array_elements_text(${jsonArrayLiteral(WRITE_SETTINGS.map((n) => n.toLowerCase()))}))) s;`,
    ...limits(options),
    `select current_setting('server_version_num')::int as "versionNum",
      pg_catalog.has_function_privilege('pg_catalog.pg_show_all_file_settings()', 'EXECUTE') as "fileSettings",
      pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(pg_catalog.pg_postmaster_start_time()::text || ' ' || pg_catalog.pg_conf_load_time()::text || ' ' || pg_catalog.version(), 'UTF8')), 'hex') as instance${exportSnapshot ? ", pg_catalog.pg_export_snapshot() as snapshot" : ""};`,
  ].join("\n");
}

/** The fields of the prelude's session settings, in order. */
export const SESSION_SETTING_FIELDS = ["name", "value", "unit", "source", "boot"] as const;

/** One of the prelude's session settings (pg_show_all_settings(): reset value, unit, source, boot value). */
export type SessionSettingRow = { readonly [K in (typeof SESSION_SETTING_FIELDS)[number]]: K extends "name" | "source" ? string : string | null };

/**
 * pg_settings sources whose value is the server configuration's own. Any other source (global, database,
 * user, database user, client, session) is an ALTER ROLE/DATABASE ... SET or a connection option that
 * hides the configuration's value from this session.
 */
export const SERVER_SOURCES: ReadonlySet<string> = new Set(["default", "environment variable", "configuration file", "command line", "override"]);

/**
 * Sent after each catalog query. PostgreSQL keeps up to 8 KiB of output in its send buffer until more
 * output pushes it out, so the tail of one query's result would wait for the next query to finish (on
 * 5 000 tables, half a second). This cheap 8 KiB filler pushes it out at once, so the client decodes a
 * result while the server computes the next. Its rows are recognised by their `flush` column.
 */
export const FLUSH_STATEMENT = "/* flush */ select pg_catalog.repeat(' ', 8192) as flush;";

/** For a second connection: adopt the first connection's exported snapshot before reading anything. */
export function importSnapshotScript(options: ScriptOptions, snapshotId: string): string {
  if (!/^[0-9A-F-]+$/i.test(snapshotId)) throw new Error(`unexpected snapshot id ${snapshotId}`);
  return [
    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;",
    `SET TRANSACTION SNAPSHOT '${snapshotId}';`,
    ...limits(options),
  ].join("\n");
}

function limits(options: ScriptOptions): string[] {
  return [
    `SET LOCAL statement_timeout = ${Math.max(1, Math.floor(options.statementTimeoutMs))};`,
    `SET LOCAL lock_timeout = ${Math.max(1, Math.floor(options.lockTimeoutMs))};`,
    // Names are read as the catalog stores them, and expressions print schema-qualified the same way
    // whatever search_path the snapshot role has: otherwise two environments would differ in print only.
    "SET LOCAL search_path = pg_catalog;",
    // Parallelism comes from the two connections. Parallel query workers on top would compete for the
    // same cores (and the production server's worker slots), and their start-up costs more than it saves:
    // on 5 000 tables the catalog read took 850 ms with them and 740 ms without.
    "SET LOCAL max_parallel_workers_per_gather = 0;",
    // On large catalogs the planner's cost estimates cross jit_above_cost (and the inlining and
    // optimisation thresholds), and compiling the expressions of a query that runs once costs more than
    // it saves: on 5 000 tables the server spent about a quarter less time on the catalog without it.
    "SET LOCAL jit = off;",
    // Chunks are grouped in a hash table that holds each chunk's JSON until its query ends, as one
    // aggregate of the whole result did before; at the default 4 MB it would spill them to disk instead.
    "SET LOCAL work_mem = '64MB';",
  ];
}

/** Every catalog SELECT, by name, for the given server version. */
export function catalogQueries(options: QueryOptions): Record<QueryName, string> {
  const ns = `with ${selectedNamespaces(options)}`;
  const v = options.versionNum;
  const settingNames = jsonArrayLiteral(WRITE_SETTINGS.map((s) => s.toLowerCase()));
  const queries: Record<QueryName, string> = {
    database: agg(
      "database",
      `select current_setting('server_version') as "versionShort", version() as version,
        current_setting('server_version_num')::int as "versionNum",
        d.datname as name, pg_catalog.pg_get_userbyid(d.datdba) as owner,
        pg_catalog.pg_encoding_to_char(d.encoding) as encoding,
        coalesce(d.datcollate, '') as collate, coalesce(d.datctype, '') as ctype,
        d.datconnlimit as "connectionLimit",
        ${acl("coalesce(d.datacl, pg_catalog.acldefault('d'::\"char\", d.datdba))")} as acl
      from pg_catalog.pg_database d where d.datname = current_database()`,
    ),
    // The configuration files' values, for settings the session's own values hide (see preludeScript).
    fileSettings: agg(
      "fileSettings",
      options.fileSettings
        ? `select f.name as name, f.setting as value, f.seqno as seqno from pg_catalog.pg_show_all_file_settings() f
           where f.applied and f.error is null and lower(f.name) in (select json_array_elements_text(${settingNames}))`
        : "select null::text as name, null::text as value, null::int as seqno where false",
    ),
    roleSettings: agg(
      "roleSettings",
      `select case when s.setrole = 0 then null else pg_catalog.pg_get_userbyid(s.setrole) end as role,
        s.setdatabase = 0 as "allDatabases", s.setconfig as config
       from pg_catalog.pg_db_role_setting s
       where s.setdatabase = 0 or s.setdatabase = (select oid from pg_catalog.pg_database where datname = current_database())`,
    ),
    roles: agg(
      "roles",
      `select r.rolname as name, r.rolsuper as superuser, r.rolinherit as inherit, r.rolcreaterole as "createRole",
        r.rolcreatedb as "createDb", r.rolcanlogin as "canLogin", r.rolreplication as replication,
        r.rolbypassrls as "bypassRls", r.rolconnlimit as "connectionLimit",
        (select coalesce(json_agg(g.rolname), '[]'::json) from pg_catalog.pg_auth_members m
           join pg_catalog.pg_roles g on g.oid = m.roleid where m.member = r.oid) as "memberOf"
       from pg_catalog.pg_roles r where r.rolname !~ '^pg_'`,
    ),
    schemas: agg(
      "schemas",
      `${ns} select n.nspname as name, pg_catalog.pg_get_userbyid(n.nspowner) as owner,
        ${acl("coalesce(n.nspacl, pg_catalog.acldefault('n'::\"char\", n.nspowner))")} as acl,
        ds.description as comment
       from pg_catalog.pg_namespace n join ns on ns.oid = n.oid ${comment("ds", "pg_namespace", "n.oid")}`,
    ),
    extensions: agg(
      "extensions",
      // Member functions that are not overloads of a built-in: a call to one of those names needs the extension.
      `select e.extname as name, n.nspname as schema, e.extversion as version,
        (select coalesce(json_agg(distinct p.proname), '[]'::json) from pg_catalog.pg_depend d
           join pg_catalog.pg_proc p on p.oid = d.objid
          where d.refclassid = 'pg_extension'::pg_catalog.regclass and d.refobjid = e.oid and d.deptype = 'e'
            and d.classid = 'pg_proc'::pg_catalog.regclass
            and not exists (select 1 from pg_catalog.pg_proc b where b.pronamespace = 'pg_catalog'::pg_catalog.regnamespace and b.proname = p.proname)) as functions
       from pg_catalog.pg_extension e join pg_catalog.pg_namespace n on n.oid = e.extnamespace`,
    ),
    relations: agg(
      "relations",
      `${ns} select c.oid as oid, ns.nspname as schema, c.relname as name, c.relkind as relkind,
        c.relpersistence as persistence, c.relrowsecurity as rls, c.relforcerowsecurity as "forceRls",
        c.relispartition as "isPartition",
        case when c.relispartition then pg_catalog.pg_get_expr(c.relpartbound, c.oid) end as "partitionBound",
        case when c.relkind = 'p' then pg_catalog.pg_get_partkeydef(c.oid) end as "partitionKey",
        (select coalesce(json_agg(json_build_object('schema', pn.nspname, 'name', pc.relname) order by i.inhseqno), '[]'::json)
           from pg_catalog.pg_inherits i join pg_catalog.pg_class pc on pc.oid = i.inhparent
           join pg_catalog.pg_namespace pn on pn.oid = pc.relnamespace where i.inhrelid = c.oid) as parents,
        pg_catalog.pg_get_userbyid(c.relowner) as owner,
        ${acl("coalesce(c.relacl, pg_catalog.acldefault(case when c.relkind = 'S' then 's' else 'r' end::\"char\", c.relowner))")} as acl,
        coalesce(c.reloptions, '{}') as options,
        case when c.relkind in ('v', 'm') then pg_catalog.pg_get_viewdef(c.oid, true) end as viewdef,
        ds.description as comment,
        case when c.relkind = 'S' then (
          select json_build_object('type', pg_catalog.format_type(s.seqtypid, null), 'start', s.seqstart::text,
            'increment', s.seqincrement::text, 'min', s.seqmin::text, 'max', s.seqmax::text,
            'cache', s.seqcache::text, 'cycle', s.seqcycle,
            'ownedBy', (select json_build_object('schema', tn.nspname, 'table', tc.relname, 'column', ta.attname)
               from pg_catalog.pg_depend d join pg_catalog.pg_class tc on tc.oid = d.refobjid
               join pg_catalog.pg_namespace tn on tn.oid = tc.relnamespace
               join pg_catalog.pg_attribute ta on ta.attrelid = d.refobjid and ta.attnum = d.refobjsubid
               where d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.objid = c.oid
                 and d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.deptype in ('a', 'i') limit 1))
          from pg_catalog.pg_sequence s where s.seqrelid = c.oid) end as sequence,
        -- The writes a plain view accepts, counting INSTEAD OF triggers and rules (bits 1 << CMD_UPDATE,
        -- CMD_INSERT, CMD_DELETE), as information_schema.views computes them.
        case when c.relkind = 'v' then pg_catalog.pg_relation_is_updatable(c.oid, true) end as updatable
       from pg_catalog.pg_class c join ns on ns.oid = c.relnamespace ${comment("ds", "pg_class", "c.oid")}
       where c.relkind in ('r', 'p', 'v', 'm', 'f', 'S', 'c') and ${notFromExtension("pg_class", "c.oid")}`,
    ),
    columns: agg(
      "columns",
      `${ns} select a.attrelid as rel, a.attname as name, a.attnum as num,
        pg_catalog.format_type(a.atttypid, a.atttypmod) as type,
        et.typtype as "typType", etn.nspname as "typeSchema", et.typname as "typeName",
        t.typcategory = 'A' as "isArray", a.attndims as dims, a.attnotnull as "notNull",
        -- A DEFAULT cannot refer to columns, so it prints the same without its table; naming the table
        -- costs a catalog lookup per table (a third of this query on 5 000 tables). Generated columns do
        -- refer to columns, and keep it.
        pg_catalog.pg_get_expr(ad.adbin, case when a.attgenerated = '' then 0 else ad.adrelid end) as "defaultExpr",
        a.attidentity as identity, a.attgenerated as generated,
        case when a.attcollation <> t.typcollation then (select json_build_array(cn.nspname, co.collname)
           from pg_catalog.pg_collation co join pg_catalog.pg_namespace cn on cn.oid = co.collnamespace
           where co.oid = a.attcollation) end as collation,
        ${acl("a.attacl")} as acl,
        ds.description as comment,
        case when c.relkind = 'v' then pg_catalog.pg_column_is_updatable(c.oid, a.attnum, true) end as updatable
       from pg_catalog.pg_attribute a
       join pg_catalog.pg_class c on c.oid = a.attrelid join ns on ns.oid = c.relnamespace
       join pg_catalog.pg_type t on t.oid = a.atttypid
       join pg_catalog.pg_type et on et.oid = case when t.typcategory = 'A' and t.typelem <> 0 then t.typelem else t.oid end
       join pg_catalog.pg_namespace etn on etn.oid = et.typnamespace
       left join pg_catalog.pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
       ${comment("ds", "pg_class", "a.attrelid", "a.attnum")}
       where a.attnum > 0 and not a.attisdropped and c.relkind in ('r', 'p', 'v', 'm', 'f', 'c')
         and ${notFromExtension("pg_class", "c.oid")}`,
    ),
    // contype 'n' (PostgreSQL 18 stores NOT NULL as constraints) is already captured as the column's notNull.
    constraints: agg(
      "constraints",
      `${ns} select co.conrelid as rel, co.conname as name, co.contype as type,
        pg_catalog.pg_get_constraintdef(co.oid, true) as definition, co.convalidated as validated,
        ${v >= 180000 ? "co.conenforced" : "true"} as enforced,
        co.condeferrable as deferrable, co.condeferred as deferred,
        co.conkey as "columnNumbers",
        rn.nspname as "refSchema", rc.relname as "refTable",
        co.confrelid as "refOid", co.confkey as "refColumnNumbers",
        -- Names of referenced columns are mapped on our side when the referenced table is captured too;
        -- only a reference into an unselected schema needs them looked up here.
        case when co.contype = 'f' and rc.relnamespace not in (select oid from ns) then
          (select json_agg(a.attname order by k.ord) from unnest(co.confkey) with ordinality k(num, ord)
           join pg_catalog.pg_attribute a on a.attrelid = co.confrelid and a.attnum = k.num) end as "refColumns",
        co.confupdtype as "onUpdate", co.confdeltype as "onDelete", co.confmatchtype as "match",
        -- On a partition: cloned from the parent's (conparentid), or a CHECK inherited and not declared here.
        c.relispartition and (co.conparentid <> 0 or not co.conislocal) as inherited
       from pg_catalog.pg_constraint co
       join pg_catalog.pg_class c on c.oid = co.conrelid join ns on ns.oid = c.relnamespace
       left join pg_catalog.pg_class rc on rc.oid = co.confrelid
       left join pg_catalog.pg_namespace rn on rn.oid = rc.relnamespace
       where co.contype in ('p', 'u', 'f', 'c', 'x') and ${notFromExtension("pg_class", "c.oid")}`,
    ),
    indexes: agg(
      "indexes",
      `${ns} select i.indrelid as rel, ic.relname as name, quote_ident(ic.relname) as "quotedName",
        pg_catalog.pg_get_indexdef(i.indexrelid) as definition, i.indisunique as "unique", i.indisprimary as "primary",
        am.amname as method, pg_catalog.pg_get_expr(i.indpred, i.indrelid) as predicate,
        ${v >= 150000 ? "i.indnullsnotdistinct" : "false"} as "nullsNotDistinct",
        i.indisvalid as valid,
        (select co.conname from pg_catalog.pg_constraint co where co.conindid = i.indexrelid
           and co.conrelid = i.indrelid and co.contype in ('p', 'u', 'x') limit 1) as "constraint",
        -- An index attached to a partitioned index is itself a partition.
        ic.relispartition as inherited
       from pg_catalog.pg_index i
       join pg_catalog.pg_class ic on ic.oid = i.indexrelid
       join pg_catalog.pg_class c on c.oid = i.indrelid join ns on ns.oid = c.relnamespace
       join pg_catalog.pg_am am on am.oid = ic.relam
       where ${notFromExtension("pg_class", "c.oid")}`,
    ),
    types: agg(
      "types",
      `${ns} select ns.nspname as schema, t.typname as name, t.typtype as typtype,
        pg_catalog.pg_get_userbyid(t.typowner) as owner,
        case when t.typtype = 'e' then (select json_agg(e.enumlabel order by e.enumsortorder)
           from pg_catalog.pg_enum e where e.enumtypid = t.oid) end as labels,
        case when t.typtype = 'd' then pg_catalog.format_type(t.typbasetype, t.typtypmod) end as "baseType",
        t.typnotnull as "notNull", t.typdefault as "default",
        case when t.typtype = 'd' and t.typcollation <> bt.typcollation then (select json_build_array(cn.nspname, co.collname)
           from pg_catalog.pg_collation co join pg_catalog.pg_namespace cn on cn.oid = co.collnamespace
           where co.oid = t.typcollation) end as collation,
        case when t.typtype = 'd' then (select coalesce(json_agg(json_build_object('name', dc.conname,
             'definition', pg_catalog.pg_get_constraintdef(dc.oid, true), 'validated', dc.convalidated)), '[]'::json)
           from pg_catalog.pg_constraint dc where dc.contypid = t.oid and dc.contype = 'c') end as checks,
        case when t.typtype = 'r' then (select 'subtype ' || pg_catalog.format_type(rg.rngsubtype, null)
             || coalesce(' subtype_diff ' || nullif(rg.rngsubdiff, 0)::pg_catalog.regproc::text, '')
           from pg_catalog.pg_range rg where rg.rngtypid = t.oid)
          when t.typtype = 'b' then 'input ' || t.typinput::pg_catalog.regproc::text || ' output ' || t.typoutput::pg_catalog.regproc::text
            || ' length ' || t.typlen end as definition
       from pg_catalog.pg_type t join ns on ns.oid = t.typnamespace
       left join pg_catalog.pg_type bt on bt.oid = t.typbasetype
       where t.typtype in ('e', 'd', 'r', 'b') and t.typcategory <> 'A'
         and ${notFromExtension("pg_type", "t.oid")}`,
    ),
    // prosrc is empty for SQL-standard bodies (BEGIN ATOMIC); pg_get_function_sqlbody gives their text.
    routines: agg(
      "routines",
      `${ns} select ns.nspname as schema, p.proname as name,
        pg_catalog.pg_get_function_identity_arguments(p.oid) as arguments,
        pg_catalog.pg_get_function_result(p.oid) as result, p.prokind as kind, l.lanname as language,
        p.provolatile as volatility, p.prosecdef as "securityDefiner", p.proisstrict as strict,
        coalesce(p.proconfig, '{}') as config,
        case when p.prosrc = '' or p.prosrc is null then pg_catalog.pg_get_function_sqlbody(p.oid) else p.prosrc end as body,
        pg_catalog.pg_get_userbyid(p.proowner) as owner,
        ${acl("coalesce(p.proacl, pg_catalog.acldefault('f'::\"char\", p.proowner))")} as acl
       from pg_catalog.pg_proc p join ns on ns.oid = p.pronamespace
       join pg_catalog.pg_language l on l.oid = p.prolang
       where ${notFromExtension("pg_proc", "p.oid")} and ${notPartOfAnother("pg_proc", "p.oid")}`,
    ),
    triggers: agg(
      "triggers",
      `${ns} select tg.tgrelid as rel, tg.tgname as name, tg.tgtype as type, tg.tgenabled as enabled,
        pg_catalog.pg_get_triggerdef(tg.oid, true) as definition,
        fn.nspname as "functionSchema", f.proname as "functionName", tg.tgconstraint <> 0 as "isConstraint",
        tg.tgparentid <> 0 as inherited
       from pg_catalog.pg_trigger tg
       join pg_catalog.pg_class c on c.oid = tg.tgrelid join ns on ns.oid = c.relnamespace
       join pg_catalog.pg_proc f on f.oid = tg.tgfoid join pg_catalog.pg_namespace fn on fn.oid = f.pronamespace
       where not tg.tgisinternal and ${notFromExtension("pg_class", "c.oid")}`,
    ),
    policies: agg(
      "policies",
      `${ns} select p.polrelid as rel, p.polname as name, p.polcmd as command, p.polpermissive as permissive,
        (select coalesce(json_agg(case when r = 0 then 'PUBLIC' else pg_catalog.pg_get_userbyid(r) end), '[]'::json)
           from unnest(p.polroles) r) as roles,
        pg_catalog.pg_get_expr(p.polqual, p.polrelid) as using,
        pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) as "withCheck"
       from pg_catalog.pg_policy p
       join pg_catalog.pg_class c on c.oid = p.polrelid join ns on ns.oid = c.relnamespace`,
    ),
    defaultPrivileges: agg(
      "defaultPrivileges",
      `${ns} select pg_catalog.pg_get_userbyid(d.defaclrole) as role, n.nspname as schema, d.defaclobjtype as "objectType",
        ${acl("d.defaclacl")} as acl
       from pg_catalog.pg_default_acl d left join pg_catalog.pg_namespace n on n.oid = d.defaclnamespace
       where d.defaclnamespace = 0 or d.defaclnamespace in (select oid from ns)`,
    ),
    // Object kinds driftgate does not model. Listed so their presence is visible and judged, never dropped.
    // `parent` is the table a rule belongs to; names are quoted on our side like every other name.
    unmodelled: agg(
      "unmodelled",
      `${ns}
       select 'rule' as kind, ns.nspname as schema, c.relname as parent, r.rulename as name,
           pg_catalog.pg_get_ruledef(r.oid, true) as definition
         from pg_catalog.pg_rewrite r join pg_catalog.pg_class c on c.oid = r.ev_class join ns on ns.oid = c.relnamespace
         where r.rulename <> '_RETURN' and ${notFromExtension("pg_rewrite", "r.oid")}
       union all select 'event trigger', null, null, evtname,
           e.evtevent || ' EXECUTE ' || e.evtfoid::pg_catalog.regprocedure::text || ' ENABLED ' || e.evtenabled::text
             || coalesce(' TAGS ' || array_to_string(e.evttags, ', '), '')
         from pg_catalog.pg_event_trigger e
         where ${notFromExtension("pg_event_trigger", "e.oid")}
       union all select 'operator', ns.nspname, null, o.oprname || '(' || pg_catalog.format_type(o.oprleft, null) || ',' || pg_catalog.format_type(o.oprright, null) || ')',
           'FUNCTION ' || o.oprcode::pg_catalog.regprocedure::text || ' RETURNS ' || pg_catalog.format_type(o.oprresult, null)
         from pg_catalog.pg_operator o join ns on ns.oid = o.oprnamespace where ${notFromExtension("pg_operator", "o.oid")}
       union all select 'collation', ns.nspname, null, co.collname,
           'provider ' || co.collprovider::text || ' collate ' || coalesce(co.collcollate, '') || ' ctype ' || coalesce(co.collctype, '')
             || case when co.collisdeterministic then '' else ' nondeterministic' end
         from pg_catalog.pg_collation co join ns on ns.oid = co.collnamespace
         where ${notFromExtension("pg_collation", "co.oid")}
       union all select 'text search configuration', ns.nspname, null, cf.cfgname,
           'parser ' || (select p.prsname from pg_catalog.pg_ts_parser p where p.oid = cf.cfgparser) || coalesce(' mapping ' ||
             (select string_agg(m.maptokentype || ':' || m.mapdict::pg_catalog.regdictionary::text, ',' order by m.maptokentype, m.mapseqno)
              from pg_catalog.pg_ts_config_map m where m.mapcfg = cf.oid), '')
         from pg_catalog.pg_ts_config cf join ns on ns.oid = cf.cfgnamespace
         where ${notFromExtension("pg_ts_config", "cf.oid")}
       union all select 'statistics object', ns.nspname, null, se.stxname, pg_catalog.pg_get_statisticsobjdef(se.oid)
         from pg_catalog.pg_statistic_ext se join ns on ns.oid = se.stxnamespace
       -- A publication changes writes: UPDATE and DELETE on a published table without a replica identity fail.
       union all select 'publication', null, null, pb.pubname,
           'all tables ' || pb.puballtables || ' insert ' || pb.pubinsert || ' update ' || pb.pubupdate || ' delete ' || pb.pubdelete
             || ' truncate ' || pb.pubtruncate || coalesce(' tables ' || (select string_agg(pt.schemaname || '.' || pt.tablename, ', '
               order by pt.schemaname, pt.tablename) from pg_catalog.pg_publication_tables pt where pt.pubname = pb.pubname), '')
         from pg_catalog.pg_publication pb
       union all select 'foreign data wrapper', null, null, fw.fdwname,
           'handler ' || fw.fdwhandler::pg_catalog.regproc::text || ' validator ' || fw.fdwvalidator::pg_catalog.regproc::text
             || coalesce(' options ' || array_to_string(fw.fdwoptions, ', '), '')
         from pg_catalog.pg_foreign_data_wrapper fw
         where ${notFromExtension("pg_foreign_data_wrapper", "fw.oid")}
       union all select 'foreign server', null, null, fs.srvname,
           'wrapper ' || (select w.fdwname from pg_catalog.pg_foreign_data_wrapper w where w.oid = fs.srvfdw)
             || coalesce(' type ' || fs.srvtype, '') || coalesce(' version ' || fs.srvversion, '')
             || coalesce(' options ' || array_to_string(fs.srvoptions, ', '), '')
         from pg_catalog.pg_foreign_server fs
         where ${notFromExtension("pg_foreign_server", "fs.oid")}
       union all select 'cast', null, null, pg_catalog.format_type(ca.castsource, null) || ' AS ' || pg_catalog.format_type(ca.casttarget, null),
           case when ca.castfunc = 0 then 'without function' else 'with function ' || ca.castfunc::pg_catalog.regprocedure::text end
             || ' context ' || ca.castcontext::text || ' method ' || ca.castmethod::text
         from pg_catalog.pg_cast ca where ca.oid >= 16384 and ${notFromExtension("pg_cast", "ca.oid")} and ${notPartOfAnother("pg_cast", "ca.oid")}
       union all select 'conversion', ns.nspname, null, cv.conname,
           pg_catalog.pg_encoding_to_char(cv.conforencoding) || ' to ' || pg_catalog.pg_encoding_to_char(cv.contoencoding)
             || ' via ' || cv.conproc::pg_catalog.regproc::text || case when cv.condefault then ' default' else '' end
         from pg_catalog.pg_conversion cv join ns on ns.oid = cv.connamespace
         where ${notFromExtension("pg_conversion", "cv.oid")}
       union all select 'operator family', ns.nspname, null, opf.opfname,
           'using ' || (select am.amname from pg_catalog.pg_am am where am.oid = opf.opfmethod)
         from pg_catalog.pg_opfamily opf join ns on ns.oid = opf.opfnamespace
         where ${notFromExtension("pg_opfamily", "opf.oid")}`,
    ),
  };
  return queries;
}
