import { compareText } from "../../../model/canonical-json.js";
import type { Grant, Role, RoleSetting, Table, View } from "../model/snapshot.js";
import type { RawRow } from "./catalog-script.js";

/** Everything of a snapshot that names a role: owners, grantees, policy roles and role settings. */
export interface RoleReferences {
  readonly database: { readonly owner: string; readonly acl: readonly Grant[] };
  readonly schemas: readonly { readonly owner: string; readonly acl: readonly Grant[] }[];
  readonly tables: readonly Table[];
  readonly views: readonly View[];
  readonly sequences: readonly { readonly owner: string; readonly acl: readonly Grant[] }[];
  readonly routines: readonly { readonly owner: string; readonly acl: readonly Grant[] }[];
  readonly defaultPrivileges: readonly { readonly role: string; readonly acl: readonly Grant[] }[];
  readonly roleSettings: readonly RoleSetting[];
}

/**
 * The cluster's roles split in two: the ones this database refers to, and every other. Roles are
 * cluster-wide, but a snapshot describes one store: `roles` keeps the roles it refers to (owners,
 * grantees, policy roles, role settings) plus every role connected to those through membership, in both
 * directions, so the login role an application uses (a member of the role holding the grants) is kept
 * while roles of unrelated databases on the same cluster go to `otherRoles`. Both sorted by name.
 */
export function selectRoles(rawRoles: readonly RawRow<"roles">[], references: RoleReferences): { roles: Role[]; otherRoles: Role[] } {
  const keep = relevantRoles(rawRoles, references);
  const roles: Role[] = [];
  const otherRoles: Role[] = [];
  for (const r of rawRoles) (keep.has(r.name) ? roles : otherRoles).push(role(r));
  const byName = (a: Role, b: Role) => compareText(a.name, b.name);
  return { roles: roles.sort(byName), otherRoles: otherRoles.sort(byName) };
}

// Keys in code-point order, as every object of a snapshot (see convert-rows.ts).
function role(r: RawRow<"roles">): Role {
  return {
    bypassRls: Boolean(r.bypassRls),
    canLogin: Boolean(r.canLogin),
    connectionLimit: Number(r.connectionLimit),
    createDb: Boolean(r.createDb),
    createRole: Boolean(r.createRole),
    inherit: Boolean(r.inherit),
    memberOf: [...(r.memberOf ?? [])].sort(compareText),
    name: r.name,
    replication: Boolean(r.replication),
    superuser: Boolean(r.superuser),
  };
}

function relevantRoles(rawRoles: readonly RawRow<"roles">[], references: RoleReferences): Set<string> {
  const seeds = new Set<string>();
  const addAcl = (acl: readonly Grant[]) => {
    for (const g of acl) if (g.grantee !== "PUBLIC") seeds.add(g.grantee);
  };
  const addOwned = (o: { readonly owner: string; readonly acl: readonly Grant[] }) => {
    seeds.add(o.owner);
    addAcl(o.acl);
  };
  addOwned(references.database);
  for (const list of [references.schemas, references.sequences, references.routines]) for (const o of list) addOwned(o);
  for (const list of [references.tables, references.views]) {
    for (const t of list) {
      addOwned(t);
      for (const c of t.columns) addAcl(c.acl);
    }
  }
  for (const t of references.tables) for (const p of t.policies) for (const r of p.roles) if (r !== "PUBLIC") seeds.add(r);
  for (const d of references.defaultPrivileges) {
    seeds.add(d.role);
    addAcl(d.acl);
  }
  for (const s of references.roleSettings) if (s.role && !s.allDatabases) seeds.add(s.role);

  const memberOf = new Map<string, readonly string[]>(rawRoles.map((r) => [r.name, r.memberOf ?? []]));
  const members = new Map<string, string[]>();
  for (const [role, groups] of memberOf) {
    for (const g of groups) {
      const list = members.get(g);
      if (list) list.push(role);
      else members.set(g, [role]);
    }
  }
  const result = new Set<string>();
  const queue = [...seeds].filter((r) => memberOf.has(r));
  while (queue.length) {
    const role = queue.pop()!;
    if (result.has(role)) continue;
    result.add(role);
    for (const next of [...(memberOf.get(role) ?? []), ...(members.get(role) ?? [])]) if (!result.has(next)) queue.push(next);
  }
  return result;
}
