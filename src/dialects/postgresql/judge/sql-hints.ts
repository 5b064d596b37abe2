import { quoteIdent, quoteLiteral } from "../model/identifiers.js";
import type { Column, Constraint, Policy, Role, Table } from "../model/snapshot.js";
import { granteeName, relationName } from "./object-names.js";

/** SQL that would make TARGET match SOURCE; hints are advice for a human, so they favour readability. */

/** A collation as SQL: the snapshot names it schema.name unquoted (pg_catalog.C), COLLATE needs pg_catalog."C". */
export function collationSql(collation: string): string {
  if (collation.includes('"')) return collation;
  const dot = collation.indexOf(".");
  return dot < 0 ? quoteIdent(collation) : `${quoteIdent(collation.slice(0, dot))}.${quoteIdent(collation.slice(dot + 1))}`;
}

export function columnDefinition(column: Column): string {
  const parts = [quoteIdent(column.name), column.type];
  if (column.collation) parts.push(`COLLATE ${collationSql(column.collation)}`);
  if (column.generated && column.generatedExpression) parts.push(`GENERATED ALWAYS AS (${column.generatedExpression}) ${column.generated.toUpperCase()}`);
  if (column.identity) parts.push(`GENERATED ${column.identity.toUpperCase()} AS IDENTITY`);
  if (column.default !== null && !column.identity && !column.generated) parts.push(`DEFAULT ${column.default}`);
  if (column.notNull) parts.push("NOT NULL");
  return parts.join(" ");
}

export function createTable(table: Table): string {
  const lines = [
    ...table.columns.map((c) => `  ${columnDefinition(c)}`),
    ...table.constraints.map((c) => `  CONSTRAINT ${quoteIdent(c.name)} ${c.definition}`),
  ];
  const kind = table.persistence === "unlogged" ? "UNLOGGED TABLE" : "TABLE";
  const partition = table.partitionKey ? ` PARTITION BY ${table.partitionKey}` : "";
  if (table.partitionOf && table.partitionBound) {
    return `CREATE ${kind} ${relationName(table)} PARTITION OF ${table.partitionOf} ${table.partitionBound}${partition};`;
  }
  return `CREATE ${kind} ${relationName(table)} (\n${lines.join(",\n")}\n)${partition};`;
}

export function addConstraint(table: Table, constraint: Constraint): string {
  return `ALTER TABLE ${relationName(table)} ADD CONSTRAINT ${quoteIdent(constraint.name)} ${constraint.definition};`;
}

export function dropConstraint(table: Table, name: string): string {
  return `ALTER TABLE ${relationName(table)} DROP CONSTRAINT ${quoteIdent(name)};`;
}

export function createPolicy(table: Table, policy: Policy): string {
  const parts = [
    `CREATE POLICY ${quoteIdent(policy.name)} ON ${relationName(table)}`,
    `AS ${policy.permissive ? "PERMISSIVE" : "RESTRICTIVE"}`,
    `FOR ${policy.command.toUpperCase()}`,
    `TO ${policy.roles.map(granteeName).join(", ") || "PUBLIC"}`,
  ];
  if (policy.using !== null) parts.push(`USING (${policy.using})`);
  if (policy.withCheck !== null) parts.push(`WITH CHECK (${policy.withCheck})`);
  return `${parts.join(" ")};`;
}

export function grant(privileges: readonly string[], on: string, grantee: string, columnList?: string): string {
  const list = privileges.map((p) => (columnList ? `${p} ${columnList}` : p)).join(", ");
  return `GRANT ${list} ON ${on} TO ${granteeName(grantee)};`;
}

export function revoke(privileges: readonly string[], on: string, grantee: string, columnList?: string): string {
  const list = privileges.map((p) => (columnList ? `${p} ${columnList}` : p)).join(", ");
  return `REVOKE ${list} ON ${on} FROM ${granteeName(grantee)};`;
}

export function roleOptions(role: Role): string {
  return [
    role.superuser ? "SUPERUSER" : "NOSUPERUSER",
    role.canLogin ? "LOGIN" : "NOLOGIN",
    role.inherit ? "INHERIT" : "NOINHERIT",
    role.createRole ? "CREATEROLE" : "NOCREATEROLE",
    role.createDb ? "CREATEDB" : "NOCREATEDB",
    role.replication ? "REPLICATION" : "NOREPLICATION",
    role.bypassRls ? "BYPASSRLS" : "NOBYPASSRLS",
    ...(role.connectionLimit === -1 ? [] : [`CONNECTION LIMIT ${role.connectionLimit}`]),
  ].join(" ");
}

export function createRole(role: Role): string {
  const inRole = role.memberOf.length > 0 ? ` IN ROLE ${role.memberOf.map(quoteIdent).join(", ")}` : "";
  return `CREATE ROLE ${quoteIdent(role.name)} ${roleOptions(role)}${inRole};`;
}

/** A SET value: list-valued settings are written bare (each element already quoted as needed), others as a literal. */
export function settingValue(name: string, value: string): string {
  return name.toLowerCase() === "search_path" ? value : quoteLiteral(value);
}
