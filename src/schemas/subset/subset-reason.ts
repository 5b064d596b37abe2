/**
 * One way a value accepted by the left schema may be rejected by the right one. `values` is a noun phrase
 * naming those values ("strings longer than 100 characters"), so callers can say "no longer accepts …"
 * (compat) or "the table rejects …" (fit).
 */
export interface SubsetReason {
  /** Where in the document, as a JSON Pointer; "*" stands for any array index or any other property name. */
  readonly path: string;
  /** The right-hand keyword that rejects the values ("enum", "maxLength", "type", "required", ...). */
  readonly keyword: string;
  /** The values concerned, as a readable noun phrase. */
  readonly values: string;
  /** The keyword's value on each side, as text, when there is one to show ("200" -> "100"). */
  readonly left?: string;
  readonly right?: string;
  /**
   * true when driftgate found a value the left accepts and the right rejects (shown in `example`); false
   * when it could not prove either way, which callers must treat as a narrowing, never as a pass.
   */
  readonly certain: boolean;
  /** For an uncertain reason: why driftgate could not decide. */
  readonly why?: string;
  readonly example?: unknown;
}

/** A value as short JSON, for the `values` phrases. */
export function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A property name as one JSON Pointer segment. */
export function pointer(name: string): string {
  return name.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** One reason per place, keyword and values; a certain one wins over an uncertain one for the same thing. */
export function dedupe(reasons: SubsetReason[]): SubsetReason[] {
  const seen = new Map<string, SubsetReason>();
  for (const r of reasons) {
    const key = `${r.path}\u0000${r.keyword}\u0000${r.values}`;
    const existing = seen.get(key);
    if (!existing || (r.certain && !existing.certain)) seen.set(key, r);
  }
  return [...seen.values()];
}
