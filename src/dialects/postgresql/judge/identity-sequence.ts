import type { Sequence, SnapshotContent } from "../model/snapshot.js";
import { memberName } from "./object-names.js";

/**
 * Whether the sequence is the one PostgreSQL made for an identity column. It exists exactly when the
 * identity does, so its absence is the identity's finding (column-identity-changed), not a second one.
 */
export function isIdentitySequence(sequence: Sequence, content: SnapshotContent): boolean {
  if (!sequence.ownedBy) return false;
  return content.tables.some((t) => t.columns.some((c) => c.identity !== null && memberName(t, c.name) === sequence.ownedBy));
}
