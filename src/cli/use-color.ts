import type { CliIo } from "./cli-io.js";

/**
 * Whether output gets ANSI colour, by the conventions other CLIs share, strongest first: --color /
 * --no-color on the command line, NO_COLOR set to anything non-empty (no-color.org), FORCE_COLOR set to
 * anything but 0 or false (CI logs that render ANSI), TERM=dumb, and otherwise whether stdout is a
 * terminal. Decided from the CliIo rather than process.env so tests can run the CLI in-process.
 */
export function useColor(io: Pick<CliIo, "env" | "isTTY">, flag?: boolean): boolean {
  if (flag !== undefined) return flag;
  if (io.env.NO_COLOR) return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0" && force.toLowerCase() !== "false";
  if (io.env.TERM === "dumb") return false;
  return io.isTTY;
}
