import { codePointLength, evaluate, isMultipleOf, jsonTypeOf, regexOf, type Truth } from "./evaluate-node.js";
import { sameJson } from "./normalize-schema.js";
import type { JsonType, SchemaNode, SchemaObject } from "./schema-node.js";

/**
 * One way a value accepted by the left schema may be rejected by the right one. `values` is a noun phrase
 * naming those values ("strings longer than 100 characters"), so callers can say "no longer accepts …"
 * (compat) or "the table rejects …" (fit).
 */
export interface SubsetReason {
  /** Where in the document, as a JSON Pointer; "*" stands for any array index or any other property name. */
  readonly path: string;
  /** The right-hand keyword that rejects the values ("enum", "maxLength", "type", "required", ...). */
  readonly keyword: string;
  /** The values concerned, as a readable noun phrase. */
  readonly values: string;
  /** The keyword's value on each side, as text, when there is one to show ("200" -> "100"). */
  readonly left?: string;
  readonly right?: string;
  /**
   * true when driftgate found a value the left accepts and the right rejects (shown in `example`); false
   * when it could not prove either way, which callers must treat as a narrowing, never as a pass.
   */
  readonly certain: boolean;
  /** For an uncertain reason: why driftgate could not decide. */
  readonly why?: string;
  readonly example?: unknown;
}

/** Fine-grained JSON types: "fraction" is a number that is not an integer. */
type FineType = "null" | "boolean" | "object" | "array" | "string" | "integer" | "fraction";
const ALL_TYPES: readonly FineType[] = ["null", "boolean", "object", "array", "string", "integer", "fraction"];

function fineTypes(types: readonly JsonType[] | undefined): Set<FineType> {
  if (!types) return new Set(ALL_TYPES);
  const out = new Set<FineType>();
  for (const t of types) {
    if (t === "number") {
      out.add("integer");
      out.add("fraction");
    } else out.add(t as FineType);
  }
  return out;
}

function fineTypeOf(value: unknown): FineType {
  const t = jsonTypeOf(value);
  return t === "number" ? "fraction" : (t as FineType);
}

const TYPE_WORDS: Record<FineType, string> = {
  null: "null",
  boolean: "booleans",
  object: "objects",
  array: "arrays",
  string: "strings",
  integer: "integers",
  fraction: "numbers with a fractional part",
};

/** The longest string some formats can match: lets `format: uuid` prove it fits varchar(36+). */
const FORMAT_MAX_LENGTH: Record<string, number> = { uuid: 45, date: 10, ipv4: 15, ipv6: 45 };

const FORMAT_EXAMPLES: Record<string, string> = {
  "date-time": "2024-01-31T12:00:00Z",
  date: "2024-01-31",
  time: "12:00:00Z",
  uuid: "5b4f1c0e-9c53-4d6f-8f4e-0d6e2f1b2a3c",
  email: "someone@example.com",
  uri: "https://example.com/a",
  "uri-reference": "/a",
  hostname: "example.com",
  ipv4: "192.0.2.1",
  ipv6: "2001:db8::1",
  duration: "P1D",
};

/** Second examples, so a pattern or length added on top of a format can be shown to reject one. */
const MORE_FORMAT_EXAMPLES: Record<string, readonly string[]> = {
  email: ["x@other.org", "first.last+tag@sub.example.net"],
  "date-time": ["1999-12-31T23:59:59.999+02:00"],
  uuid: ["5B4F1C0E-9C53-4D6F-8F4E-0D6E2F1B2A3C", "urn:uuid:5b4f1c0e-9c53-4d6f-8f4e-0d6e2f1b2a3c"],
  uri: ["urn:isbn:0451450523", "http://localhost:8080/a?b=c"],
  hostname: ["localhost", "a-very-long-host-name.example.org"],
};

const MAX_BRANCHES = 256;
const MAX_DEPTH = 64;

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

type Conj = readonly SchemaObject[];

/**
 * Decides whether every value the left schema accepts is accepted by the right one, explaining each way it
 * may not be. Sound by construction: it answers "subset" only with a proof, and everything it cannot prove
 * comes back as an uncertain reason. Recursion (cyclic graphs) is handled co-inductively: a pair already
 * being compared is assumed to hold, which is sound because JSON documents are finite.
 */
export class SubsetChecker {
  private readonly assumed = new Map<SchemaNode, Set<SchemaNode>>();
  private readonly results = new Map<SchemaNode, Map<SchemaNode, SubsetReason[]>>();
  private assumptionsUsed = 0;
  private readonly allOfCache = new Map<string, SchemaObject>();
  private readonly ids = new WeakMap<object, number>();
  private nextId = 1;
  private depth = 0;

  check(left: SchemaNode, right: SchemaNode, path = ""): SubsetReason[] {
    if (right === true || left === false || left === right) return [];
    const cached = this.results.get(left)?.get(right);
    if (cached) return cached.map((r) => ({ ...r, path: path + r.path }));
    const onStack = this.assumed.get(left);
    if (onStack?.has(right)) {
      // Co-induction: the pair is being compared further up; assuming it holds is sound for finite documents.
      this.assumptionsUsed++;
      return [];
    }
    if (this.depth >= MAX_DEPTH) {
      return [{ path, keyword: "depth", values: "values nested this deep", certain: false, why: `schemas nest deeper than ${MAX_DEPTH} levels` }];
    }
    if (onStack) onStack.add(right);
    else this.assumed.set(left, new Set([right]));
    const assumptionsBefore = this.assumptionsUsed;
    this.depth++;
    let reasons: SubsetReason[];
    try {
      reasons = this.compare(left, right);
    } finally {
      this.depth--;
      this.assumed.get(left)!.delete(right);
    }
    // A result that leaned on an assumption is only valid inside that comparison: cache the others.
    if (this.assumptionsUsed === assumptionsBefore) {
      let byRight = this.results.get(left);
      if (!byRight) this.results.set(left, (byRight = new Map()));
      byRight.set(right, reasons);
    }
    return reasons.map((r) => ({ ...r, path: path + r.path }));
  }

  /** Reasons with paths relative to this pair, so results can be cached and reused at any path. */
  private compare(left: SchemaNode, right: SchemaNode): SubsetReason[] {
    if (sameStructure(left, right)) return [];
    const branches = this.expand(left);
    if (branches === null) {
      return [{ path: "", keyword: "anyOf", values: "some values", certain: false, why: `more than ${MAX_BRANCHES} combinations of anyOf/oneOf branches` }];
    }
    const reasons: SubsetReason[] = [];
    for (const { conj, approximate } of branches) {
      const contextual = approximate || conj.some((c) => CONTEXT_KEYWORDS.some((k) => c[k] !== undefined));
      for (const reason of this.checkConj(conj, right, "")) reasons.push(confirm(reason, left, right, contextual));
    }
    return dedupe(reasons);
  }

  // ---- left side: disjunctive normal form over allOf / anyOf / oneOf -------------------------------------

  /**
   * The left schema as a union of conjunctions of plain nodes; null when that would explode. A conjunction
   * that came from splitting a oneOf is `approximate`: it may accept values the oneOf as a whole rejects.
   */
  private expand(node: SchemaNode): { conj: Conj; approximate: boolean }[] | null {
    let work: { list: SchemaNode[]; approximate: boolean }[] = [{ list: [node], approximate: false }];
    const done: { conj: Conj; approximate: boolean }[] = [];
    while (work.length > 0) {
      const next: typeof work = [];
      for (const { list, approximate } of work) {
        if (list.some((n) => n === false)) continue;
        const index = list.findIndex((n) => typeof n === "object" && (n.allOf || n.anyOf || n.oneOf));
        if (index === -1) {
          done.push({ conj: list.filter((n): n is SchemaObject => typeof n === "object"), approximate });
          continue;
        }
        const n = list[index] as SchemaObject;
        const rest = [...list.slice(0, index), ...list.slice(index + 1)];
        if (n.allOf) {
          next.push({ list: [...rest, this.without(n, "allOf"), ...n.allOf], approximate });
        } else {
          // oneOf accepts a subset of what anyOf over the same branches accepts: sound on the left side,
          // and exact when no value can match two branches.
          const key = n.anyOf ? "anyOf" : "oneOf";
          const loose = key === "oneOf" && !pairwiseDisjoint(n.oneOf!);
          for (const branch of n[key]!) next.push({ list: [...rest, this.without(n, key), branch], approximate: approximate || loose });
        }
      }
      if (done.length + next.length > MAX_BRANCHES) return null;
      work = next;
    }
    return done;
  }

  private idOf(node: object): number {
    let id = this.ids.get(node);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(node, id);
    }
    return id;
  }

  /** Derived nodes are cached by the identity of their parts, so recursion through them still terminates. */
  private without(node: SchemaObject, keyword: keyof SchemaObject): SchemaObject {
    const key = `-${this.idOf(node)}:${keyword}`;
    let out = this.allOfCache.get(key);
    if (!out) {
      const copy: Record<string, unknown> = { ...node };
      delete copy[keyword];
      out = copy as SchemaObject;
      this.allOfCache.set(key, out);
    }
    return out;
  }

  allOfNode(members: readonly SchemaNode[]): SchemaNode {
    const parts = members.filter((m) => m !== true);
    if (parts.some((m) => m === false)) return false;
    if (parts.length === 0) return true;
    if (parts.length === 1) return parts[0]!;
    const key = parts.map((p) => this.idOf(p as object)).join(",");
    let out = this.allOfCache.get(key);
    if (!out) {
      out = { allOf: parts };
      this.allOfCache.set(key, out);
    }
    return out;
  }

  // ---- one conjunction against the right schema ----------------------------------------------------------

  private checkConj(conj: Conj, right: SchemaNode, path: string): SubsetReason[] {
    const left = this.allOfNode(conj);
    const types = typesOf(conj);
    if (types.size === 0) return [];
    const finite = finiteValues(conj);
    if (finite !== null) return this.checkFinite(conj, finite, right, path);
    if (right === false) {
      const example = this.witness(conj, types, () => true);
      return [{ path, keyword: "false", values: "any value", certain: example !== undefined, example, why: example === undefined ? "the right side accepts nothing" : undefined }];
    }
    if (right === true) return [];
    const reasons: SubsetReason[] = [];
    if (right.allOf) for (const member of right.allOf) reasons.push(...this.check(left, member, path));
    if (right.anyOf) reasons.push(...this.checkUnion(conj, right.anyOf, path, "anyOf"));
    if (right.oneOf) {
      if (conj.some((c) => c.oneOf && sameStructure({ oneOf: c.oneOf }, { oneOf: right.oneOf }))) {
        // the same oneOf on both sides: whatever passed it on the left passes it on the right
      } else if (pairwiseDisjoint(right.oneOf)) reasons.push(...this.checkUnion(conj, right.oneOf, path, "oneOf"));
      else {
        reasons.push({ path, keyword: "oneOf", values: "values that may match several branches", certain: false, why: "oneOf branches that can overlap cannot be compared" });
      }
    }
    if (right.not !== undefined) reasons.push(...this.checkNot(conj, right.not, path));
    if (right.if !== undefined) reasons.push(...this.checkConditional(conj, right, path));
    reasons.push(...this.checkPlain(conj, types, right, path));
    return reasons;
  }

  private checkFinite(conj: Conj, values: readonly unknown[], right: SchemaNode, path: string): SubsetReason[] {
    const reasons: SubsetReason[] = [];
    for (const value of values) {
      const inLeft = allTrue(conj.map((c) => evaluate(c, value)));
      if (inLeft === false) continue;
      const inRight = evaluate(right, value);
      if (inRight === true) continue;
      const keyword = culprit(right, value);
      const certain = inRight === false && inLeft === true;
      reasons.push({
        path,
        keyword,
        values: show(value),
        certain,
        example: certain ? value : undefined,
        why: certain ? undefined : "a keyword involved cannot be evaluated by driftgate",
      });
    }
    return reasons;
  }

  private checkUnion(conj: Conj, branches: readonly SchemaNode[], path: string, keyword: "anyOf" | "oneOf"): SubsetReason[] {
    const left = this.allOfNode(conj);
    const leftTypes = typesOf(conj);
    const overlapping = (types: Set<FineType>) => branches.filter((b) => b !== false && intersects(branchTypes(b), types) && !excludedByDiscriminator(conj, b));
    const candidates = overlapping(leftTypes);
    const attempts = candidates.map((b) => this.check(left, b, path));
    if (attempts.some((r) => r.length === 0)) return [];
    if (candidates.length === 1) return attempts[0]!;
    if (candidates.length === 0) {
      const example = this.witness(conj, leftTypes, () => true);
      return [{ path, keyword: "type", values: describeTypes(leftTypes, true), certain: example !== undefined, example, why: example === undefined ? `no ${keyword} branch accepts these types` : undefined }];
    }
    // Split by type: a nullable string is "a string branch or a null branch", judged one type at a time.
    const reasons: SubsetReason[] = [];
    for (const type of leftTypes) {
      const typed = this.allOfNode([left, { type: [type === "fraction" ? "number" : type] as JsonType[] }]);
      const forType = overlapping(new Set([type]));
      const tries = forType.map((b) => this.check(typed, b, path));
      if (tries.some((r) => r.length === 0)) continue;
      if (tries.length === 1) reasons.push(...tries[0]!);
      else if (tries.length === 0) {
        const example = this.witness(conj, new Set([type]), () => true);
        reasons.push({ path, keyword: "type", values: TYPE_WORDS[type], certain: example !== undefined, example });
      } else {
        reasons.push({ path, keyword, values: TYPE_WORDS[type], certain: false, why: `no single ${keyword} branch is shown to accept all of them` });
      }
    }
    return reasons;
  }

  private checkNot(conj: Conj, excluded: SchemaNode, path: string): SubsetReason[] {
    // left ⊆ not X  ⇔  left and X share no value.
    if (conj.some((c) => c.not !== undefined && this.check(excluded, c.not, path).length === 0)) return [];
    if (!intersects(typesOf(conj), branchTypes(excluded))) return [];
    const excludedValues = typeof excluded === "object" ? finiteValues([excluded]) : null;
    if (excludedValues !== null) {
      const shared = excludedValues.filter((v) => evaluate(excluded, v) !== false && allTrue(conj.map((c) => evaluate(c, v))) !== false);
      if (shared.length === 0) return [];
      return shared.map((v) => ({ path, keyword: "not", values: show(v), certain: evaluate(excluded, v) === true && allTrue(conj.map((c) => evaluate(c, v))) === true, example: v }));
    }
    return [{ path, keyword: "not", values: "values the excluded schema matches", certain: false, why: "driftgate cannot prove the two schemas share no value" }];
  }

  private checkConditional(conj: Conj, right: SchemaObject, path: string): SubsetReason[] {
    if (conj.some((c) => c.if !== undefined && sameStructure({ if: c.if, then: c.then, else: c.else }, { if: right.if, then: right.then, else: right.else }))) return [];
    const left = this.allOfNode(conj);
    const then = right.then ?? true;
    const otherwise = right.else ?? true;
    if (this.check(left, right.if!, path).length === 0) return this.check(left, then, path);
    const thenReasons = this.check(left, then, path);
    const elseReasons = this.check(left, otherwise, path);
    if (thenReasons.length === 0 && elseReasons.length === 0) return [];
    return [{ path, keyword: "if", values: "values the condition sends to a branch that rejects them", certain: false, why: "driftgate cannot decide which branch of if/then/else applies" }];
  }

  // ---- plain keywords --------------------------------------------------------------------------------------

  private checkPlain(conj: Conj, leftTypes: Set<FineType>, right: SchemaObject, path: string): SubsetReason[] {
    const reasons: SubsetReason[] = [];
    const rightTypes = fineTypes(right.type);
    const excess = new Set([...leftTypes].filter((t) => !rightTypes.has(t)));
    if (excess.size > 0) {
      const example = this.witness(conj, excess, () => true);
      reasons.push({
        path,
        keyword: "type",
        values: describeTypes(excess, true),
        left: describeTypes(leftTypes),
        right: describeTypes(rightTypes),
        certain: example !== undefined,
        example,
        why: example === undefined ? "no example found, but nothing excludes them either" : undefined,
      });
    }
    const shared = new Set([...leftTypes].filter((t) => rightTypes.has(t)));
    if (shared.size === 0) return reasons;
    if (right.enum) reasons.push(...this.checkEnum(conj, shared, right.enum, path));
    if (shared.has("integer") || shared.has("fraction")) reasons.push(...this.checkNumbers(conj, shared, right, path));
    if (shared.has("string")) reasons.push(...this.checkStrings(conj, right, path));
    if (shared.has("array")) reasons.push(...this.checkArrays(conj, right, path));
    if (shared.has("object")) reasons.push(...this.checkObjects(conj, right, path));
    if (right.unevaluatedProperties !== undefined && shared.has("object")) {
      reasons.push({ path, keyword: "unevaluatedProperties", values: "objects with properties no other keyword evaluates", certain: false, why: "driftgate cannot compare unevaluatedProperties unless the schemas are identical" });
    }
    if (right.unevaluatedItems !== undefined && shared.has("array")) {
      reasons.push({ path, keyword: "unevaluatedItems", values: "arrays with items no other keyword evaluates", certain: false, why: "driftgate cannot compare unevaluatedItems unless the schemas are identical" });
    }
    return reasons;
  }

  private checkEnum(conj: Conj, shared: Set<FineType>, allowed: readonly unknown[], path: string): SubsetReason[] {
    // The left side is not a finite set here; it fits only if the right enum lists every value of the shared types.
    const complete: unknown[] = [];
    for (const t of shared) {
      if (t === "null") complete.push(null);
      else if (t === "boolean") complete.push(true, false);
      else {
        const example = this.witness(conj, new Set([t]), (v) => !allowed.some((a) => sameJson(a, v)));
        return [{ path, keyword: "enum", values: `${TYPE_WORDS[t]} other than ${allowed.map(show).join(", ")}`, right: allowed.map(show).join(", "), certain: example !== undefined, example }];
      }
    }
    return complete
      .filter((v) => allTrue(conj.map((c) => evaluate(c, v))) !== false && !allowed.some((a) => sameJson(a, v)))
      .map((v) => ({ path, keyword: "enum", values: show(v), right: allowed.map(show).join(", "), certain: true, example: v }));
  }

  private checkNumbers(conj: Conj, shared: Set<FineType>, right: SchemaObject, path: string): SubsetReason[] {
    const reasons: SubsetReason[] = [];
    const integersOnly = !shared.has("fraction");
    const numeric = new Set([...shared].filter((t) => t === "integer" || t === "fraction"));
    const lower = lowerBound(conj, integersOnly);
    const upper = upperBound(conj, integersOnly);
    const rightLower = lowerBound([right], integersOnly);
    const rightUpper = upperBound([right], integersOnly);
    if (rightLower && (!lower || lower.value < rightLower.value || (lower.value === rightLower.value && rightLower.exclusive && !lower.exclusive))) {
      const example = this.witness(conj, numeric, (v) => typeof v === "number" && evaluate(boundOnly(right, "lower"), v) === false, [rightLower.value, rightLower.value - 1, rightLower.value - 0.5, Math.floor(rightLower.value) - 1]);
      reasons.push({
        path,
        keyword: rightLower.keyword,
        values: `numbers ${rightLower.exclusive ? "at or below" : "below"} ${rightLower.value}`,
        left: lower ? `${lower.keyword} ${lower.value}` : "no lower bound",
        right: `${rightLower.keyword} ${rightLower.value}`,
        certain: example !== undefined,
        example,
      });
    }
    if (rightUpper && (!upper || upper.value > rightUpper.value || (upper.value === rightUpper.value && rightUpper.exclusive && !upper.exclusive))) {
      const example = this.witness(conj, numeric, (v) => typeof v === "number" && evaluate(boundOnly(right, "upper"), v) === false, [rightUpper.value, rightUpper.value + 1, rightUpper.value + 0.5, Math.ceil(rightUpper.value) + 1]);
      reasons.push({
        path,
        keyword: rightUpper.keyword,
        values: `numbers ${rightUpper.exclusive ? "at or above" : "above"} ${rightUpper.value}`,
        left: upper ? `${upper.keyword} ${upper.value}` : "no upper bound",
        right: `${rightUpper.keyword} ${rightUpper.value}`,
        certain: example !== undefined,
        example,
      });
    }
    if (right.multipleOf !== undefined) {
      const m = right.multipleOf;
      const implied = conj.some((c) => c.multipleOf !== undefined && isWholeMultiple(c.multipleOf, m)) || (integersOnly && isWholeMultiple(1, m));
      if (!implied) {
        const example = this.witness(conj, numeric, (v) => typeof v === "number" && !isMultipleOf(v, m), [m / 2, 1, 0.5, 0.001, 1.5, m * 1.5]);
        const leftMultiple = conj.find((c) => c.multipleOf !== undefined)?.multipleOf;
        reasons.push({
          path,
          keyword: "multipleOf",
          values: `numbers that are not multiples of ${m}`,
          left: leftMultiple !== undefined ? `multipleOf ${leftMultiple}` : integersOnly ? "integers" : "any number",
          right: `multipleOf ${m}`,
          certain: example !== undefined,
          example,
        });
      }
    }
    return reasons;
  }

  private checkStrings(conj: Conj, right: SchemaObject, path: string): SubsetReason[] {
    const reasons: SubsetReason[] = [];
    const strings = new Set<FineType>(["string"]);
    const minLength = Math.max(0, ...conj.map((c) => c.minLength ?? 0));
    const maxLength = Math.min(Infinity, ...conj.map((c) => c.maxLength ?? Infinity), ...conj.map((c) => (c.format ? FORMAT_MAX_LENGTH[c.format] ?? Infinity : Infinity)));
    if (right.minLength !== undefined && minLength < right.minLength) {
      const n = right.minLength - 1;
      const example = this.witness(conj, strings, (v) => typeof v === "string" && codePointLength(v) < right.minLength!, [
        "a".repeat(Math.max(minLength, n)),
        "",
      ]);
      reasons.push({ path, keyword: "minLength", values: `strings shorter than ${right.minLength} characters`, left: `minLength ${minLength}`, right: `minLength ${right.minLength}`, certain: example !== undefined, example });
    }
    if (right.maxLength !== undefined && maxLength > right.maxLength) {
      const n = right.maxLength + 1;
      const example = this.witness(conj, strings, (v) => typeof v === "string" && codePointLength(v) > right.maxLength!, ["a".repeat(n), "0".repeat(n), "x".repeat(Math.max(n, minLength))]);
      reasons.push({
        path,
        keyword: "maxLength",
        values: `strings longer than ${right.maxLength} characters${Number.isFinite(maxLength) ? ` (up to ${maxLength})` : ""}`,
        left: Number.isFinite(maxLength) ? `maxLength ${maxLength}` : "no maxLength",
        right: `maxLength ${right.maxLength}`,
        certain: example !== undefined,
        example,
      });
    }
    if (right.pattern !== undefined && !conj.some((c) => c.pattern === right.pattern)) {
      const leftPattern = conj.find((c) => c.pattern !== undefined)?.pattern;
      const example = this.witness(conj, strings, (v) => typeof v === "string" && !regexOf(right.pattern!).test(v));
      reasons.push({
        path,
        keyword: "pattern",
        values: `strings not matching ${show(right.pattern)}`,
        left: leftPattern !== undefined ? `pattern ${show(leftPattern)}` : "no pattern",
        right: `pattern ${show(right.pattern)}`,
        certain: example !== undefined,
        example,
        why: example === undefined ? "driftgate cannot prove one pattern accepts only what another accepts" : undefined,
      });
    }
    if (right.format !== undefined && !conj.some((c) => c.format === right.format)) {
      const leftFormat = conj.find((c) => c.format !== undefined)?.format;
      const example = this.witness(conj, strings, (v) => evaluate({ format: right.format! }, v) === false, ["", "x", "not a " + right.format]);
      reasons.push({
        path,
        keyword: "format",
        values: `strings that are not ${show(right.format)}`,
        left: leftFormat !== undefined ? `format ${show(leftFormat)}` : "no format",
        right: `format ${show(right.format)}`,
        certain: example !== undefined,
        example,
        why: example === undefined ? "driftgate cannot prove one format implies another" : undefined,
      });
    }
    return reasons;
  }

  private checkArrays(conj: Conj, right: SchemaObject, path: string): SubsetReason[] {
    const reasons: SubsetReason[] = [];
    const arrays = new Set<FineType>(["array"]);
    const minItems = Math.max(0, ...conj.map((c) => c.minItems ?? 0));
    const maxItems = Math.min(Infinity, ...conj.map((c) => c.maxItems ?? Infinity));
    if (right.minItems !== undefined && minItems < right.minItems) {
      const example = this.witness(conj, arrays, (v) => Array.isArray(v) && v.length < right.minItems!);
      reasons.push({ path, keyword: "minItems", values: `arrays with fewer than ${right.minItems} items`, left: `minItems ${minItems}`, right: `minItems ${right.minItems}`, certain: example !== undefined, example });
    }
    if (right.maxItems !== undefined && maxItems > right.maxItems) {
      const item = firstCandidate(toConj(this.itemAt(conj, right.maxItems)));
      const example = this.witness(conj, arrays, (v) => Array.isArray(v) && v.length > right.maxItems!, [Array.from({ length: right.maxItems + 1 }, () => item ?? null)]);
      reasons.push({
        path,
        keyword: "maxItems",
        values: `arrays with more than ${right.maxItems} items`,
        left: Number.isFinite(maxItems) ? `maxItems ${maxItems}` : "no maxItems",
        right: `maxItems ${right.maxItems}`,
        certain: example !== undefined,
        example,
      });
    }
    if (right.uniqueItems && !conj.some((c) => c.uniqueItems) && maxItems > 1) {
      const example = this.witness(conj, arrays, (v) => Array.isArray(v) && v.length > 1 && v.some((x, i) => v.findIndex((y) => sameJson(x, y)) !== i));
      reasons.push({ path, keyword: "uniqueItems", values: "arrays with duplicate items", certain: example !== undefined, example });
    }
    const prefix = Math.max(right.prefixItems?.length ?? 0, ...conj.map((c) => c.prefixItems?.length ?? 0));
    for (let i = 0; i < prefix && i < maxItems; i++) {
      reasons.push(...this.check(this.itemAt(conj, i), itemOf(right, i), `${path}/${i}`));
    }
    if (maxItems > prefix) {
      const leftRest = this.allOfNode(conj.map((c) => c.items ?? true));
      if (right.items === false && leftRest !== false) {
        reasons.push({ path, keyword: right.prefixItems ? "items" : "maxItems", values: `arrays with more than ${prefix} items`, left: Number.isFinite(maxItems) ? `up to ${maxItems} items` : "any number of items", right: `${prefix} items`, certain: true });
      } else reasons.push(...this.check(leftRest, right.items ?? true, `${path}/*`));
    }
    if (right.contains !== undefined) {
      const min = right.minContains ?? 1;
      const max = right.maxContains ?? Infinity;
      const ok = conj.some((c) => c.contains !== undefined && (c.minContains ?? 1) >= min && (c.maxContains ?? Infinity) <= max && this.check(c.contains, right.contains!, `${path}/*`).length === 0);
      if (!ok) {
        const example = this.witness(conj, arrays, (v) => evaluate({ contains: right.contains!, minContains: min, maxContains: max }, v) === false);
        reasons.push({ path, keyword: "contains", values: `arrays without the items "contains" requires`, certain: example !== undefined, example, why: example === undefined ? "driftgate cannot prove the left side always contains such items" : undefined });
      }
    }
    return reasons;
  }

  private itemAt(conj: Conj, index: number): SchemaNode {
    return this.allOfNode(conj.map((c) => itemOf(c, index)));
  }

  private checkObjects(conj: Conj, right: SchemaObject, path: string): SubsetReason[] {
    const reasons: SubsetReason[] = [];
    const required = new Set(conj.flatMap((c) => c.required ?? []));
    for (const name of right.required ?? []) {
      if (required.has(name)) continue;
      reasons.push({ path: `${path}/${pointer(name)}`, keyword: "required", values: `objects without ${show(name)}`, left: "optional", right: "required", certain: true });
    }
    const names = new Set<string>([...Object.keys(right.properties ?? {}), ...conj.flatMap((c) => Object.keys(c.properties ?? {}))]);
    for (const name of [...names].sort()) {
      const left = this.allOfNode(conj.map((c) => propertyOf(c, name)));
      if (left === false) continue;
      const rightSchema = propertyOf(right, name);
      const where = `${path}/${pointer(name)}`;
      if (rightSchema === false) {
        reasons.push({ path: where, keyword: right.properties?.[name] === false ? "properties" : "additionalProperties", values: `objects with property ${show(name)}`, certain: true });
        continue;
      }
      reasons.push(...this.check(left, rightSchema, where));
    }
    // Property names neither side lists: compare what each side allows for them.
    const rightPatterns = Object.keys(right.patternProperties ?? {});
    const leftPatterns = [...new Set(conj.flatMap((c) => Object.keys(c.patternProperties ?? {})))];
    for (const pattern of rightPatterns) {
      const left = this.allOfNode(conj.map((c) => c.patternProperties?.[pattern] ?? (Object.keys(c.patternProperties ?? {}).length === 0 ? c.additionalProperties ?? true : true)));
      reasons.push(...this.check(left, right.patternProperties![pattern]!, `${path}/{${pattern}}`));
    }
    const rightOther = right.additionalProperties ?? true;
    if (rightOther !== true) {
      for (const pattern of leftPatterns) {
        if (rightPatterns.includes(pattern)) continue;
        const left = this.allOfNode(conj.map((c) => c.patternProperties?.[pattern] ?? true));
        const found = this.check(left, rightOther, `${path}/{${pattern}}`);
        reasons.push(...found.map((r) => (rightOther === false ? { ...r, keyword: "additionalProperties", values: `objects with properties matching ${show(pattern)}` } : r)));
      }
      const leftOther = this.allOfNode(conj.map((c) => c.additionalProperties ?? true));
      if (leftOther !== false) {
        if (rightOther === false) {
          const listed = [...names].sort();
          reasons.push({
            path: `${path}/*`,
            keyword: "additionalProperties",
            values: listed.length > 0 ? `objects with properties other than ${listed.map(show).join(", ")}` : "objects with any property",
            certain: true,
          });
        } else reasons.push(...this.check(leftOther, rightOther, `${path}/*`));
      }
    }
    const minProperties = Math.max(required.size, ...conj.map((c) => c.minProperties ?? 0));
    const closed = conj.filter((c) => c.additionalProperties === false && !c.patternProperties);
    const maxProperties = Math.min(Infinity, ...conj.map((c) => c.maxProperties ?? Infinity), ...closed.map((c) => Object.keys(c.properties ?? {}).length));
    if (right.minProperties !== undefined && minProperties < right.minProperties) {
      reasons.push({ path, keyword: "minProperties", values: `objects with fewer than ${right.minProperties} properties`, left: `minProperties ${minProperties}`, right: `minProperties ${right.minProperties}`, certain: false, why: "the left side allows fewer properties; driftgate does not build objects to show it" });
    }
    if (right.maxProperties !== undefined && maxProperties > right.maxProperties) {
      reasons.push({ path, keyword: "maxProperties", values: `objects with more than ${right.maxProperties} properties`, left: Number.isFinite(maxProperties) ? `maxProperties ${maxProperties}` : "no maxProperties", right: `maxProperties ${right.maxProperties}`, certain: false, why: "the left side allows more properties; driftgate does not build objects to show it" });
    }
    for (const [name, deps] of Object.entries(right.dependentRequired ?? {})) {
      if (this.allOfNode(conj.map((c) => propertyOf(c, name))) === false) continue;
      const covered = new Set([...required, ...conj.flatMap((c) => c.dependentRequired?.[name] ?? [])]);
      const missing = deps.filter((d) => !covered.has(d));
      if (missing.length > 0) {
        reasons.push({ path: `${path}/${pointer(name)}`, keyword: "dependentRequired", values: `objects with ${show(name)} but without ${missing.map(show).join(", ")}`, certain: true });
      }
    }
    for (const [name, schema] of Object.entries(right.dependentSchemas ?? {})) {
      if (this.allOfNode(conj.map((c) => propertyOf(c, name))) === false) continue;
      const own = conj.map((c) => c.dependentSchemas?.[name]).filter((s): s is SchemaNode => s !== undefined);
      const left = this.allOfNode([...conj, ...own]);
      const found = this.check(left, schema, path);
      if (found.length > 0) reasons.push(...found.map((r) => ({ ...r, values: `${r.values} (when ${show(name)} is present)` })));
    }
    if (right.propertyNames !== undefined) {
      const own = conj.filter((c) => c.propertyNames !== undefined);
      if (own.length > 0) reasons.push(...this.check(this.allOfNode(own.map((c) => c.propertyNames!)), right.propertyNames, `${path}/{propertyNames}`));
      else if (closed.length > 0) {
        for (const name of Object.keys(closed[0]!.properties ?? {})) {
          if (evaluate(right.propertyNames, name) !== true) reasons.push({ path: `${path}/${pointer(name)}`, keyword: "propertyNames", values: `objects with property ${show(name)}`, certain: evaluate(right.propertyNames, name) === false });
        }
      } else {
        reasons.push({ path, keyword: "propertyNames", values: "objects with property names the right side rejects", certain: false, why: "the left side does not limit property names" });
      }
    }
    return reasons;
  }

  // ---- examples ----------------------------------------------------------------------------------------------

  /** A value the conjunction certainly accepts and `wanted` holds for, or undefined when none was found. */
  private witness(conj: Conj, types: Set<FineType>, wanted: (value: unknown) => Truth, extra: readonly unknown[] = []): unknown {
    const candidates = [...extra, ...candidatesFor(conj, types)];
    for (const value of candidates) {
      if (!types.has(fineTypeOf(value))) continue;
      if (allTrue(conj.map((c) => evaluate(c, value))) === true && wanted(value) === true) return value;
    }
    return undefined;
  }
}

// ---- helpers -------------------------------------------------------------------------------------------------

/** Left-side keywords that tie a property's value to the rest of the document. */
const CONTEXT_KEYWORDS = ["not", "if", "dependentSchemas", "propertyNames", "unevaluatedProperties", "unevaluatedItems"] as const;

/**
 * A reason stays certain only when its example is shown on the whole pair: at this level by evaluating
 * both whole schemas, deeper down only when nothing at this level (a split oneOf, a `not`, an `if`) could
 * make the document around the example invalid. Otherwise it is kept, as uncertain.
 */
function confirm(reason: SubsetReason, left: SchemaNode, right: SchemaNode, contextual: boolean): SubsetReason {
  if (!reason.certain) return reason;
  if (reason.path === "" && reason.example !== undefined) {
    if (evaluate(left, reason.example) === true && evaluate(right, reason.example) === false) return reason;
  } else if (!contextual) return reason;
  return { ...reason, certain: false, why: "driftgate found such a value for one branch but could not confirm a whole document with it" };
}

const SINGLE_VALUE_KEYWORDS = ["enum", "format", "pattern", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"] as const;

/** The keyword that rejects one value, looking through allOf/anyOf branches of the value's type. */
function culprit(node: SchemaNode, value: unknown, depth = 0): string {
  if (typeof node === "boolean" || depth > 16) return "value";
  if (node.type && !fineTypes(node.type).has(fineTypeOf(value)) && !(fineTypeOf(value) === "integer" && node.type.includes("number"))) return "type";
  for (const keyword of SINGLE_VALUE_KEYWORDS) {
    if (node[keyword] !== undefined && evaluate({ [keyword]: node[keyword] } as SchemaObject, value) === false) return keyword;
  }
  for (const member of node.allOf ?? []) if (evaluate(member, value) === false) return culprit(member, value, depth + 1);
  const branches = node.anyOf ?? node.oneOf;
  if (branches) {
    const typed = branches.filter((b) => b !== false && branchTypes(b).has(fineTypeOf(value)));
    if (typed.length === 0) return "type";
    if (typed.length === 1) return culprit(typed[0]!, value, depth + 1);
  }
  return "value";
}

function toConj(node: SchemaNode): Conj {
  if (node === true) return [];
  if (node === false) return [{ type: [] }];
  if (node.allOf && Object.keys(node).length === 1) return node.allOf.flatMap(toConj);
  return [node];
}

function allTrue(values: readonly Truth[]): Truth {
  let unknown = false;
  for (const v of values) {
    if (v === false) return false;
    if (v === undefined) unknown = true;
  }
  return unknown ? undefined : true;
}

function intersects<T>(a: Set<T>, b: Set<T>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

/** An upper bound of the types a conjunction accepts (`type`, `enum`, and nested allOf members). */
function typesOf(conj: Conj): Set<FineType> {
  let types = new Set(ALL_TYPES);
  for (const c of conj) {
    types = new Set([...types].filter((t) => fineTypes(c.type).has(t)));
    if (c.enum) {
      const fromValues = new Set(c.enum.map(fineTypeOf));
      types = new Set([...types].filter((t) => fromValues.has(t)));
    }
  }
  return types;
}

function branchTypes(node: SchemaNode): Set<FineType> {
  if (node === true) return new Set(ALL_TYPES);
  if (node === false) return new Set();
  let types = typesOf([node]);
  for (const member of node.allOf ?? []) types = new Set([...types].filter((t) => branchTypes(member).has(t)));
  if (node.anyOf) {
    const union = new Set(node.anyOf.flatMap((b) => [...branchTypes(b)]));
    types = new Set([...types].filter((t) => union.has(t)));
  }
  if (node.oneOf) {
    const union = new Set(node.oneOf.flatMap((b) => [...branchTypes(b)]));
    types = new Set([...types].filter((t) => union.has(t)));
  }
  return types;
}

/** The values a conjunction allows when some member has an enum (or const), else null. */
function finiteValues(conj: Conj): unknown[] | null {
  let values: unknown[] | null = null;
  for (const c of conj) {
    if (!c.enum) continue;
    values = values === null ? [...c.enum] : values.filter((v) => c.enum!.some((w) => sameJson(v, w)));
  }
  return values;
}

/** Branches no value can satisfy together: by type, or by a required property with disjoint allowed values. */
function pairwiseDisjoint(branches: readonly SchemaNode[]): boolean {
  for (let i = 0; i < branches.length; i++) {
    for (let j = i + 1; j < branches.length; j++) {
      const a = branches[i]!;
      const b = branches[j]!;
      if (a === false || b === false) continue;
      if (!intersects(branchTypes(a), branchTypes(b))) continue;
      if (a === true || b === true) return false;
      if (!discriminated(a, b)) return false;
    }
  }
  return true;
}

function discriminated(a: SchemaObject, b: SchemaObject): boolean {
  for (const name of a.required ?? []) {
    if (!(b.required ?? []).includes(name)) continue;
    const av = propertyValues(a, name);
    const bv = propertyValues(b, name);
    if (av && bv && !av.some((x) => bv.some((y) => sameJson(x, y)))) return true;
  }
  return false;
}

/**
 * A branch the conjunction can never reach because a property it requires has values the branch rejects:
 * `{"kind": "a"}` documents never match the `{"kind": "b"}` branch of a tagged union.
 */
function excludedByDiscriminator(conj: Conj, branch: SchemaNode): boolean {
  if (typeof branch !== "object") return false;
  const required = new Set(conj.flatMap((c) => c.required ?? []));
  for (const name of required) {
    const values = finiteValues(conj.map((c) => propertyOf(c, name)).filter((n): n is SchemaObject => typeof n === "object"));
    if (values === null || values.length === 0) continue;
    const theirs = propertyOf(branch, name);
    if (values.every((v) => evaluate(theirs, v) === false)) return true;
  }
  return false;
}

function propertyValues(node: SchemaObject, name: string): readonly unknown[] | null {
  const p = node.properties?.[name];
  return typeof p === "object" && p.enum ? p.enum : null;
}

/** What a node allows for a property of this name: its own schema, matching patterns, or the fallback. */
function propertyOf(node: SchemaObject, name: string): SchemaNode {
  const parts: SchemaNode[] = [];
  const own = node.properties?.[name];
  if (own !== undefined) parts.push(own);
  for (const [pattern, schema] of Object.entries(node.patternProperties ?? {})) if (regexOf(pattern).test(name)) parts.push(schema);
  if (parts.length === 0) return node.additionalProperties ?? true;
  if (parts.some((p) => p === false)) return false;
  const real = parts.filter((p) => p !== true);
  if (real.length === 0) return true;
  return real.length === 1 ? real[0]! : { allOf: real };
}

function itemOf(node: SchemaObject, index: number): SchemaNode {
  const prefix = node.prefixItems?.[index];
  if (prefix !== undefined) return prefix;
  return node.items ?? true;
}

interface Bound {
  readonly value: number;
  readonly exclusive: boolean;
  readonly keyword: string;
}

function lowerBound(conj: Conj, integersOnly: boolean): Bound | null {
  let best: Bound | null = null;
  for (const c of conj) {
    for (const b of [c.minimum !== undefined ? { value: c.minimum, exclusive: false, keyword: "minimum" } : null, c.exclusiveMinimum !== undefined ? { value: c.exclusiveMinimum, exclusive: true, keyword: "exclusiveMinimum" } : null]) {
      if (!b) continue;
      const normal = integersOnly ? { value: b.exclusive ? Math.floor(b.value) + 1 : Math.ceil(b.value), exclusive: false, keyword: b.keyword } : b;
      if (!best || normal.value > best.value || (normal.value === best.value && normal.exclusive)) best = normal;
    }
  }
  return best;
}

function upperBound(conj: Conj, integersOnly: boolean): Bound | null {
  let best: Bound | null = null;
  for (const c of conj) {
    for (const b of [c.maximum !== undefined ? { value: c.maximum, exclusive: false, keyword: "maximum" } : null, c.exclusiveMaximum !== undefined ? { value: c.exclusiveMaximum, exclusive: true, keyword: "exclusiveMaximum" } : null]) {
      if (!b) continue;
      const normal = integersOnly ? { value: b.exclusive ? Math.ceil(b.value) - 1 : Math.floor(b.value), exclusive: false, keyword: b.keyword } : b;
      if (!best || normal.value < best.value || (normal.value === best.value && normal.exclusive)) best = normal;
    }
  }
  return best;
}

function boundOnly(node: SchemaObject, side: "lower" | "upper"): SchemaObject {
  return side === "lower" ? { minimum: node.minimum, exclusiveMinimum: node.exclusiveMinimum } : { maximum: node.maximum, exclusiveMaximum: node.exclusiveMaximum };
}

function isWholeMultiple(value: number, of: number): boolean {
  return isMultipleOf(value, of);
}

function pointer(name: string): string {
  return name.replace(/~/g, "~0").replace(/\//g, "~1");
}

function describeTypes(types: Set<FineType>, plural = false): string {
  const words: string[] = [];
  const numbers = types.has("integer") && types.has("fraction");
  for (const t of ALL_TYPES) {
    if (!types.has(t)) continue;
    if (numbers && (t === "integer" || t === "fraction")) {
      if (t === "integer") words.push(plural ? "numbers" : "number");
      continue;
    }
    words.push(plural ? TYPE_WORDS[t] : t === "fraction" ? "non-integer number" : t);
  }
  return words.join(plural ? " and " : ", ");
}

function dedupe(reasons: SubsetReason[]): SubsetReason[] {
  const seen = new Map<string, SubsetReason>();
  for (const r of reasons) {
    const key = `${r.path}\u0000${r.keyword}\u0000${r.values}`;
    const existing = seen.get(key);
    if (!existing || (r.certain && !existing.certain)) seen.set(key, r);
  }
  return [...seen.values()];
}

/** Candidate values for examples, informed by the conjunction's own bounds and formats. */
function candidatesFor(conj: Conj, types: Set<FineType>): unknown[] {
  const out: unknown[] = [];
  if (types.has("null")) out.push(null);
  if (types.has("boolean")) out.push(true, false);
  if (types.has("integer") || types.has("fraction")) {
    const numbers = new Set<number>([0, 1, -1, 0.5, 1000, -1000, 1e9, 1e15, -1e15]);
    for (const c of conj) {
      for (const v of [c.minimum, c.maximum, c.exclusiveMinimum, c.exclusiveMaximum]) {
        if (v === undefined) continue;
        numbers.add(v);
        numbers.add(v + 1);
        numbers.add(v - 1);
        numbers.add(v + 0.5);
        numbers.add(v - 0.5);
      }
      if (c.multipleOf !== undefined) numbers.add(c.multipleOf);
    }
    for (const n of numbers) if (Number.isFinite(n) && types.has(Number.isInteger(n) ? "integer" : "fraction")) out.push(n);
  }
  if (types.has("string")) {
    const min = Math.max(0, ...conj.map((c) => c.minLength ?? 0));
    const max = Math.min(Infinity, ...conj.map((c) => c.maxLength ?? Infinity));
    const strings = new Set<string>(["", "a", "x", "0", "abc", "A", "-", " ", "a b", "abcdefghij", "a".repeat(Math.max(1, min))]);
    for (const n of [6, 11, 33, 65, 129, 257, 1025]) strings.add("a".repeat(n));
    if (Number.isFinite(max)) {
      strings.add("a".repeat(max));
      strings.add("0".repeat(max));
    }
    for (const c of conj) {
      if (c.format && FORMAT_EXAMPLES[c.format]) strings.add(FORMAT_EXAMPLES[c.format]!);
      for (const more of c.format ? MORE_FORMAT_EXAMPLES[c.format] ?? [] : []) strings.add(more);
    }
    for (const key of Object.keys(FORMAT_EXAMPLES)) strings.add(FORMAT_EXAMPLES[key]!);
    out.push(...strings);
  }
  if (types.has("array")) {
    out.push([]);
    const itemSchema = conj.find((c) => c.items !== undefined)?.items;
    const item = itemSchema === undefined || typeof itemSchema === "boolean" ? "a" : firstCandidate([itemSchema]);
    if (item !== undefined) out.push([item], [item, item]);
  }
  if (types.has("object")) {
    out.push({});
    const required = [...new Set(conj.flatMap((c) => c.required ?? []))];
    if (required.length > 0) {
      const object: Record<string, unknown> = {};
      for (const name of required) {
        const schemas = conj.map((c) => propertyOf(c, name)).filter((s): s is SchemaObject => typeof s === "object");
        object[name] = schemas.length > 0 ? firstCandidate(schemas) ?? "a" : "a";
      }
      out.push(object);
    }
  }
  return out;
}

function firstCandidate(conj: Conj): unknown {
  const values = finiteValues(conj);
  if (values) return values[0];
  const types = typesOf(conj);
  const shallow = candidatesFor(
    conj.map((c) => ({ ...c, items: undefined, required: undefined })),
    new Set([...types].filter((t) => t !== "object" && t !== "array")),
  );
  return shallow.find((v) => allTrue(conj.map((c) => evaluate(c, v))) === true);
}

/** Structural equality of normalised graphs, cycle-safe. */
export function sameStructure(a: SchemaNode, b: SchemaNode, assumed: Map<object, Set<object>> = new Map()): boolean {
  if (a === b) return true;
  if (typeof a === "boolean" || typeof b === "boolean") return a === b;
  const seen = assumed.get(a);
  if (seen?.has(b)) return true;
  if (seen) seen.add(b);
  else assumed.set(a, new Set([b]));
  const keys = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const otherKeys = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (keys.length !== otherKeys.length) return false;
  for (const key of keys) {
    const x = (a as Record<string, unknown>)[key];
    const y = (b as Record<string, unknown>)[key];
    if (y === undefined) return false;
    if (!sameValue(key, x, y, assumed)) return false;
  }
  return true;
}

function sameValue(key: string, x: unknown, y: unknown, assumed: Map<object, Set<object>>): boolean {
  switch (key) {
    case "enum": {
      const xs = x as unknown[];
      const ys = y as unknown[];
      return xs.length === ys.length && xs.every((v) => ys.some((w) => sameJson(v, w)));
    }
    case "type":
    case "required":
      return sameJson([...(x as string[])].sort(), [...(y as string[])].sort());
    case "prefixItems":
    case "allOf":
    case "anyOf":
    case "oneOf": {
      const xs = x as SchemaNode[];
      const ys = y as SchemaNode[];
      return xs.length === ys.length && xs.every((n, i) => sameStructure(n, ys[i]!, assumed));
    }
    case "properties":
    case "patternProperties":
    case "dependentSchemas": {
      const xs = x as Record<string, SchemaNode>;
      const ys = y as Record<string, SchemaNode>;
      const names = Object.keys(xs);
      return names.length === Object.keys(ys).length && names.every((n) => ys[n] !== undefined && sameStructure(xs[n]!, ys[n]!, assumed));
    }
    case "dependentRequired":
      return sameJson(x, y);
    case "items":
    case "contains":
    case "additionalProperties":
    case "propertyNames":
    case "not":
    case "if":
    case "then":
    case "else":
    case "unevaluatedProperties":
    case "unevaluatedItems":
      return sameStructure(x as SchemaNode, y as SchemaNode, assumed);
    default:
      return sameJson(x, y);
  }
}
