import { quoteIdent } from "../model/identifiers.js";
import type { Grant, Routine, SchemaEntity, Sequence, SnapshotContent, Table, View } from "../model/snapshot.js";
import { memberName, relationName, routineName } from "./object-names.js";

/** Anything that carries an ACL, flattened so the privilege rules treat a table, a column or a schema alike. */
export interface AclObject {
  /** Unique across kinds: the pairing key. */
  readonly key: string;
  readonly objectKind: "database" | "schema" | "table" | "view" | "column" | "sequence" | "routine";
  readonly object: string;
  /** What follows ON in GRANT, e.g. "TABLE public.apps" or "SCHEMA app". */
  readonly grantOn: string;
  /** For a column: GRANT takes a column list, e.g. "(name)". */
  readonly columnList?: string;
  readonly acl: readonly Grant[];
  /** For a column: its table's ACL, because a table-level grant covers every column. */
  readonly parentAcl?: readonly Grant[];
}

/** Every ACL object of a snapshot, in this order: database, schemas, relations (each with its columns), sequences, routines. */
export function aclObjects(content: SnapshotContent, databaseName: string): AclObject[] {
  return [
    databaseAclObject(content, databaseName),
    ...content.schemas.map(schemaAclObject),
    ...[...content.tables, ...content.views].flatMap(relationAclObjects),
    ...content.sequences.map(sequenceAclObject),
    ...content.routines.map(routineAclObject),
  ];
}

export function databaseAclObject(content: SnapshotContent, databaseName: string): AclObject {
  return { key: "database", objectKind: "database", object: "database", grantOn: `DATABASE ${quoteIdent(databaseName)}`, acl: content.database.acl };
}

export function schemaAclObject(s: SchemaEntity): AclObject {
  return { key: `schema:${quoteIdent(s.name)}`, objectKind: "schema", object: quoteIdent(s.name), grantOn: `SCHEMA ${quoteIdent(s.name)}`, acl: s.acl };
}

/** A table or view and every one of its columns. */
export function relationAclObjects(r: Table | View): AclObject[] {
  const kind = "kind" in r && (r.kind === "view" || r.kind === "materialized") ? "view" : "table";
  const name = relationName(r);
  const out: AclObject[] = [{ key: `relation:${name}`, objectKind: kind, object: name, grantOn: `TABLE ${name}`, acl: r.acl }];
  // Every column, granted or not: a column-level grant missing on one side must still find its partner.
  for (const c of r.columns) {
    const object = memberName(r, c.name);
    out.push({
      key: `column:${object}`,
      objectKind: "column",
      object,
      grantOn: `TABLE ${name}`,
      columnList: `(${quoteIdent(c.name)})`,
      acl: c.acl,
      parentAcl: r.acl,
    });
  }
  return out;
}

export function sequenceAclObject(s: Sequence): AclObject {
  const name = relationName(s);
  return { key: `sequence:${name}`, objectKind: "sequence", object: name, grantOn: `SEQUENCE ${name}`, acl: s.acl };
}

export function routineAclObject(r: Routine): AclObject {
  const name = routineName(r);
  const keyword = r.kind === "procedure" ? "PROCEDURE" : "FUNCTION";
  return { key: `routine:${name}`, objectKind: "routine", object: name, grantOn: `${keyword} ${name}`, acl: r.acl };
}
