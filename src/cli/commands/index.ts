import type { Command } from "commander";
import type { CommandContext } from "../command-context.js";

type CommandFactory = (context: CommandContext) => Command;

/**
 * Every subcommand, in the order --help lists them, each loaded only when needed. A run of one command
 * imports that command's modules and no others: `driftgate snapshot` never loads ajv, PGlite or the diff
 * rules unless the reference it is given needs them, which is a tenth of a second of every run.
 */
export interface CommandEntry {
  readonly name: string;
  readonly load: () => Promise<CommandFactory>;
  /** Shown at the end of the command's --help: command lines as people type them; the files they name ship in this repository. */
  readonly examples: readonly string[];
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "snapshot",
    load: async () => (await import("./snapshot-command.js")).snapshotCommand,
    examples: [
      "driftgate snapshot test -o test.json",
      "driftgate snapshot examples/metadata-store/migrations --include-schema catalog",
      'driftgate snapshot "$PROD_DATABASE_URL" -o prod.json',
    ],
  },
  {
    name: "check",
    load: async () => (await import("./check-command.js")).checkCommand,
    examples: [
      "driftgate check                      # every environment against the one it promotes to",
      "driftgate check test prod --format github --summary \"$GITHUB_STEP_SUMMARY\"",
      "driftgate check test prod --fail-on risky --format json -o drift.json",
      "driftgate check test/fixtures/probe/store/001-applications.sql test/fixtures/probe/store \\\n    --probe test/fixtures/probe/docs/applications.ndjson --table public.applications",
    ],
  },
  {
    name: "diff",
    load: async () => (await import("./diff-command.js")).diffCommand,
    examples: ["driftgate diff test prod", "driftgate diff examples/write-schemas/stores/test examples/write-schemas/stores/prod --format markdown"],
  },
  {
    name: "report",
    load: async () => (await import("./report-command.js")).reportCommand,
    examples: [
      "driftgate report                     # every environment: drift-report/report.html, .md, .json",
      "driftgate report --envs test,prod --out drift-report --summary \"$GITHUB_STEP_SUMMARY\"",
      "driftgate report --mark-deploy prod --ref \"$GITHUB_SHA\"",
    ],
  },
  {
    name: "waive",
    load: async () => (await import("./waive-command.js")).waiveCommand,
    examples: ['driftgate waive --from drift-report/report.json --owner data-platform --until 2031-01-31 --reason "known drift, tracked in OPS-12"'],
  },
  {
    name: "validate",
    load: async () => (await import("./validate-command.js")).validateCommand,
    examples: ["driftgate validate application examples/write-schemas/docs/applications.ndjson", "cat documents.ndjson | driftgate validate application -"],
  },
  {
    name: "compat",
    load: async () => (await import("./compat-command.js")).compatCommand,
    examples: ["driftgate compat schemas/application.schema.json examples/write-schemas/application.next.schema.json"],
  },
  {
    name: "fit",
    load: async () => (await import("./fit-command.js")).fitCommand,
    examples: ["driftgate fit application examples/write-schemas/stores/prod", "driftgate fit dataset-version prod --format json"],
  },
  {
    name: "probe",
    load: async () => (await import("./probe-command.js")).probeCommand,
    examples: [
      "driftgate probe test/fixtures/probe/store --table public.applications test/fixtures/probe/docs/applications.ndjson",
      "driftgate probe staging --table public.applications --as-role app_writer documents.ndjson",
    ],
  },
  {
    name: "scan",
    load: async () => (await import("./scan-command.js")).scanCommand,
    examples: [
      "driftgate scan test/fixtures/scan/store --write-schemas test/fixtures/scan/schemas --json-schema application-row",
      'driftgate scan "$DATABASE_URL" --json-schema application-row --limit-errors 10',
    ],
  },
  {
    name: "rules",
    load: async () => (await import("./rules-command.js")).rulesCommand,
    examples: ["driftgate rules", "driftgate rules column-missing fit-length", "driftgate rules --format json"],
  },
];

/** The block that ends a command's --help. */
export function examplesHelp(entry: CommandEntry): string {
  return `\nExamples:\n${entry.examples.map((example) => `  $ ${example}`).join("\n")}\n`;
}

/**
 * The commands a run needs: the one named first on the command line, or all of them when none is (help,
 * a typo commander should suggest a correction for, the bare program).
 */
export async function loadCommands(argv: readonly string[]): Promise<CommandFactory[]> {
  const named = COMMANDS.find((c) => c.name === argv[0]);
  return Promise.all((named ? [named] : COMMANDS).map((c) => c.load()));
}
