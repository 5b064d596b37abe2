import { quoteIdent } from "../model/identifiers.js";
import type { Grant, SnapshotContent } from "../model/snapshot.js";

export interface Ignores {
  readonly roles: ReadonlySet<string>;
  readonly schemas: ReadonlySet<string>;
}

/**
 * Removes what the user chose not to compare, before any rule runs, so no rule can forget to honour it.
 * Ignoring a role drops its grants, memberships, settings and default privileges (environments often
 * have different operator roles); ignoring a schema drops everything that lives in it.
 */
export function applyIgnores(content: SnapshotContent, ignores: Ignores): SnapshotContent {
  if (ignores.roles.size === 0 && ignores.schemas.size === 0) return content;
  const keepSchema = (schema: string | null) => schema === null || !ignores.schemas.has(schema);
  const keepRole = (role: string | null) => role === null || !ignores.roles.has(role);
  const acl = (grants: readonly Grant[]) => grants.filter((g) => keepRole(g.grantee));
  const qualifiedPrefixes = [...ignores.schemas].map((s) => `${quoteIdent(s)}.`);
  const withColumns = <T extends { columns: readonly { acl: readonly Grant[] }[] }>(r: T): T => ({
    ...r,
    columns: r.columns.map((c) => ({ ...c, acl: acl(c.acl) })),
  });
  return {
    ...content,
    database: { ...content.database, acl: acl(content.database.acl) },
    roleSettings: content.roleSettings.filter((s) => keepRole(s.role)),
    roles: content.roles
      .filter((r) => keepRole(r.name))
      .map((r) => ({ ...r, memberOf: r.memberOf.filter(keepRole) })),
    ...(content.otherRoles
      ? { otherRoles: content.otherRoles.filter((r) => keepRole(r.name)).map((r) => ({ ...r, memberOf: r.memberOf.filter(keepRole) })) }
      : {}),
    schemas: content.schemas.filter((s) => keepSchema(s.name)).map((s) => ({ ...s, acl: acl(s.acl) })),
    tables: content.tables
      .filter((t) => keepSchema(t.schema))
      .map((t) => ({
        ...withColumns(t),
        acl: acl(t.acl),
        policies: t.policies.map((p) => ({ ...p, roles: p.roles.filter(keepRole) })),
      })),
    views: content.views.filter((v) => keepSchema(v.schema)).map((v) => ({ ...withColumns(v), acl: acl(v.acl) })),
    enums: content.enums.filter((e) => keepSchema(e.schema)),
    domains: content.domains.filter((d) => keepSchema(d.schema)),
    compositeTypes: content.compositeTypes.filter((c) => keepSchema(c.schema)),
    sequences: content.sequences.filter((s) => keepSchema(s.schema)).map((s) => ({ ...s, acl: acl(s.acl) })),
    routines: content.routines.filter((r) => keepSchema(r.schema)).map((r) => ({ ...r, acl: acl(r.acl) })),
    defaultPrivileges: content.defaultPrivileges
      .filter((d) => keepRole(d.role) && keepSchema(d.schema))
      .map((d) => ({ ...d, acl: acl(d.acl) })),
    unmodelled: content.unmodelled.filter((u) => !qualifiedPrefixes.some((p) => u.name.startsWith(p))),
  };
}
