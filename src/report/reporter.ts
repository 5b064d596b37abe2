import type { CheckReport } from "../model/check-report.js";

export interface ReporterOptions {
  /** ANSI colour; only the text reporter uses it, and the CLI turns it off off-TTY and under NO_COLOR. */
  readonly color: boolean;
  /** Spell out info findings as fully as breaking ones (the text reporter; --verbose). */
  readonly verbose?: boolean;
}

/**
 * Every output format is one pure function with this signature, chosen by name (see reporters.ts): it
 * renders a finished report and decides nothing. Verdict and exit code come from src/gate.
 */
export type Reporter = (report: CheckReport, options: ReporterOptions) => string;
