import { describe, expect, it } from "vitest";
import { CopyRecordParser } from "../../../src/dialects/postgresql/catalog/copy-records.js";

const Q = "\x01";
const D = "\x02";

function parseAll(chunks: readonly Buffer[], fields: number): (string | null)[][] {
  const out: (string | null)[][] = [];
  const parser = new CopyRecordParser(fields, (f) => out.push([...f]));
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return out;
}

// What PostgreSQL writes for COPY ... (FORMAT csv, DELIMITER E'\x02', QUOTE E'\x01').
const output = Buffer.from(
  [
    `["1"]${D}{"name":"plain","tags":["a\\"b","c\\\\d"]}\n`,
    `["2"]${D}${Q}{\n  "pretty": true\n}${Q}\n`, // a json value with raw newlines is quoted
    `["3"]${D}\n`, // SQL NULL: empty and unquoted
    `["4"]${D}${Q}${Q}\n`, // the empty string: quoted
    `["5"]${D}${Q}has ${Q}${Q} quote and ${D} delimiter${Q}\n`, // text holding the quote character doubles it
    `["ü€😀"]${D}{"émoji":"😀"}\n`,
  ].join(""),
  "utf8",
);
const expected = [
  ['["1"]', '{"name":"plain","tags":["a\\"b","c\\\\d"]}'],
  ['["2"]', '{\n  "pretty": true\n}'],
  ['["3"]', null],
  ['["4"]', ""],
  ['["5"]', `has ${Q} quote and ${D} delimiter`],
  ['["ü€😀"]', '{"émoji":"😀"}'],
];

describe("CopyRecordParser", () => {
  it("reads plain, quoted, NULL and empty fields", () => {
    expect(parseAll([output], 2)).toEqual(expected);
  });

  it("gives the same records wherever the chunks split, even inside a UTF-8 character or a doubled quote", () => {
    for (let cut = 1; cut < output.length; cut++) {
      expect(parseAll([output.subarray(0, cut), output.subarray(cut)], 2), `split at byte ${cut}`).toEqual(expected);
    }
    const bytes = [...output].map((b) => Buffer.from([b]));
    expect(parseAll(bytes, 2)).toEqual(expected);
  });

  it("reads one-field records", () => {
    expect(parseAll([Buffer.from(`{"a":1}\n${Q}{\n}${Q}\n\n`)], 1)).toEqual([['{"a":1}'], ["{\n}"], [null]]);
  });

  it("a stream that ends inside a record is an error, never a shorter table", () => {
    expect(() => parseAll([output.subarray(0, output.length - 3)], 2)).toThrow(/ended inside a record/);
    expect(() => parseAll([Buffer.from(`["1"]${D}${Q}unterminated`)], 2)).toThrow(/ended inside a record/);
  });
});
