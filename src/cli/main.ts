import { redactSecrets } from "../model/redact.js";
import { processIo } from "./cli-io.js";
import { runCli } from "./run-cli.js";

/** Process entry used by bin/driftgate.js. */
export async function main(argv: readonly string[]): Promise<number> {
  const debug = argv.includes("--debug");
  // Last resort for an error no await can catch (an emitter nobody listens to): still one redacted line
  // and exit 3 ("could not decide"), never Node's stack trace and exit 1, which a gate reads as "blocking".
  const fatal = (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`driftgate: internal error: ${redactSecrets(message)}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${redactSecrets(error.stack)}\n`);
    process.exit(3);
  };
  process.on("uncaughtException", fatal);
  process.on("unhandledRejection", fatal);
  return runCli(argv, processIo());
}
