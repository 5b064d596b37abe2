import { quoteIdent } from "../model/identifiers.js";
import type { Grant, SnapshotContent } from "../model/snapshot.js";
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

export function aclObjects(content: SnapshotContent, databaseName: string): AclObject[] {
  const out: AclObject[] = [
    {
      key: "database",
      objectKind: "database",
      object: "database",
      grantOn: `DATABASE ${quoteIdent(databaseName)}`,
      acl: content.database.acl,
    },
  ];
  for (const s of content.schemas) {
    out.push({ key: `schema:${quoteIdent(s.name)}`, objectKind: "schema", object: quoteIdent(s.name), grantOn: `SCHEMA ${quoteIdent(s.name)}`, acl: s.acl });
  }
  for (const r of [...content.tables, ...content.views]) {
    const kind = "kind" in r && (r.kind === "view" || r.kind === "materialized") ? "view" : "table";
    const name = relationName(r);
    out.push({ key: `relation:${name}`, objectKind: kind, object: name, grantOn: `TABLE ${name}`, acl: r.acl });
    // Every column, granted or not: a column-level grant missing on one side must still find its partner.
    for (const c of r.columns) {
      out.push({
        key: `column:${memberName(r, c.name)}`,
        objectKind: "column",
        object: memberName(r, c.name),
        grantOn: `TABLE ${name}`,
        columnList: `(${quoteIdent(c.name)})`,
        acl: c.acl,
        parentAcl: r.acl,
      });
    }
  }
  for (const s of content.sequences) {
    const name = relationName(s);
    out.push({ key: `sequence:${name}`, objectKind: "sequence", object: name, grantOn: `SEQUENCE ${name}`, acl: s.acl });
  }
  for (const r of content.routines) {
    const name = routineName(r);
    const keyword = r.kind === "procedure" ? "PROCEDURE" : "FUNCTION";
    out.push({ key: `routine:${name}`, objectKind: "routine", object: name, grantOn: `${keyword} ${name}`, acl: r.acl });
  }
  return out;
}
