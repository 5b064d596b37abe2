/**
 * Secrets never leave: every message, label and report passes through here before it is printed or
 * written. Nothing here parses URLs: a generated password holds `/`, `@`, `#`, `?`, `:` or spaces
 * unencoded, and a parser that gives up on it (or reads half of it as the host) must not decide what
 * gets shown. Two layers:
 * - every password met on the way in (command line, environment files, PGPASSWORD) is registered, in
 *   each spelling it can take in output, and masked wherever it appears, even inside a driver's error;
 * - text patterns catch what was never registered: `scheme://user:pass@` up to the token's last `@`,
 *   `password=` in key=value strings and query strings.
 */
const registered = new Set<string>();

/** Remember a secret so redactSecrets() masks it anywhere. Short values are ignored to avoid masking noise. */
export function registerSecret(secret: string | undefined | null): void {
  if (!secret || secret.length < 3) return;
  for (const spelling of spellings(secret)) if (spelling.length >= 3) registered.add(spelling);
}

/** The forms a password takes in output: as is, decoded, percent-encoded (two ways), JSON-escaped. */
function spellings(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret), userinfoEncoded(secret), JSON.stringify(secret).slice(1, -1)]);
  try {
    const decoded = decodeURIComponent(secret);
    forms.add(decoded);
    forms.add(JSON.stringify(decoded).slice(1, -1));
  } catch {
    // Not percent-encoding (a literal `%` in the password): the raw spelling is what gets used.
  }
  return [...forms];
}

/** How the WHATWG URL serialiser (and so anything that re-prints a parsed URL) spells a password. */
function userinfoEncoded(secret: string): string {
  try {
    const url = new URL("x://h");
    url.password = secret;
    return url.password;
  } catch {
    return secret;
  }
}

/**
 * Registers the passwords a word may carry, read without a URL parser: for `scheme://user:pass@host`
 * everything from the first `:` after the scheme's `//` to the word's last `@`, and every `password=`
 * value (to the next `&` and to the end, since `&` may belong to it). Over-reading only masks more.
 */
export function registerUrlSecrets(text: string | undefined, options: { typos?: boolean } = {}): void {
  if (!text) return;
  const starts = [...text.matchAll(/[a-z][a-z0-9+.-]*:\/\//gi)].map((m) => m.index + m[0].length);
  // `postgres:/u:p@h` and `postgres:u:p@h` are typos a user makes too, and get echoed as "unknown store".
  const typo = options.typos === false ? null : /^[a-z][a-z0-9+.-]*:\/{0,3}/i.exec(text);
  if (typo) starts.push(typo[0].length);
  for (const start of starts) {
    const rest = text.slice(start);
    const at = rest.lastIndexOf("@");
    if (at > 0) {
      const userinfo = rest.slice(0, at);
      const colon = userinfo.indexOf(":");
      if (colon !== -1) registerSecret(userinfo.slice(colon + 1));
    }
  }
  for (const match of text.matchAll(/\b(?:password|passwd|pwd)\s*=/gi)) {
    const value = text.slice(match.index + match[0].length);
    registerSecret(value);
    registerSecret(value.split("&")[0]);
    const quoted = /^'((?:[^'\\]|\\.)*)'/.exec(value);
    if (quoted) registerSecret(quoted[1]);
  }
}

// userinfo: the user name stops at `:`, `@`, `/` or space; the password runs to the token's last `@`.
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/]*):(\S*)@/gi;
// The value stops at whitespace, `&` or `;`, and gives back punctuation that ends a sentence (`...: refused`).
const KV_PASSWORD = /\b(password|passwd|pwd)(\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&;]+?(?=[\s&;]|[:,.)"'\]]*(?:\s|$)))/gi;

export function redactSecrets(text: string): string {
  return maskPatterns(maskRegistered(text));
}

/**
 * Every occurrence of every registered spelling is found in the original text first and the covered
 * ranges merged, then masked: secrets that overlap (a password and a longer over-read around it) must
 * not mask each other in pieces and leave the rest of one in clear.
 */
function maskRegistered(text: string): string {
  const ranges: [number, number][] = [];
  for (const secret of registered) {
    for (let at = text.indexOf(secret); at !== -1; at = text.indexOf(secret, at + 1)) ranges.push([at, at + secret.length]);
  }
  if (ranges.length === 0) return text;
  ranges.sort((a, b) => a[0] - b[0]);
  let out = "";
  let position = 0;
  let [start, end] = ranges[0]!;
  for (const [s, e] of ranges.slice(1)) {
    if (s <= end) {
      end = Math.max(end, e);
      continue;
    }
    out += `${text.slice(position, start)}***`;
    position = end;
    [start, end] = [s, e];
  }
  return `${out}${text.slice(position, start)}***${text.slice(end)}`;
}

function maskPatterns(text: string): string {
  return text.replace(URL_PASSWORD, "$1:***@").replace(KV_PASSWORD, "$1$2***");
}

/**
 * A URL safe to show: password replaced, everything else kept so the user recognises the store. The
 * whole string is the URL, so its userinfo ends at its last `@` wherever spaces or other `@`s fall.
 */
export function redactUrl(url: string): string {
  registerUrlSecrets(url);
  // Registered spellings first: they cover a password that holds `@` or sits in the query string.
  let out = maskRegistered(url);
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(out);
  if (scheme) {
    const rest = out.slice(scheme[0].length);
    const at = rest.lastIndexOf("@");
    const colon = rest.indexOf(":");
    if (at > 0 && colon !== -1 && colon < at) out = `${scheme[0]}${rest.slice(0, colon)}:***@${rest.slice(at + 1)}`;
  }
  return maskPatterns(out);
}

/**
 * Every string inside a value redacted: the last line of defence before a report, page, file or webhook
 * leaves, whatever a rule or a driver put in a message.
 */
export function redactDeep<T>(value: T): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return redactSecrets(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
