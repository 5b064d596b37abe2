import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Global setup: every test run gets its own driftgate cache directory, removed afterwards, so no test
 * ever reads or writes the user's ~/.cache/driftgate (and a stale entry there can never make a test pass).
 * Test workers are started after this runs and inherit the variable.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), "driftgate-test-cache-"));
  process.env.DRIFTGATE_CACHE_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
