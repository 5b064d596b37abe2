import { readdirSync, readFileSync } from "node:fs";
import { join, posix, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The layers of src/, lowest first (ARCHITECTURE.md draws the same picture). A module may import its own
 * layer or lower ones, never a higher one: that is what lets the library, the nightly report and a second
 * dialect reuse a layer without dragging the CLI along. Type-only imports count too, since a type that
 * points up is a dependency that points up.
 */
const LAYERS: readonly (readonly [rank: number, pattern: RegExp])[] = [
  [0, /^(errors\.ts|model\/)/],
  [1, /^(diff|schemas|files)\//],
  [2, /^dialects\/[^/]+\//],
  [3, /^dialects\/[^/]+\.ts$/],
  [4, /^(sources|stores)\//],
  [5, /^gate\//],
  [6, /^(probe|scan)\//],
  [7, /^check\//],
  [8, /^report\//],
  [9, /^nightly\//],
  [10, /^cli\//],
  [11, /^index\.ts$/],
];

const srcDir = fileURLToPath(new URL("../../../src/", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sourceFiles(join(dir, d.name)) : d.name.endsWith(".ts") ? [join(dir, d.name)] : [],
  );
}

function layerOf(path: string): number {
  const layer = LAYERS.find(([, pattern]) => pattern.test(path));
  if (!layer) throw new Error(`${path} is in no layer: add its folder to LAYERS (and to ARCHITECTURE.md)`);
  return layer[0];
}

/** Every relative import of src/, as [importer, imported] paths relative to src/ with "/" separators. */
function imports(): [string, string][] {
  const out: [string, string][] = [];
  for (const file of sourceFiles(srcDir)) {
    const from = relative(srcDir, file).split(sep).join("/");
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)) {
      out.push([from, posix.normalize(posix.join(posix.dirname(from), match[1]!)).replace(/\.js$/, ".ts")]);
    }
  }
  return out;
}

describe("layers", () => {
  it("every module of src/ belongs to a layer", () => {
    for (const file of sourceFiles(srcDir)) layerOf(relative(srcDir, file).split(sep).join("/"));
  });

  it("no module imports from a higher layer", () => {
    const upward = imports()
      .filter(([from, to]) => layerOf(to) > layerOf(from))
      .map(([from, to]) => `${from} -> ${to}`);
    expect(upward).toEqual([]);
  });

  it("a dialect imports no other dialect, and only the dialect registry reaches into a dialect's folder from outside", () => {
    const dialect = (path: string) => /^dialects\/([^/]+)\//.exec(path)?.[1] ?? null;
    const crossing = imports()
      .filter(([from, to]) => dialect(to) !== null && dialect(from) !== dialect(to) && !REGISTRY.test(from) && !SEAM_CROSSINGS.has(from))
      .map(([from, to]) => `${from} -> ${to}`);
    expect(crossing).toEqual([]);
  });

  it("every module on the seam-crossing list still crosses (the list only shrinks)", () => {
    const dialect = (path: string) => /^dialects\/([^/]+)\//.exec(path)?.[1] ?? null;
    const crossing = new Set(imports().filter(([from, to]) => dialect(to) !== null && dialect(from) === null && !REGISTRY.test(from)).map(([from]) => from));
    expect([...SEAM_CROSSINGS].filter((from) => !crossing.has(from))).toEqual([]);
  });
});

/**
 * Modules outside src/dialects/ that still name PostgreSQL's folder directly rather than going through
 * the registry (src/dialects/*.ts). Each is a place a second dialect would have to touch; the list may
 * only shrink (ARCHITECTURE.md says what is left).
 */
const SEAM_CROSSINGS = new Set<string>([
  // The library's public surface: PostgreSQL's own API (its snapshot model, readSnapshot, connectServer,
  // SqlSession, RULES, fitSchemaToTable) is exported on purpose, for callers that work with PostgreSQL.
  "index.ts",
]);

/** The registry: the one place outside a dialect's folder that lists the dialects. */
const REGISTRY = /^dialects\/[^/]+\.ts$/;
