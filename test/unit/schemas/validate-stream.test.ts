import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createDocumentValidator, validateDocumentStream } from "../../../src/schemas/document-validator.js";

const schema = { type: "object", required: ["n"], properties: { n: { type: "integer" } } };

describe("validateDocumentStream", () => {
  it("judges each line as it arrives: the first failure is reported before the input ends", async () => {
    const validator = await createDocumentValidator(schema, { schemasDir: null });
    const seen: number[] = [];
    async function* lines() {
      yield '{"n": "one"}\n';
      // A reader that buffered the whole input would never report line 1 here, and this would time out.
      const deadline = Date.now() + 5000;
      while (seen.length === 0) {
        if (Date.now() > deadline) throw new Error("line 1 was not judged before the input ended");
        await new Promise((r) => setTimeout(r, 5));
      }
      for (let i = 0; i < 20_000; i++) yield `{"n": ${i}}\n`;
      yield "{broken\n";
    }
    const summary = await validateDocumentStream(validator, Readable.from(lines()), ({ line }) => seen.push(line));
    expect(summary).toEqual({ documents: 20_002, valid: 20_000, invalid: 2 });
    expect(seen).toEqual([1, 20_002]);
  });

  it("keeps memory flat over a large input (nothing but counters is kept)", async () => {
    const validator = await createDocumentValidator(schema, { schemasDir: null });
    const line = `{"n": 1, "pad": "${"x".repeat(200)}"}\n`;
    async function* many() {
      for (let i = 0; i < 40; i++) yield line.repeat(5_000); // 40 chunks, ~45 MB in all
    }
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    const summary = await validateDocumentStream(validator, Readable.from(many()));
    const grown = process.memoryUsage().heapUsed - before;
    expect(summary.documents).toBe(200_000);
    // The input is ~45 MB; holding it (or the parsed documents) would grow the heap far beyond this.
    expect(grown).toBeLessThan(40 * 1024 * 1024);
  });

  it("lets the caller's own failure through as it is, and stops reading", async () => {
    const validator = await createDocumentValidator(schema, { schemasDir: null });
    let produced = 0;
    async function* endless() {
      for (;;) {
        produced++;
        yield '{"n": "bad"}\n';
      }
    }
    const refused = validateDocumentStream(validator, Readable.from(endless()), () => {
      throw new Error("stdout is closed");
    });
    await expect(refused).rejects.toThrow(/^stdout is closed$/);
    const stoppedAt = produced;
    await new Promise((r) => setTimeout(r, 50));
    expect(produced - stoppedAt).toBeLessThan(100);
  });

  it("an unreadable input is bad input, not a hang", async () => {
    const validator = await createDocumentValidator(schema, { schemasDir: null });
    const failing = new Readable({
      read() {
        this.destroy(new Error("disk on fire"));
      },
    });
    await expect(validateDocumentStream(validator, failing)).rejects.toThrow(/cannot read input: disk on fire/);
  });
});
