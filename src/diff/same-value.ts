/**
 * Deep equality of snapshot data: plain objects, arrays and JSON scalars. Two captures of one store give
 * equal entities almost everywhere; telling that once lets rules skip pairs they would find no difference in.
 *
 * Strict on purpose: a member present on one side only (even as `undefined`) or a NaN makes values
 * unequal. A false "unequal" only costs a rule's ordinary comparison; a false "equal" would hide a finding.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameMember(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  // for...in over plain data sees exactly the own keys, and allocates no key arrays for the tens of
  // thousands of entities compared. Equal key counts plus every key of x equal in y means the same keys.
  let keys = 0;
  for (const key in x) {
    const v = x[key];
    const w = y[key];
    if (v === w) {
      if (v === undefined && !(key in y)) return false;
    } else if (typeof v !== "object" || !sameValue(v, w)) return false;
    keys++;
  }
  for (const key in y) keys--;
  return keys === 0;
}

/** Most members are scalars: comparing them here saves a call for each. */
function sameMember(a: unknown, b: unknown): boolean {
  return a === b ? true : typeof a === "object" && sameValue(a, b);
}
