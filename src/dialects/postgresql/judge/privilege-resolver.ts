import type { Grant, Role, SnapshotContent } from "../model/snapshot.js";

/**
 * Answers "does this role hold this privilege here" the way PostgreSQL decides it: direct grants, grants
 * to PUBLIC, and grants to roles it inherits from (transitively, stopping at NOINHERIT roles, as
 * PostgreSQL before 16 does and 16+ does by default). Superusers hold everything.
 */
export interface PrivilegeResolver {
  roleExists(role: string): boolean;
  role(name: string): Role | undefined;
  isSuperuser(role: string): boolean;
  /** The role itself, PUBLIC, and every role whose privileges it inherits. */
  privilegeSources(role: string): ReadonlySet<string>;
  /** Privileges `role` effectively holds through any of the ACLs given (a column's ACL plus its table's). */
  effective(role: string, ...acls: readonly (readonly Grant[])[]): ReadonlySet<string>;
  has(role: string, privilege: string, ...acls: readonly (readonly Grant[])[]): boolean;
  /** Whether `role` gets the privileges of `other` (policies TO other apply to it). */
  hasPrivilegesOf(role: string, other: string): boolean;
}

export function privilegeResolver(content: SnapshotContent): PrivilegeResolver {
  // Roles the database does not refer to still exist on its cluster (and may be members of those it does).
  const roles = new Map([...(content.otherRoles ?? []), ...content.roles].map((r) => [r.name, r]));
  const cache = new Map<string, ReadonlySet<string>>();

  function privilegeSources(role: string): ReadonlySet<string> {
    const cached = cache.get(role);
    if (cached) return cached;
    const out = new Set<string>([role, "PUBLIC"]);
    const queue = [role];
    while (queue.length > 0) {
      const current = roles.get(queue.shift()!);
      if (!current?.inherit) continue;
      for (const parent of current.memberOf) {
        if (!out.has(parent)) {
          out.add(parent);
          queue.push(parent);
        }
      }
    }
    cache.set(role, out);
    return out;
  }

  const isSuperuser = (role: string) => roles.get(role)?.superuser === true;

  function effective(role: string, ...acls: readonly (readonly Grant[])[]): ReadonlySet<string> {
    const sources = privilegeSources(role);
    const out = new Set<string>();
    for (const acl of acls) for (const g of acl) if (sources.has(g.grantee)) out.add(g.privilege);
    return out;
  }

  return {
    roleExists: (role) => role === "PUBLIC" || roles.has(role),
    role: (name) => roles.get(name),
    isSuperuser,
    privilegeSources,
    effective,
    has: (role, privilege, ...acls) => isSuperuser(role) || effective(role, ...acls).has(privilege),
    hasPrivilegesOf: (role, other) => other === "PUBLIC" || isSuperuser(role) || privilegeSources(role).has(other),
  };
}
