/**
 * Child process: @pgkit/migra diffing two databases the way its CLI does (inspect both, add every change,
 * privileges included, unsafe statements allowed so it reports drops instead of refusing), then renders
 * the SQL. Prints {statements, sqlBytes}. Usage: node runners/check-peer.mjs <url-from> <url-to>
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const [from, to] = process.argv.slice(2);
const { createClient } = require("@pgkit/client");
const { run } = require("@pgkit/migra");

const a = createClient(from);
const b = createClient(to);
try {
  const migration = await run(a, b, { unsafe: true, withPrivileges: true });
  const sql = migration.sql;
  process.stdout.write(`${JSON.stringify({ statements: migration.statements.length, sqlBytes: sql.length })}\n`);
} finally {
  await a.end();
  await b.end();
}
