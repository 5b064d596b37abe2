/**
 * Child process: the baselines for `driftgate scan`. Streams every row's jsonb through COPY TO STDOUT
 * (the cheapest way out of PostgreSQL), splits lines and JSON.parses each ("floor"), and optionally
 * validates each parsed row with bare compiled ajv ("ajv"). Prints {rows, valid, ms}.
 * Usage: node runners/scan-floor.mjs <floor|ajv> <url> <schema.json>
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import pg from "pg";
import copyStreams from "pg-copy-streams";

const require = createRequire(import.meta.url);
const [mode, url, schemaFile] = process.argv.slice(2);

let validate = () => true;
if (mode === "ajv") {
  const Ajv = require("ajv").default;
  const addFormats = require("ajv-formats").default;
  const ajv = new Ajv({ allowUnionTypes: true });
  addFormats(ajv);
  validate = ajv.compile(JSON.parse(readFileSync(schemaFile, "utf8")));
}

// COPY's text format escapes backslashes and control characters; jsonb text only has them inside JSON
// string escapes, so undoing COPY's layer is a rare, cheap replace.
const unescapeCopy = (line) =>
  line.includes("\\") ? line.replace(/\\(.)/g, (_, c) => ({ n: "\n", r: "\r", t: "\t", b: "\b", f: "\f", v: "\v" })[c] ?? c) : line;

const client = new pg.Client({ connectionString: url });
const t0 = performance.now();
await client.connect();
let rows = 0;
let valid = 0;
await new Promise((resolve, reject) => {
  const stream = client.query(copyStreams.to("copy (select doc from public.documents) to stdout"));
  let rest = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk) => {
    const text = rest + chunk;
    let start = 0;
    for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", start)) {
      const doc = JSON.parse(unescapeCopy(text.slice(start, nl)));
      rows++;
      if (validate(doc)) valid++;
      start = nl + 1;
    }
    rest = text.slice(start);
  });
  stream.on("error", reject);
  stream.on("end", resolve);
});
const ms = performance.now() - t0;
await client.end();
process.stdout.write(`${JSON.stringify({ rows, valid, ms })}\n`);
