/**
 * Secrets never leave: every message, label and report passes through here before it is printed or
 * written. Passwords are removed from anything URL-shaped, from key=value connection strings, and any
 * password registered at runtime (e.g. one read from an environment variable) is masked wherever it
 * appears, even inside a driver's error text.
 */
const registered = new Set<string>();

/** Remember a secret so redactSecrets() masks it anywhere. Short values are ignored to avoid masking noise. */
export function registerSecret(secret: string | undefined | null): void {
  if (secret && secret.length >= 3) registered.add(secret);
}

const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):([^\s@/]*)@/gi;
const KV_PASSWORD = /\b(password|passwd|pwd)\s*=\s*('(?:[^'\\]|\\.)*'|[^\s&;]+)/gi;
const QUERY_PASSWORD = /([?&]password=)[^&\s]*/gi;

export function redactSecrets(text: string): string {
  let out = text.replace(URL_PASSWORD, "$1:***@").replace(KV_PASSWORD, "$1=***").replace(QUERY_PASSWORD, "$1***");
  for (const secret of registered) {
    out = out.split(secret).join("***");
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join("***");
  }
  return out;
}

/** A URL safe to show: password replaced, everything else kept so the user recognises the store. */
export function redactUrl(url: string): string {
  return redactSecrets(url);
}
