import { createTwoFilesPatch } from "diff";

/**
 * A unified diff of one definition, SOURCE as the old side: reading it top-down tells what TARGET changed.
 * The package's "====" banner is dropped; it carries nothing a reader of one definition needs.
 */
export function unifiedDiff(label: string, source: string | null | undefined, target: string | null | undefined): string {
  const patch = createTwoFilesPatch(
    `SOURCE ${label}`,
    `TARGET ${label}`,
    withNewline(source ?? ""),
    withNewline(target ?? ""),
    undefined,
    undefined,
    { context: 3 },
  );
  return patch
    .split("\n")
    .filter((line) => !/^=+$/.test(line))
    .map((line) => (line.startsWith("--- ") || line.startsWith("+++ ") ? line.trimEnd() : line))
    .join("\n")
    .trimEnd();
}

function withNewline(text: string): string {
  return text === "" || text.endsWith("\n") ? text : `${text}\n`;
}
