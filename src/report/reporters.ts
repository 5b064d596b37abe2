import { githubReporter } from "./github-reporter.js";
import { htmlReporter } from "./html-reporter.js";
import { jsonReporter } from "./json-reporter.js";
import { junitReporter } from "./junit-reporter.js";
import { markdownReporter } from "./markdown-reporter.js";
import type { Reporter } from "./reporter.js";
import { sarifReporter } from "./sarif-reporter.js";
import { textReporter } from "./text-reporter.js";

/** Reporters by the name `--format` takes; adding a format is one file and one entry here. */
export const REPORTERS = {
  text: textReporter,
  json: jsonReporter,
  markdown: markdownReporter,
  junit: junitReporter,
  github: githubReporter,
  html: htmlReporter,
  sarif: sarifReporter,
} as const satisfies Record<string, Reporter>;

export type ReportFormat = keyof typeof REPORTERS;
export const REPORT_FORMATS = Object.keys(REPORTERS) as ReportFormat[];
