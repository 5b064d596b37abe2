import type { Policy, PolicyCommand, Table } from "../model/snapshot.js";
import type { PrivilegeResolver } from "./privilege-resolver.js";

export type WriteCommand = "insert" | "update" | "delete";
export const WRITE_COMMANDS: readonly WriteCommand[] = ["insert", "update", "delete"];

/** Row security does not apply to superusers, BYPASSRLS roles, or the owner (and its members) unless FORCEd. */
export function exemptFromRowSecurity(table: Table, role: string, resolver: PrivilegeResolver): boolean {
  if (!table.rowSecurity) return true;
  if (role === "PUBLIC") return false;
  if (resolver.isSuperuser(role) || resolver.role(role)?.bypassRls) return true;
  return !table.forceRowSecurity && resolver.hasPrivilegesOf(role, table.owner);
}

/** The permissive policies that let `role` run `command`: with none, row security rejects every such write. */
export function permissivePolicies(table: Table, command: WriteCommand, role: string, resolver: PrivilegeResolver): Policy[] {
  return table.policies.filter(
    (p) =>
      p.permissive &&
      appliesTo(p.command, command) &&
      p.roles.some((r) => r === "PUBLIC" || (role !== "PUBLIC" && resolver.hasPrivilegesOf(role, r))),
  );
}

function appliesTo(policy: PolicyCommand, command: WriteCommand): boolean {
  return policy === "all" || policy === command;
}

/**
 * Roles that can write to the table (table- or column-level INSERT/UPDATE, table-level DELETE), with what
 * they can do: the grantees, and every role that inherits from one, since policies name the login role
 * as often as the group holding the grant.
 */
export function writers(table: Table, resolver: PrivilegeResolver, roles: readonly string[]): Map<string, WriteCommand[]> {
  const grantees = new Set<string>();
  for (const g of table.acl) grantees.add(g.grantee);
  for (const c of table.columns) for (const g of c.acl) grantees.add(g.grantee);
  for (const role of roles) if ([...resolver.privilegeSources(role)].some((r) => r !== "PUBLIC" && grantees.has(r))) grantees.add(role);
  const out = new Map<string, WriteCommand[]>();
  for (const grantee of [...grantees].sort()) {
    const commands = WRITE_COMMANDS.filter((command) => {
      const privilege = command.toUpperCase();
      if (resolver.has(grantee, privilege, table.acl)) return true;
      return command !== "delete" && table.columns.some((c) => resolver.has(grantee, privilege, c.acl));
    });
    if (commands.length > 0) out.set(grantee, commands);
  }
  return out;
}
