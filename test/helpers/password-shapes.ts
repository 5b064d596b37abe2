import { expect } from "vitest";

/** Every printable ASCII character, space included: what password generators draw from. */
export const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join("");

/** A small deterministic PRNG (mulberry32): the same passwords on every run, so a failure reproduces. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 10-24 printable characters with at least one of the URL delimiters a generator produces and parsers
 * trip on. No leading/trailing space: a shell would not keep it either, and neither does a config file.
 */
export function randomPassword(random: () => number): string {
  const length = 10 + Math.floor(random() * 15);
  const chars = Array.from({ length }, () => PRINTABLE[Math.floor(random() * PRINTABLE.length)]!);
  const delimiters = "/@#?:%& '\"";
  chars[Math.floor(random() * length)] = delimiters[Math.floor(random() * delimiters.length)]!;
  return chars.join("").trim().padEnd(10, "x");
}

export interface UrlShape {
  readonly name: string;
  readonly url: string;
}

/** One password in every way a URL can carry it, well-formed or not. */
export function urlShapes(password: string, host = "127.0.0.1:9"): UrlShape[] {
  const encoded = encodeURIComponent(password);
  return [
    { name: "user:pass@ unencoded", url: `postgres://app:${password}@${host}/meta` },
    { name: "user:pass@ percent-encoded", url: `postgresql://app:${encoded}@${host}/meta` },
    { name: "?password= unencoded", url: `postgres://app@${host}/meta?sslmode=disable&password=${password}` },
    { name: "?password= percent-encoded, more after", url: `postgres://${host}/meta?password=${encoded}&application_name=x` },
    { name: "malformed: no host", url: `postgres://app:${password}@` },
    { name: "malformed: bad port", url: `postgres://app:${password}@${host.split(":")[0]}:port/meta` },
    { name: "malformed: one slash", url: `postgres:/app:${password}@${host}/meta` },
  ];
}

/** No piece of 6 characters or more of the password survives (a whole one, or the half after a `/`). */
export function expectNoPiece(text: string, password: string): void {
  for (let i = 0; i + 6 <= password.length; i += 1) {
    const piece = password.slice(i, i + 6);
    expect(text.includes(piece), `piece ${JSON.stringify(piece)} of ${JSON.stringify(password)} in ${JSON.stringify(text)}`).toBe(false);
  }
}
