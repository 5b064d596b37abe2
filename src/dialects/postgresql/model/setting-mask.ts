import { scryptSync } from "node:crypto";

/**
 * Settings whose names look like they hold a credential: `ALTER ROLE writer SET app.api_password = ...`,
 * a function's `SET app.token = ...`, a connection string with a password in it. Custom settings are
 * named freely, so this is a pattern over the name's words, erring towards masking: a masked value
 * that was no secret only loses its text, while a secret in clear leaks from every snapshot and report.
 */
const CREDENTIAL_WORD =
  /(pass(word|wd|phrase)?|pwd|secret|token|credential|api[_-]?key|private[_-]?key|access[_-]?key|(^|[._-])key([._-]|$)|_key$|auth|conninfo|dsn|cookie|session[_-]?id|signature|salt|cert)/i;

export const MASK_PREFIX = "masked:scrypt16:";

export function looksLikeCredential(name: string): boolean {
  return CREDENTIAL_WORD.test(name);
}

export function isMasked(value: string): boolean {
  return value.startsWith(MASK_PREFIX);
}

const cache = new Map<string, string>();

/**
 * The value as stored in snapshots and shown in reports when its name looks like a credential: a 16-bit
 * tag of scrypt over the value, salted with the setting's name. Equal values give equal tags, so a
 * changed credential is still seen (a change goes unnoticed once in 65 536); 16 bits is far too little
 * to single a password out (a list of a million weak passwords leaves ~15 candidates per tag, each
 * costing a 16 MiB scrypt to try), so the value cannot be read back from a file. Other values pass through.
 */
export function maskSettingValue(name: string, value: string): string {
  if (!looksLikeCredential(name) || isMasked(value)) return value;
  const key = `${name.toLowerCase()}\u0000${value}`;
  let masked = cache.get(key);
  if (masked === undefined) {
    const tag = scryptSync(value, `driftgate-setting:${name.toLowerCase()}`, 2, { N: 1 << 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
    masked = `${MASK_PREFIX}${tag.toString("hex")}`;
    // Bounded: the cache only spares recomputing the same few credentials when both sides are judged.
    if (cache.size < 256) cache.set(key, masked);
  }
  return masked;
}

/** "name=value" as in pg_db_role_setting.setconfig and pg_proc.proconfig, with the value masked if need be. */
export function maskSettingEntry(entry: string): string {
  const eq = entry.indexOf("=");
  if (eq < 0) return entry;
  const name = entry.slice(0, eq);
  return `${name}=${maskSettingValue(name, entry.slice(eq + 1))}`;
}
