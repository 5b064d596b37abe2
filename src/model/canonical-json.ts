import { createHash } from "node:crypto";

/**
 * Deterministic JSON. Keys are sorted by code point at every depth. Arrays keep their order: the model's
 * producers sort entity arrays, because only they know each entity's key.
 *
 * Layout: containers open one line per member with two-space indentation, but a "leaf" (an object or
 * array whose members are all scalars or empty) is printed on one line. A changed column or grant is
 * then one changed line in a git diff, and a 5 000-table snapshot is a third of the size of fully
 * indented JSON.
 */
export function canonicalJson(value: unknown): string {
  const chunks: string[] = [];
  writeCanonicalJson(value, (chunk) => chunks.push(chunk));
  return chunks.join("");
}

/**
 * The same bytes as canonicalJson(), handed to `sink` in chunks of about 64 KiB, so a large snapshot
 * can go to a file or stdout without first existing as one string.
 */
export function writeCanonicalJson(value: unknown, sink: (chunk: string) => void, options: { keysSorted?: boolean } = {}): void {
  const parts = new ChunkedParts(sink);
  write(options.keysSorted ? value : sortKeysDeep(value), "", parts);
  parts.push("\n");
  parts.flush();
}

const CHUNK = 1 << 16;

class ChunkedParts {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly sink: (chunk: string) => void) {}
  push(...texts: string[]): void {
    for (const text of texts) {
      this.parts.push(text);
      this.size += text.length;
    }
    if (this.size >= CHUNK) this.flush();
  }
  flush(): void {
    if (this.parts.length === 0) return;
    this.sink(this.parts.join(""));
    this.parts = [];
    this.size = 0;
  }
}

function isScalar(value: unknown): boolean {
  if (value === null || typeof value !== "object") return true;
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

function isLeaf(value: object): boolean {
  if (Array.isArray(value)) return value.every(isScalar);
  for (const key in value) if (!isScalar((value as Record<string, unknown>)[key])) return false;
  return true;
}

function write(value: unknown, indent: string, parts: ChunkedParts): void {
  if (value === null || typeof value !== "object" || isLeaf(value)) {
    parts.push(JSON.stringify(value) ?? "null");
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    parts.push("[");
    value.forEach((item, i) => {
      parts.push(i === 0 ? `\n${inner}` : `,\n${inner}`);
      write(item, inner, parts);
    });
    parts.push(`\n${indent}]`);
    return;
  }
  parts.push("{");
  let first = true;
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    parts.push(first ? `\n${inner}` : `,\n${inner}`, JSON.stringify(key), ": ");
    first = false;
    write(v, inner, parts);
  }
  parts.push(`\n${indent}}`);
}

/**
 * The value with object keys sorted at every depth and undefined members dropped. Objects whose keys
 * are already in order are reused rather than copied: snapshot content read back from a canonical file
 * costs no copy at all.
 */
export function sortKeysDeep<T>(value: T): T {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const item = v !== null && typeof v === "object" ? sortKeysDeep(v) : v;
      if (item !== v && !copy) copy = value.slice(0, i);
      if (copy) copy.push(item);
    }
    return (copy ?? value) as T;
  }
  // First pass allocates nothing: on a sorted snapshot (the usual case) this is a read-only walk.
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let copy = false;
  let replaced: Map<string, unknown> | null = null;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (i > 0 && !(keys[i - 1]! < key)) copy = true;
    const v = record[key];
    if (v === undefined) copy = true;
    else if (v !== null && typeof v === "object") {
      const sorted = sortKeysDeep(v);
      if (sorted !== v) (replaced ??= new Map()).set(key, sorted);
    }
  }
  if (!copy && !replaced) return value;
  const out: Record<string, unknown> = {};
  for (const key of [...keys].sort(compareText)) {
    const v = replaced?.has(key) ? replaced.get(key) : record[key];
    if (v !== undefined) out[key] = v;
  }
  return out as T;
}

/** Code-point order, independent of locale and of the server's collation. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** sha256 of the compact canonical form: independent of key order and of the file layout above. */
export function fingerprintOf(value: unknown): string {
  return fingerprintOfSorted(sortKeysDeep(value));
}

/**
 * fingerprintOf() for a value whose keys are already sorted at every depth (skips one walk of it). The
 * bytes hashed are exactly JSON.stringify(value), fed to the hash piece by piece down to the entities of
 * each top-level array, so a 5 000-table snapshot is never held as one 30 MB string just to be hashed.
 */
export function fingerprintOfSorted(value: unknown): string {
  const hash = createHash("sha256");
  hashCompactJson(value, (text) => hash.update(text), 2);
  return `sha256:${hash.digest("hex")}`;
}

/** Emits JSON.stringify(value) in pieces: containers are opened `depth` levels down, below that stringified whole. */
export function hashCompactJson(value: unknown, emit: (text: string) => void, depth: number): void {
  if (depth === 0 || value === null || typeof value !== "object") {
    emit(JSON.stringify(value) ?? "null");
    return;
  }
  if (Array.isArray(value)) {
    emit("[");
    for (let i = 0; i < value.length; i++) {
      if (i > 0) emit(",");
      hashCompactJson(value[i], emit, depth - 1);
    }
    emit("]");
    return;
  }
  emit("{");
  let first = true;
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined || typeof v === "function" || typeof v === "symbol") continue;
    emit(first ? `${JSON.stringify(key)}:` : `,${JSON.stringify(key)}:`);
    first = false;
    hashCompactJson(v, emit, depth - 1);
  }
  emit("}");
}
