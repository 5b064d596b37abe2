import { describe, expect, it } from "vitest";
import { classifyTypeChange, type TypeChangeKind } from "../../../src/diff/type-change.js";

// [SOURCE type, TARGET type, expected kind]: types as format_type() prints them.
const CASES: [string, string, TypeChangeKind][] = [
  ["integer", "integer", "same"],
  ["smallint", "integer", "widened"],
  ["integer", "bigint", "widened"],
  ["smallint", "bigint", "widened"],
  ["bigint", "integer", "narrowed"],
  ["integer", "smallint", "narrowed"],
  ["character varying(32)", "character varying(64)", "widened"],
  ["character varying(64)", "character varying(32)", "narrowed"],
  ["character varying(64)", "character varying", "widened"],
  ["character varying", "character varying(64)", "narrowed"],
  ["character varying(64)", "text", "widened"],
  ["text", "character varying", "widened"],
  ["text", "character varying(64)", "narrowed"],
  ["character(2)", "character(4)", "widened"],
  ["character(4)", "character(2)", "narrowed"],
  ["character(4)", "text", "changed"],
  ["text", "character(4)", "narrowed"],
  // every value of varchar(n) fits character(n) (it is only padded): found by the corpus runner on kratos
  ["character varying(36)", "character(36)", "changed"],
  ["character varying(36)", "character(40)", "changed"],
  ["character varying(36)", "character(8)", "narrowed"],
  ["character varying", "character(36)", "narrowed"],
  ["character varying(2)", "character", "narrowed"],
  // a typed value reaches a string column as its text form: wide enough, it always fits (pg-schema-diff case)
  ["integer", "character varying(255)", "changed"],
  ["integer", "character varying(11)", "changed"],
  ["integer", "character varying(10)", "narrowed"],
  ["bigint", "character(20)", "changed"],
  ["uuid", "character varying(36)", "changed"],
  ["uuid", "character varying(32)", "narrowed"],
  ["boolean", "character varying(5)", "changed"],
  ["date", "character varying(10)", "narrowed"],
  ["numeric(10,2)", "numeric(12,2)", "widened"],
  ["numeric(10,2)", "numeric(12,4)", "widened"],
  ["numeric(10,2)", "numeric(8,2)", "narrowed"],
  ["numeric(10,2)", "numeric(10,1)", "changed"],
  ["numeric(10,2)", "numeric(9,2)", "narrowed"],
  ["numeric(10,2)", "numeric(11,1)", "changed"],
  ["numeric(10,2)", "numeric", "widened"],
  ["numeric", "numeric(10,2)", "narrowed"],
  ["integer", "numeric", "widened"],
  ["integer", "numeric(10,0)", "widened"],
  ["bigint", "numeric(10,0)", "narrowed"],
  ["numeric(10,0)", "bigint", "narrowed"],
  ["real", "double precision", "widened"],
  ["double precision", "real", "changed"],
  ["integer", "double precision", "widened"],
  ["bigint", "double precision", "changed"],
  ["timestamp without time zone", "timestamp with time zone", "changed"],
  ["timestamp with time zone", "timestamp without time zone", "changed"],
  ["time without time zone", "time with time zone", "changed"],
  ["timestamp(3) without time zone", "timestamp without time zone", "widened"],
  ["timestamp without time zone", "timestamp(3) without time zone", "changed"],
  ["date", "timestamp without time zone", "changed"],
  ["json", "jsonb", "changed"],
  ["jsonb", "json", "changed"],
  ["integer[]", "integer[]", "same"],
  ["integer[]", "bigint[]", "widened"],
  ["bigint[]", "integer[]", "narrowed"],
  ["integer[]", "integer", "narrowed"],
  ["text", "text[]", "narrowed"],
  ["character varying(10)[]", "character varying(20)[]", "widened"],
  ["uuid", "text", "changed"],
  ["text", "uuid", "narrowed"],
  ["integer", "uuid", "narrowed"],
  ["boolean", "integer", "narrowed"],
  ["public.mood", "public.mood", "same"],
  ["public.mood", "public.feeling", "narrowed"],
  ["bit(8)", "bit(16)", "widened"],
  ["bit varying(8)", "bit varying(4)", "narrowed"],
];

describe("classifyTypeChange", () => {
  it.each(CASES)("%s -> %s is %s", (source, target, kind) => {
    const change = classifyTypeChange(source, target);
    expect(change.kind).toBe(kind);
    expect(change.reason.length).toBeGreaterThan(0);
  });
});
