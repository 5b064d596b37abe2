import { qualifiedName, quoteIdent } from "../model/identifiers.js";
import type { Routine } from "../model/snapshot.js";

/** How findings name objects: the way a user would type them in psql. */
export function relationName(entity: { readonly schema: string; readonly name: string }): string {
  return qualifiedName(entity.schema, entity.name);
}

export function memberName(parent: { readonly schema: string; readonly name: string }, member: string): string {
  return `${relationName(parent)}.${quoteIdent(member)}`;
}

/** Overloads share a name, so a routine is named with its identity arguments, as in DROP FUNCTION. */
export function routineName(routine: Pick<Routine, "schema" | "name" | "arguments">): string {
  return `${qualifiedName(routine.schema, routine.name)}(${routine.arguments})`;
}

/** A grantee as GRANT/REVOKE spell it. */
export function granteeName(grantee: string): string {
  return grantee === "PUBLIC" ? "PUBLIC" : quoteIdent(grantee);
}

