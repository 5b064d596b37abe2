/**
 * Freezes a plain-data value and everything in it. Snapshots are frozen once when they come into being
 * (captured or read from a file), so no reader of one can change what another reader sees.
 */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    Object.freeze(value);
    if (Array.isArray(value)) {
      for (const v of value) if (v && typeof v === "object") deepFreeze(v);
    } else {
      for (const key in value) {
        const v = (value as Record<string, unknown>)[key];
        if (v && typeof v === "object") deepFreeze(v);
      }
    }
  }
  return value;
}
