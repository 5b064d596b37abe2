import { StringDecoder } from "node:string_decoder";

/**
 * The COPY options scan reads with. With control characters as delimiter and quote, a field that is JSON
 * text is never quoted or escaped (JSON escapes every control character inside strings), so the common
 * record is sliced straight out of the buffer; only text holding a raw newline (whitespace in a `json`
 * value) or the quote character itself gets quoted, and is unquoted here.
 */
export const COPY_CSV_OPTIONS = "FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01'";

const DELIMITER = "\x02";
const QUOTE = "\x01";
const QUOTE_CODE = 1;

/**
 * Splits COPY ... TO STDOUT output (csv, with COPY_CSV_OPTIONS) into records of `fieldCount` fields,
 * chunk by chunk, keeping only an incomplete last record between chunks. An unquoted empty field is SQL
 * NULL (null); a quoted one is the empty string.
 */
export class CopyRecordParser {
  private readonly decoder = new StringDecoder("utf8");
  private rest = "";
  private readonly fields: (string | null)[];

  constructor(
    private readonly fieldCount: number,
    private readonly onRecord: (fields: readonly (string | null)[]) => void,
  ) {
    this.fields = new Array<string | null>(fieldCount).fill(null);
  }

  push(chunk: Buffer): void {
    const text = this.rest + this.decoder.write(chunk);
    const used = this.parse(text);
    this.rest = text.slice(used);
  }

  /** Throws if the stream ended inside a record: a truncated COPY must never look like a complete one. */
  end(): void {
    const text = this.rest + this.decoder.end();
    const used = this.parse(text);
    if (used !== text.length) throw new Error("COPY output ended inside a record");
    this.rest = "";
  }

  /** Parses every complete record in `text`; returns how many characters they took. */
  private parse(text: string): number {
    const { fields, fieldCount } = this;
    let start = 0;
    outer: for (;;) {
      let p = start;
      for (let f = 0; f < fieldCount; f++) {
        const terminator = f === fieldCount - 1 ? "\n" : DELIMITER;
        if (text.charCodeAt(p) === QUOTE_CODE) {
          let value = "";
          let from = p + 1;
          for (;;) {
            const q = text.indexOf(QUOTE, from);
            if (q === -1 || q + 1 >= text.length) break outer; // the closing quote, or what follows it, is in a later chunk
            if (text.charCodeAt(q + 1) === QUOTE_CODE) {
              value += text.slice(from, q + 1);
              from = q + 2;
              continue;
            }
            value += text.slice(from, q);
            p = q + 1;
            break;
          }
          if (text[p] !== terminator) throw new Error(`malformed COPY output: unexpected character after a quoted field`);
          fields[f] = value;
          p++;
        } else {
          const end = text.indexOf(terminator, p);
          if (end === -1) break outer;
          fields[f] = end === p ? null : text.slice(p, end);
          p = end + 1;
        }
      }
      this.onRecord(fields);
      start = p;
    }
    return start;
  }
}
