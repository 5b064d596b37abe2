import { processIo } from "./cli-io.js";
import { runCli } from "./run-cli.js";

/** Process entry used by bin/driftgate.js. */
export async function main(argv: readonly string[]): Promise<number> {
  return runCli(argv, processIo());
}
