import { Readable } from "node:stream";
import { runCli } from "../../src/cli/run-cli.js";

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real CLI in this process with captured output: fast enough to test every exit code. */
export async function runCliInProcess(
  argv: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; stdin?: string; isTTY?: boolean } = {},
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    isTTY: options.isTTY ?? false,
    env: options.env ?? process.env,
    cwd: options.cwd ?? process.cwd(),
  });
  return { code, stdout, stderr };
}
