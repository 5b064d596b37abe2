import { InputError } from "../errors.js";
import type { CheckReport } from "../model/check-report.js";
import type { ReporterOptions } from "./reporter.js";
import { REPORTERS, type ReportFormat } from "./reporters.js";

/**
 * A finished report in one of the formats `--format` takes (REPORT_FORMATS), exactly as the CLI prints
 * it. Rendering decides nothing: blocking, waivers and redaction were settled when the report was built.
 */
export function renderReport(report: CheckReport, format: ReportFormat, options: Partial<ReporterOptions> = {}): string {
  const render = REPORTERS[format];
  if (render === undefined) throw new InputError(`unknown report format "${String(format)}" (known: ${Object.keys(REPORTERS).join(", ")})`);
  return render(report, { color: options.color ?? false, verbose: options.verbose });
}
