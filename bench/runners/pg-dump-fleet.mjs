/**
 * The floor for `driftgate report` over a fleet: `pg_dump --schema-only` of every database, at most
 * CONCURRENCY at once, output discarded. Usage: pg-dump-fleet.mjs CONCURRENCY URL...
 * Prints one JSON line: {"databases": N, "failed": F}.
 */
import { spawn } from "node:child_process";

const [concurrency, ...urls] = process.argv.slice(2);
let next = 0;
let failed = 0;
async function worker() {
  while (next < urls.length) {
    const url = urls[next++];
    const code = await new Promise((resolve) => {
      const child = spawn("pg_dump", ["--schema-only", "--no-sync", "-d", url], { stdio: ["ignore", "ignore", "inherit"] });
      child.on("close", resolve);
    });
    if (code !== 0) failed += 1;
  }
}
await Promise.all(Array.from({ length: Number(concurrency) }, worker));
console.log(JSON.stringify({ databases: urls.length, failed }));
process.exitCode = failed ? 1 : 0;
