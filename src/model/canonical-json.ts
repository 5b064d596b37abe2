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
  const out = new TextChunks(sink);
  writeValue(options.keysSorted ? value : sortKeysDeep(value), "", out, null);
  out.add("\n");
  out.flush();
}

/**
 * Writes canonical JSON piece by piece, optionally feeding a second sink with the compact form
 * (exactly JSON.stringify) of chosen values at the same time: a snapshot's fingerprint is the hash of
 * its content's compact form, and computing it while writing saves serialising the content twice.
 * Keys must already be sorted.
 */
export class CanonicalWriter {
  private readonly out: TextChunks;
  constructor(sink: (chunk: string) => void) {
    this.out = new TextChunks(sink);
  }
  /** Raw text, for the caller's own framing. */
  text(text: string): void {
    this.out.add(text);
  }
  /** `value` laid out at `indent`; its compact JSON also goes to `compact` when given. */
  value(value: unknown, indent: string, compact?: (chunk: string) => void): void {
    const tap = compact ? new TextChunks(compact) : null;
    writeValue(value, indent, this.out, tap);
    tap?.flush();
  }
  end(): void {
    this.out.flush();
  }
}

const CHUNK = 1 << 16;

/** Appends to one string (V8 concatenates lazily) and hands it on every 64 KiB. */
class TextChunks {
  private text = "";
  constructor(private readonly sink: (chunk: string) => void) {}
  add(text: string): void {
    this.text += text;
    if (this.text.length >= CHUNK) this.flush();
  }
  flush(): void {
    if (this.text.length === 0) return;
    this.sink(this.text);
    this.text = "";
  }
}

function isScalar(value: unknown): boolean {
  if (value === null || typeof value !== "object") return true;
  if (Array.isArray(value)) return value.length === 0;
  for (const _ in value) return false;
  return true;
}

function isLeaf(value: object): boolean {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isScalar(value[i])) return false;
    return true;
  }
  for (const key in value) if (!isScalar((value as Record<string, unknown>)[key])) return false;
  return true;
}

// Object keys repeat (every column has the same ten): quote each once.
const quotedKeys = new Map<string, string>();
function quoted(key: string): string {
  let text = quotedKeys.get(key);
  if (text === undefined) {
    text = JSON.stringify(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, text);
  }
  return text;
}

function writeValue(value: unknown, indent: string, out: TextChunks, compact: TextChunks | null): void {
  if (value === null || typeof value !== "object" || isLeaf(value)) {
    const text = JSON.stringify(value) ?? "null";
    out.add(text);
    compact?.add(text);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    // Not a leaf, so not empty.
    for (let i = 0; i < value.length; i++) {
      out.add(i === 0 ? `[\n${inner}` : `,\n${inner}`);
      compact?.add(i === 0 ? "[" : ",");
      writeValue(value[i], inner, out, compact);
    }
    out.add(`\n${indent}]`);
    compact?.add("]");
    return;
  }
  let first = true;
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    const name = quoted(key);
    out.add(`${first ? "{" : ","}\n${inner}${name}: `);
    compact?.add(`${first ? "{" : ","}${name}:`);
    first = false;
    writeValue(v, inner, out, compact);
  }
  out.add(`\n${indent}}`);
  compact?.add("}");
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
  const known = value !== null && typeof value === "object" ? fingerprints.get(value) : undefined;
  if (known) return known;
  const hash = createHash("sha256");
  hashCompactJson(value, (text) => hash.update(text), 2);
  return rememberFingerprint(value, `sha256:${hash.digest("hex")}`);
}

/**
 * In one pass, fingerprintOfSorted(value) and the fingerprint of a copy of `value` whose
 * `value[outer][inner]` is `replacement` (say, a store's content without its database name): the JSON
 * text is made once and fed to two hashes, which cost far less than making it twice.
 */
export function fingerprintWithVariant(
  value: Readonly<Record<string, unknown>>,
  outer: string,
  inner: string,
  replacement: unknown,
): { readonly fingerprint: string; readonly variant: string } {
  const member = value[outer];
  if (member === null || typeof member !== "object" || Array.isArray(member) || !(inner in member)) {
    return { fingerprint: fingerprintOfSorted(value), variant: fingerprintOf({ ...value, [outer]: { ...(member as object), [inner]: replacement } }) };
  }
  const own = createHash("sha256");
  const other = createHash("sha256");
  const both = (text: string) => {
    own.update(text);
    other.update(text);
  };
  // The same pieces fingerprintOfSorted() hashes, except that `outer` (small: a database's few fields)
  // goes whole to each hash in its own version.
  both("{");
  let first = true;
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (v === undefined || typeof v === "function" || typeof v === "symbol") continue;
    both(first ? `${JSON.stringify(key)}:` : `,${JSON.stringify(key)}:`);
    first = false;
    if (key !== outer) {
      hashCompactJson(v, both, 1);
    } else {
      own.update(JSON.stringify(v));
      other.update(JSON.stringify({ ...(v as object), [inner]: replacement }));
    }
  }
  both("}");
  const known = fingerprints.get(value);
  const fingerprint = known ?? rememberFingerprint(value, `sha256:${own.digest("hex")}`);
  return { fingerprint, variant: `sha256:${other.digest("hex")}` };
}

/** The fingerprint already computed for a frozen value, if any (without computing it). */
export function knownFingerprint(value: unknown): string | undefined {
  return value !== null && typeof value === "object" ? fingerprints.get(value) : undefined;
}

// Fingerprints of frozen values, computed once: a frozen value cannot change, so neither can its hash.
const fingerprints = new WeakMap<object, string>();

/**
 * Records a fingerprint computed elsewhere (the snapshot writer hashes while it writes), so a later
 * fingerprintOfSorted() of the same value costs nothing. Kept only for frozen values.
 */
export function rememberFingerprint(value: unknown, fingerprint: string): string {
  if (value !== null && typeof value === "object" && Object.isFrozen(value)) fingerprints.set(value, fingerprint);
  return fingerprint;
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
