/**
 * A seeded generator of realistic metadata-store schemas: many tables of mixed column types with primary
 * keys, unique, foreign-key and check constraints, plain/partial/expression/GIN indexes, enums, domains,
 * views, a materialized view, SQL and PL/pgSQL functions, triggers, row-level security policies, grants to
 * a few roles (table, column, sequence, function, default privileges), sequences and comments.
 *
 * Pure: no I/O and no dependencies, so the product's unit tests can import it. The same (tables, seed)
 * always yields the same SQL, byte for byte; each table is drawn from its own stream keyed by (seed, schema,
 * table), so table 17 of schema app_00 is the same whatever N is.
 *
 * GENERATOR_VERSION is part of the scratch database names: bump it whenever the output changes, so stale
 * databases are rebuilt instead of silently reused.
 */

export const GENERATOR_VERSION = 2;

/** Roles the generated grants and policies refer to. Cluster-wide, so created separately (see rolesSql). */
export const BENCH_ROLES = ["dgbench_reader", "dgbench_writer", "dgbench_app"];

/** Tables per schema: a 5 000-table store is 20 schemas, as in a multi-module application. */
export const TABLES_PER_SCHEMA = 250;

const NOUNS = [
  "account", "customer", "purchase_order", "invoice", "payment", "shipment", "product", "category", "inventory_item",
  "warehouse", "supplier", "contract", "subscription", "plan", "usage_record", "ticket", "ticket_comment", "attachment",
  "document", "project", "task", "milestone", "team", "member", "permission", "session", "device", "event",
  "notification", "webhook", "api_key", "report", "dashboard", "metric", "alert", "incident", "feature_flag",
  "experiment", "setting", "workflow", "approval", "price_list", "discount", "tax_rate", "address", "contact",
];

/**
 * Optional columns a table may draw from. `check` (if any) becomes a named column check constraint.
 * `{s}` stands for the table's schema (enums and domains live there).
 */
const OPTIONAL_COLUMNS = [
  { name: "status", type: "{s}.record_status", extra: "not null default 'active'" },
  { name: "priority", type: "{s}.priority_level" },
  { name: "kind", type: "{s}.item_kind", extra: "not null default 'standard'" },
  { name: "amount", type: "{s}.money_amount" },
  { name: "email", type: "{s}.email_address" },
  { name: "code", type: "varchar(32)", check: "char_length(code) between 1 and 32" },
  { name: "description", type: "text" },
  { name: "metadata", type: "jsonb", extra: "not null default '{}'::jsonb" },
  { name: "tags", type: "text[]", extra: "not null default '{}'::text[]" },
  { name: "external_ref", type: "uuid" },
  { name: "is_active", type: "boolean", extra: "not null default true" },
  { name: "due_on", type: "date" },
  { name: "score", type: "double precision", check: "score >= 0 and score <= 1" },
  { name: "quantity", type: "integer", extra: "not null default 0", check: "quantity >= 0" },
  { name: "revision", type: "integer", extra: "not null default 1" },
  { name: "country", type: "char(2)" },
  { name: "ip_address", type: "inet" },
  { name: "payload", type: "bytea" },
  { name: "retention", type: "interval", extra: "default '30 days'::interval" },
  { name: "deleted_at", type: "timestamp with time zone" },
  { name: "sort_order", type: "smallint", extra: "not null default 0" },
  { name: "total_count", type: "bigint", extra: "not null default 0", check: "total_count >= 0" },
  { name: "valid_during", type: "tstzrange" },
  { name: "rate", type: "numeric(8,4)", check: "rate between 0 and 100" },
  { name: "short_code", type: "{s}.short_code" },
  { name: "settings", type: "json" },
  { name: "locale", type: "text", extra: "not null default 'en'", check: "locale ~ '^[a-z]{2}(-[A-Z]{2})?$'" },
  { name: "legacy_number", type: "serial" },
];

const FK_ACTIONS = ["cascade", "set null", "restrict", "no action"];

/** mulberry32: tiny, fast, good enough for picking shapes; deterministic across Node versions. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the parts, so every (seed, schema, table) has an independent stream. */
function streamSeed(...parts) {
  let h = 0x811c9dc5;
  for (const ch of parts.join("\u0000")) {
    h ^= ch.codePointAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function pickSome(random, pool, count) {
  const copy = [...pool];
  const out = [];
  while (out.length < count && copy.length) out.push(copy.splice(Math.floor(random() * copy.length), 1)[0]);
  return out;
}

export function schemaNames(tables) {
  const count = Math.max(1, Math.ceil(tables / TABLES_PER_SCHEMA));
  return Array.from({ length: count }, (_, i) => `app_${String(i).padStart(2, "0")}`);
}

/** The shape of every table, decided before any SQL is written so foreign keys know their target's key type. */
export function planTables(tables, seed) {
  const schemas = schemaNames(tables);
  const plan = [];
  for (let t = 0; t < tables; t++) {
    const schema = schemas[Math.floor(t / TABLES_PER_SCHEMA)];
    const local = t % TABLES_PER_SCHEMA;
    const random = rng(streamSeed(seed, schema, local));
    const name = `${NOUNS[local % NOUNS.length]}_${String(local).padStart(3, "0")}`;
    const uuidKey = random() < 0.2;
    const columns = pickSome(random, OPTIONAL_COLUMNS, 3 + Math.floor(random() * 10));
    const siblings = plan.filter((p) => p.schema === schema);
    const parents = [];
    if (siblings.length && random() < 0.6) parents.push(siblings[Math.floor(random() * siblings.length)]);
    if (siblings.length > 1 && random() < 0.15) {
      const second = siblings[Math.floor(random() * siblings.length)];
      if (!parents.includes(second)) parents.push(second);
    }
    plan.push({
      schema,
      local,
      name,
      uuidKey,
      columns,
      parents: parents.map((p, i) => ({
        table: p,
        column: i === 0 ? "parent_id" : `${p.name}_id`,
        onDelete: FK_ACTIONS[Math.floor(random() * FK_ACTIONS.length)],
      })),
      unique: random() < 0.4,
      tableCheck: random() < 0.4,
      tenantIndex: random() < 0.5,
      partialIndex: random() < 0.3,
      ginIndex: random() < 0.15,
      expressionIndex: random() < 0.1,
      touchTrigger: random() < 0.3,
      auditTrigger: random() < 0.1,
      rls: random() < 0.1,
      forceRls: random() < 0.03,
      writerGrant: random() < 0.8,
      columnGrant: random() < 0.05,
      comment: random() < 0.2,
      view: local % 10 === 5,
      countFunction: local % 8 === 3,
    });
  }
  return plan;
}

const q = (schema, name) => `${schema}.${name}`;

function schemaPrelude(schema) {
  return [
    `create schema ${schema};`,
    `comment on schema ${schema} is 'application module ${schema}';`,
    `create type ${schema}.record_status as enum ('draft', 'active', 'suspended', 'archived');`,
    `create type ${schema}.priority_level as enum ('low', 'normal', 'high', 'urgent');`,
    `create type ${schema}.item_kind as enum ('standard', 'bundle', 'service', 'digital', 'internal');`,
    `create domain ${schema}.email_address as text constraint email_shape check (value ~ '^[^@\\s]+@[^@\\s]+$');`,
    `create domain ${schema}.money_amount as numeric(12,2) constraint money_non_negative check (value >= 0);`,
    `create domain ${schema}.short_code as varchar(16) not null default 'n/a' constraint short_code_upper check (value = upper(value));`,
    `create sequence ${schema}.document_number_seq as bigint start with 1000 increment by 1 cache 20;`,
    `create table ${schema}.audit_log (
  id bigint generated always as identity primary key,
  table_name text not null,
  operation text not null check (operation in ('INSERT', 'UPDATE', 'DELETE')),
  row_data jsonb,
  changed_by text not null default current_user,
  changed_at timestamp with time zone not null default now()
);`,
    `create index audit_log_changed_at_idx on ${schema}.audit_log using brin (changed_at);`,
    `create function ${schema}.touch_updated_at() returns trigger language plpgsql as $$
begin
  new.updated_at := now();
  return new;
end;
$$;`,
    `create function ${schema}.audit_row() returns trigger language plpgsql security definer set search_path = pg_catalog, ${schema} as $$
begin
  insert into ${schema}.audit_log (table_name, operation, row_data)
  values (tg_table_name, tg_op, case when tg_op = 'DELETE' then to_jsonb(old) else to_jsonb(new) end);
  return null;
end;
$$;`,
    `create function ${schema}.current_tenant() returns uuid language sql stable as $$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$;`,
    `create function ${schema}.next_document_number() returns bigint language sql volatile as $$ select nextval('${schema}.document_number_seq') $$;`,
    `revoke execute on function ${schema}.audit_row() from public;`,
    `alter default privileges in schema ${schema} grant select on tables to dgbench_reader;`,
    `alter default privileges in schema ${schema} grant usage, select on sequences to dgbench_writer;`,
    `grant usage on schema ${schema} to dgbench_reader, dgbench_writer;`,
  ];
}

function tableSql(p) {
  const s = p.schema;
  const table = q(s, p.name);
  const lines = [
    p.uuidKey ? "id uuid primary key default gen_random_uuid()" : "id bigint generated by default as identity primary key",
    "tenant_id uuid not null",
    "name text not null",
  ];
  for (const fk of p.parents) {
    lines.push(`${fk.column} ${fk.table.uuidKey ? "uuid" : "bigint"} references ${q(fk.table.schema, fk.table.name)} (id) on delete ${fk.onDelete}`);
  }
  for (const c of p.columns) {
    const check = c.check ? ` constraint ${p.name}_${c.name}_check check (${c.check})` : "";
    lines.push(`${c.name} ${c.type.replaceAll("{s}", s)}${c.extra ? ` ${c.extra}` : ""}${check}`);
  }
  lines.push("created_at timestamp with time zone not null default now()", "updated_at timestamp with time zone");
  const has = (name) => p.columns.some((c) => c.name === name);
  if (p.unique) lines.push(`constraint ${p.name}_tenant_key unique (tenant_id, ${has("code") ? "code" : "name"})`);
  if (p.tableCheck) lines.push(`constraint ${p.name}_updated_after_created check (updated_at is null or updated_at >= created_at)`);

  const out = [`create table ${table} (\n  ${lines.join(",\n  ")}\n);`];
  for (const fk of p.parents) out.push(`create index ${p.name}_${fk.column}_idx on ${table} (${fk.column});`);
  if (p.tenantIndex) out.push(`create index ${p.name}_tenant_created_idx on ${table} (tenant_id, created_at desc);`);
  if (p.partialIndex) {
    const where = has("deleted_at") ? "deleted_at is null" : has("status") ? "status <> 'archived'" : has("is_active") ? "is_active" : "updated_at is not null";
    out.push(`create index ${p.name}_live_idx on ${table} (tenant_id, name) where ${where};`);
  }
  if (p.ginIndex && has("metadata")) out.push(`create index ${p.name}_metadata_idx on ${table} using gin (metadata jsonb_path_ops);`);
  if (p.expressionIndex) out.push(`create unique index ${p.name}_lower_name_idx on ${table} (tenant_id, lower(name));`);
  if (p.touchTrigger) out.push(`create trigger ${p.name}_touch before update on ${table} for each row execute function ${s}.touch_updated_at();`);
  if (p.auditTrigger) out.push(`create trigger ${p.name}_audit after insert or update or delete on ${table} for each row execute function ${s}.audit_row();`);
  if (p.rls) {
    out.push(
      `alter table ${table} enable row level security;`,
      `create policy tenant_isolation on ${table} for all to dgbench_app using (tenant_id = ${s}.current_tenant()) with check (tenant_id = ${s}.current_tenant());`,
      `create policy reader_all on ${table} for select to dgbench_reader using (true);`,
    );
    if (p.forceRls) out.push(`alter table ${table} force row level security;`);
  }
  if (p.writerGrant) out.push(`grant insert, update, delete on ${table} to dgbench_writer;`);
  if (p.columnGrant) out.push(`grant update (name, updated_at) on ${table} to dgbench_app;`);
  if (p.comment) out.push(`comment on table ${table} is 'stores ${p.name.replaceAll("_", " ")} records per tenant';`);
  if (p.view) {
    const parent = p.parents[0];
    out.push(
      parent
        ? `create view ${q(s, `${p.name}_overview`)} as select t.id, t.tenant_id, t.name, p.name as parent_name, t.created_at from ${table} t left join ${q(parent.table.schema, parent.table.name)} p on p.id = t.${parent.column};`
        : `create view ${q(s, `${p.name}_overview`)} as select id, tenant_id, name, created_at from ${table} where updated_at is null or updated_at > created_at;`,
      `grant select on ${q(s, `${p.name}_overview`)} to dgbench_reader;`,
    );
  }
  if (p.countFunction) {
    const fn = q(s, `${p.name}_count`);
    out.push(
      `create function ${fn}(p_tenant uuid) returns bigint language sql stable as $$ select count(*) from ${table} where tenant_id = p_tenant $$;`,
      `revoke execute on function ${fn}(uuid) from public;`,
      `grant execute on function ${fn}(uuid) to dgbench_app;`,
    );
  }
  return out;
}

function schemaEpilogue(schema, plan) {
  const first = plan.find((p) => p.schema === schema);
  return [
    `grant select on all tables in schema ${schema} to dgbench_reader;`,
    `grant usage, select on all sequences in schema ${schema} to dgbench_writer;`,
    `create materialized view ${schema}.${first.name}_daily as select tenant_id, date_trunc('day', created_at) as day, count(*) as rows from ${q(schema, first.name)} group by 1, 2 with no data;`,
    `create unique index ${first.name}_daily_key on ${schema}.${first.name}_daily (tenant_id, day);`,
  ];
}

/** Cluster-wide roles, idempotent: roles outlive any one scratch database. */
export function rolesSql() {
  const create = (role, options) =>
    `do $$ begin if not exists (select 1 from pg_roles where rolname = '${role}') then create role ${role} ${options}; end if; end $$;`;
  return [
    create("dgbench_reader", "nologin"),
    create("dgbench_writer", "nologin"),
    create("dgbench_app", "login"),
    "grant dgbench_writer to dgbench_app;",
    "grant dgbench_reader to dgbench_app;",
  ].join("\n");
}

/**
 * The whole schema as one SQL script (run with psql, autocommit). Statements only; the caller creates the
 * database. Deterministic for (tables, seed).
 */
export function generateSchema({ tables, seed = 42 }) {
  const plan = planTables(tables, seed);
  const out = ["set client_min_messages = warning;", "set synchronous_commit = off;"];
  const stats = { tables: 0, schemas: 0, views: 0, functions: 0, triggers: 0, policies: 0, indexes: 0, foreignKeys: 0 };
  for (const schema of schemaNames(tables)) {
    out.push(...schemaPrelude(schema));
    stats.schemas++;
    stats.tables++; // audit_log
    stats.indexes += 2;
    stats.functions += 4;
    for (const p of plan.filter((x) => x.schema === schema)) {
      out.push(...tableSql(p));
      stats.tables++;
      stats.views += p.view ? 1 : 0;
      stats.functions += p.countFunction ? 1 : 0;
      stats.triggers += (p.touchTrigger ? 1 : 0) + (p.auditTrigger ? 1 : 0);
      stats.policies += p.rls ? 2 : 0;
      stats.foreignKeys += p.parents.length;
      stats.indexes +=
        1 + p.parents.length + (p.unique ? 1 : 0) + (p.tenantIndex ? 1 : 0) + (p.partialIndex ? 1 : 0) +
        (p.ginIndex && p.columns.some((c) => c.name === "metadata") ? 1 : 0) + (p.expressionIndex ? 1 : 0);
    }
    out.push(...schemaEpilogue(schema, plan));
    stats.views++;
  }
  return { sql: `${out.join("\n")}\n`, stats };
}

/**
 * Drift to apply to a copy of a generated database: the kinds of change `check` must judge (narrowed
 * types, new NOT NULL, dropped columns and grants, changed policies, triggers, functions, enums, domains,
 * settings). Deterministic for (tables, seed); every statement is valid on the generated schema.
 */
export function generateDrift({ tables, seed = 42 }) {
  const plan = planTables(tables, seed);
  const random = rng(streamSeed(seed, "drift"));
  const pick = (filter) => {
    const candidates = plan.filter(filter);
    return candidates.length ? candidates[Math.floor(random() * candidates.length)] : null;
  };
  const has = (name) => (p) => p.columns.some((c) => c.name === name);
  const used = new Set();
  const fresh = (filter) => pick((p) => !used.has(p) && filter(p));
  const mark = (p) => (p ? (used.add(p), p) : null);
  const out = ["set client_min_messages = warning;"];
  const t = (p) => q(p.schema, p.name);
  const rounds = Math.max(1, Math.round(tables / 500));
  for (let i = 0; i < rounds * 2; i++) {
    let p;
    if ((p = mark(fresh(has("description"))))) out.push(`alter table ${t(p)} alter column description set not null;`);
    if ((p = mark(fresh(has("quantity"))))) out.push(`alter table ${t(p)} alter column quantity type smallint;`);
    if ((p = mark(fresh(has("external_ref"))))) out.push(`alter table ${t(p)} drop column external_ref;`);
    if ((p = mark(fresh(() => true)))) out.push(`alter table ${t(p)} add column region text not null;`);
    if ((p = mark(fresh((x) => x.writerGrant)))) out.push(`revoke insert on ${t(p)} from dgbench_writer;`);
    if ((p = mark(fresh((x) => x.tableCheck)))) out.push(`alter table ${t(p)} drop constraint ${p.name}_updated_after_created;`);
    if ((p = mark(fresh(has("code"))))) out.push(`alter table ${t(p)} add constraint ${p.name}_code_upper check (code = upper(code));`);
    if ((p = mark(fresh((x) => x.rls)))) out.push(`drop policy reader_all on ${t(p)};`);
    if ((p = mark(fresh((x) => x.touchTrigger)))) out.push(`alter table ${t(p)} disable trigger ${p.name}_touch;`);
    if ((p = mark(fresh((x) => x.partialIndex)))) out.push(`drop index ${p.schema}.${p.name}_live_idx;`);
    if ((p = mark(fresh((x) => !x.unique)))) out.push(`alter table ${t(p)} add constraint ${p.name}_name_key unique (name);`);
    if ((p = mark(fresh((x) => x.parents.length > 0))))
      out.push(`alter table ${t(p)} alter column ${p.parents[0].column} set not null;`);
  }
  const schemas = schemaNames(tables);
  for (const s of schemas.slice(0, Math.max(1, Math.ceil(schemas.length / 4)))) {
    out.push(
      `alter type ${s}.record_status add value 'deleted';`,
      `alter domain ${s}.money_amount add constraint money_cap check (value < 1000000);`,
      `create or replace function ${s}.current_tenant() returns uuid language sql stable as $$ select current_setting('app.tenant_id')::uuid $$;`,
      `alter sequence ${s}.document_number_seq increment by 10;`,
    );
  }
  const view = pick((p) => p.view);
  if (view) out.push(`drop view ${q(view.schema, `${view.name}_overview`)};`);
  // Settings drift that changes how writes behave but leaves reading alone: a statement_timeout here
  // would cancel the peers' slow catalog queries and measure nothing.
  out.push(
    "alter database :\"dbname\" set lock_timeout = '2s';",
    "alter database :\"dbname\" set idle_in_transaction_session_timeout = '30s';",
  );
  return { sql: `${out.join("\n")}\n`, changes: out.length - 1 };
}
