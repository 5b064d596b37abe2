import type { SnapshotContent } from "../model/snapshot.js";

/** How a role is used in one snapshot: what it is granted and what it owns. */
export interface RoleFootprint {
  readonly grants: number;
  readonly owns: number;
  readonly writePrivileges: number;
}

const WRITE = new Set(["INSERT", "UPDATE", "DELETE", "TRUNCATE", "USAGE", "EXECUTE", "CONNECT"]);

export function roleFootprint(content: SnapshotContent, role: string): RoleFootprint {
  let grants = 0;
  let owns = 0;
  let writePrivileges = 0;
  const count = (acl: readonly { grantee: string; privilege: string }[]) => {
    for (const g of acl) {
      if (g.grantee !== role) continue;
      grants++;
      if (WRITE.has(g.privilege)) writePrivileges++;
    }
  };
  count(content.database.acl);
  if (content.database.owner === role) owns++;
  for (const list of [content.schemas, content.sequences, content.routines]) {
    for (const o of list) {
      count(o.acl);
      if (o.owner === role) owns++;
    }
  }
  for (const relation of [...content.tables, ...content.views]) {
    count(relation.acl);
    if (relation.owner === role) owns++;
    for (const c of relation.columns) count(c.acl);
  }
  for (const list of [content.enums, content.domains, content.compositeTypes]) for (const o of list) if (o.owner === role) owns++;
  return { grants, owns, writePrivileges };
}
