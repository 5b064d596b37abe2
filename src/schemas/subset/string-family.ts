import { codePointLength, evaluate, regexOf } from "../evaluate-node.js";
import { witness } from "./examples.js";
import type { FineType } from "./fine-types.js";
import type { KeywordFamily } from "./keyword-family.js";
import { show, type SubsetReason } from "./subset-reason.js";

/** The longest string some formats can match: lets `format: uuid` prove it fits varchar(36+). */
const FORMAT_MAX_LENGTH: Record<string, number> = { uuid: 45, date: 10, ipv4: 15, ipv6: 45 };

/**
 * String length, `pattern` and `format`. Patterns and formats are compared only by equality: any other
 * pair is a narrowing, certain when an example shows it, uncertain otherwise, never a pass.
 */
export const stringFamily: KeywordFamily = {
  name: "string length/pattern/format",
  keywords: ["minLength", "maxLength", "pattern", "format"],
  types: ["string"],
  check(_ctx, { conj, right, path }) {
    const reasons: SubsetReason[] = [];
    const strings = new Set<FineType>(["string"]);
    const minLength = Math.max(0, ...conj.map((c) => c.minLength ?? 0));
    const maxLength = Math.min(Infinity, ...conj.map((c) => c.maxLength ?? Infinity), ...conj.map((c) => (c.format ? FORMAT_MAX_LENGTH[c.format] ?? Infinity : Infinity)));
    if (right.minLength !== undefined && minLength < right.minLength) {
      const n = right.minLength - 1;
      const example = witness(conj, strings, (v) => typeof v === "string" && codePointLength(v) < right.minLength!, ["a".repeat(Math.max(minLength, n)), ""]);
      reasons.push({ path, keyword: "minLength", values: `strings shorter than ${right.minLength} characters`, left: `minLength ${minLength}`, right: `minLength ${right.minLength}`, certain: example !== undefined, example });
    }
    if (right.maxLength !== undefined && maxLength > right.maxLength) {
      const n = right.maxLength + 1;
      const example = witness(conj, strings, (v) => typeof v === "string" && codePointLength(v) > right.maxLength!, ["a".repeat(n), "0".repeat(n), "x".repeat(Math.max(n, minLength))]);
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
      const example = witness(conj, strings, (v) => typeof v === "string" && !regexOf(right.pattern!).test(v));
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
      const example = witness(conj, strings, (v) => evaluate({ format: right.format! }, v) === false, ["", "x", "not a " + right.format]);
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
  },
};
