import type { SchemaKeyword, SchemaNode, SchemaObject } from "../schema-node.js";
import type { Conj } from "./conjunction.js";
import type { FineType } from "./fine-types.js";
import type { SubsetReason } from "./subset-reason.js";

/** What a family may ask of the proof driver: recursion into subschemas and shared allOf nodes. */
export interface SubsetContext {
  /** Reasons `left ⊆ right` fails, with `path` prefixed; co-inductive, so it terminates on cyclic graphs. */
  check(left: SchemaNode, right: SchemaNode, path: string): SubsetReason[];
  /** One node for "all of these", cached by identity so recursion through it still terminates. */
  allOfNode(members: readonly SchemaNode[]): SchemaNode;
}

/** One conjunction of the left side against one plain right-hand node. */
export interface FamilyInput {
  readonly conj: Conj;
  readonly right: SchemaObject;
  readonly path: string;
  /** The types the conjunction may accept (an upper bound). */
  readonly leftTypes: Set<FineType>;
  /** The types both the conjunction and the right node's `type` accept. */
  readonly shared: Set<FineType>;
}

/**
 * The definition of one family of right-hand keywords, in the manner of a validator's keyword definitions:
 * which keywords it judges, which data types it is about, and the proof step itself. The driver calls
 * `check` only when the right node has one of `keywords` and, when `types` is given, the two sides share
 * one of those types; a family never needs to re-test either.
 */
export interface KeywordFamily {
  readonly name: string;
  /** Right-hand keywords this family judges (left-hand ones it reads may be others). */
  readonly keywords: readonly SchemaKeyword[];
  /** The data types the keywords constrain; absent when the family is about every value. */
  readonly types?: readonly FineType[];
  check(ctx: SubsetContext, input: FamilyInput): SubsetReason[];
}
