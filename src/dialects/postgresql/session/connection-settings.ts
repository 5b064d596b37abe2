import { readFileSync, statSync } from "node:fs";
import { homedir, userInfo } from "node:os";
import { join } from "node:path";
import type { ConnectionOptions } from "node:tls";
import { InputError } from "../../../errors.js";
import { redactUrl, registerSecret } from "../../../model/redact.js";

/** libpq's sslmode values, weakest first. */
export const SSL_MODES = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"] as const;
export type SslMode = (typeof SSL_MODES)[number];

/**
 * One way to try the connection: without TLS, or with TLS and these options. `allow` and `prefer` have
 * two, tried in libpq's order; every other mode has one.
 */
export type TransportAttempt = { readonly tls: false } | { readonly tls: true; readonly options: ConnectionOptions; readonly verify: "none" | "ca" | "full" };

/** What a URL plus the PG* environment variables say, resolved the way libpq resolves them. */
export interface ConnectionSettings {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
  /** From the URL, PGPASSWORD or the password file; undefined when none of them has one. */
  readonly password: string | undefined;
  readonly applicationName: string | undefined;
  readonly options: string | undefined;
  readonly sslmode: SslMode;
  /** The root certificate file in use ("system" for the system's trusted roots), or null when none exists. */
  readonly sslrootcert: string | null;
  readonly attempts: readonly TransportAttempt[];
}

/**
 * Reads a postgres:// URL as libpq does, with the PG* variables filling in what it leaves out, and builds
 * the TLS options from libpq's meaning of sslmode, sslrootcert, sslcert and sslkey. The driver's own
 * connection-string parser is not used: it gives sslmode other meanings (require verifies the
 * certificate) and prints a multi-line warning for the libpq ones.
 *
 * Mistakes the user can fix (an unknown sslmode, a missing root certificate for verify-ca/verify-full, a
 * key file others can read) are InputErrors (exit 2), each one line naming the fix.
 */
export function connectionSettings(url: string, env: NodeJS.ProcessEnv = process.env): ConnectionSettings {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(`bad PostgreSQL URL: ${redactUrl(url)}`);
  }
  const q = parsed.searchParams;
  const param = (name: string): string | undefined => {
    const value = q.get(name);
    return value === null || value === "" ? undefined : value;
  };
  const fromEnv = (name: string): string | undefined => (env[name] === undefined || env[name] === "" ? undefined : env[name]);
  if (param("ssl") !== undefined) {
    throw new InputError(`"ssl=${param("ssl")}" in the URL is node-postgres's, not libpq's: use sslmode=require (TLS) or sslmode=verify-full (TLS, certificate checked)`);
  }

  const urlHost = decodeURIComponent(parsed.hostname.replace(/^\[(.+)\]$/, "$1"));
  const host = param("host") ?? (urlHost || undefined) ?? fromEnv("PGHOST") ?? "localhost";
  const portText = param("port") ?? (parsed.port || undefined) ?? fromEnv("PGPORT") ?? "5432";
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new InputError(`bad port "${portText}" for ${redactUrl(url)}`);
  const user = param("user") ?? (parsed.username ? decodeURIComponent(parsed.username) : undefined) ?? fromEnv("PGUSER") ?? osUser(env);
  const path = parsed.pathname.replace(/^\//, "");
  const database = param("dbname") ?? (path ? decodeURIComponent(path) : undefined) ?? fromEnv("PGDATABASE") ?? user;
  const explicitPassword = param("password") ?? (parsed.password ? decodeURIComponent(parsed.password) : undefined) ?? fromEnv("PGPASSWORD");
  const password = explicitPassword ?? passwordFromFile(env, host, port, database, user);
  registerSecret(password);
  registerSecret(param("sslpassword"));

  const modeText = param("sslmode") ?? fromEnv("PGSSLMODE");
  if (modeText !== undefined && !(SSL_MODES as readonly string[]).includes(modeText)) {
    const pgOnly = modeText === "no-verify" ? ` ("no-verify" is node-postgres's name for libpq's "require")` : "";
    throw new InputError(`invalid sslmode "${modeText}"${pgOnly}: use disable, allow, prefer, require, verify-ca or verify-full`);
  }
  const home = env.HOME || homedir();
  const rootParam = param("sslrootcert") ?? fromEnv("PGSSLROOTCERT");
  // sslrootcert=system means the operating system's trusted roots, and only makes sense with the host
  // name checked too: libpq 16 then defaults to verify-full and refuses anything weaker.
  if (rootParam === "system" && modeText !== undefined && modeText !== "verify-full") {
    throw new InputError(`sslmode=${modeText} may not be used with sslrootcert=system: use sslmode=verify-full`);
  }
  const sslmode: SslMode = (modeText as SslMode | undefined) ?? (rootParam === "system" ? "verify-full" : "prefer");
  const rootFile = rootParam ?? join(home, ".postgresql", "root.crt");
  const rootExists = rootParam === "system" || fileExists(rootFile);
  const verifying = sslmode === "verify-ca" || sslmode === "verify-full";
  if (verifying && !rootExists) {
    throw new InputError(
      `sslmode=${sslmode} needs the CA that signed the server's certificate, and root certificate file "${rootFile}" does not exist: ` +
        `give sslrootcert=/path/to/ca.crt (or PGSSLROOTCERT), sslrootcert=system for the system's trusted roots, or sslmode=require to skip verification`,
    );
  }

  // A Unix socket is local: libpq never uses TLS there, whatever sslmode says.
  const unixSocket = host.startsWith("/");
  let attempts: TransportAttempt[];
  let usedRoot: string | null = null;
  if (unixSocket || sslmode === "disable") {
    attempts = [{ tls: false }];
  } else {
    const base: ConnectionOptions = { ...clientCertificate(param, fromEnv, home), passphrase: param("sslpassword") };
    let tls: TransportAttempt;
    // libpq checks the chain whenever a root certificate file exists, even under require (documented) and
    // the modes below it; only verify-full also checks that the certificate names the host.
    if (rootExists) {
      usedRoot = rootParam === "system" ? "system" : rootFile;
      const ca = rootParam === "system" ? undefined : readCertFile(rootFile, "root certificate");
      const full = sslmode === "verify-full";
      tls = {
        tls: true,
        verify: full ? "full" : "ca",
        options: full ? { ...base, ca, rejectUnauthorized: true } : { ...base, ca, rejectUnauthorized: true, checkServerIdentity: () => undefined },
      };
    } else {
      tls = { tls: true, verify: "none", options: { ...base, rejectUnauthorized: false } };
    }
    attempts = sslmode === "allow" ? [{ tls: false }, tls] : sslmode === "prefer" ? [tls, { tls: false }] : [tls];
  }
  return {
    host,
    port,
    user,
    database,
    password,
    applicationName: param("application_name") ?? fromEnv("PGAPPNAME"),
    options: param("options") ?? fromEnv("PGOPTIONS"),
    sslmode,
    sslrootcert: usedRoot,
    attempts,
  };
}

function clientCertificate(
  param: (name: string) => string | undefined,
  fromEnv: (name: string) => string | undefined,
  home: string,
): Pick<ConnectionOptions, "cert" | "key"> {
  const certParam = param("sslcert") ?? fromEnv("PGSSLCERT");
  const keyParam = param("sslkey") ?? fromEnv("PGSSLKEY");
  const certFile = certParam ?? join(home, ".postgresql", "postgresql.crt");
  const keyFile = keyParam ?? join(home, ".postgresql", "postgresql.key");
  // The default files are used when present; a file the user named must exist.
  if (!fileExists(certFile)) {
    if (certParam !== undefined) throw new InputError(`certificate file "${certFile}" (sslcert / PGSSLCERT) does not exist: give the path of the client certificate`);
    return {};
  }
  if (!fileExists(keyFile)) {
    throw new InputError(`certificate "${certFile}" is present but private key file "${keyFile}" is not: give its path with sslkey= or PGSSLKEY`);
  }
  const info = statSync(keyFile);
  // libpq's rule: a key owned by the user may be read by the user only; one owned by root by its group too.
  const tooOpen = info.uid === 0 && process.getuid?.() !== 0 ? (info.mode & 0o037) !== 0 : (info.mode & 0o077) !== 0;
  if (tooOpen) {
    throw new InputError(`private key file "${keyFile}" has group or world access: chmod 0600 it (libpq refuses it too)`);
  }
  return { cert: readCertFile(certFile, "certificate"), key: readCertFile(keyFile, "private key") };
}

function readCertFile(file: string, what: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new InputError(`cannot read ${what} file "${file}": ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function fileExists(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function osUser(env: NodeJS.ProcessEnv): string {
  if (env.USER) return env.USER;
  try {
    return userInfo().username;
  } catch {
    return "postgres";
  }
}

/**
 * The password file (PGPASSFILE, default ~/.pgpass) as libpq reads it: host:port:database:user:password
 * lines, `*` matching anything, `\` escaping `:` and itself; first match wins. Ignored, as by libpq, when
 * group or others may read it.
 */
function passwordFromFile(env: NodeJS.ProcessEnv, host: string, port: number, database: string, user: string): string | undefined {
  const file = env.PGPASSFILE || join(env.HOME || homedir(), ".pgpass");
  let text: string;
  try {
    if ((statSync(file).mode & 0o077) !== 0) return undefined;
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const wanted = [host.startsWith("/") ? "localhost" : host, String(port), database, user];
  for (const line of text.split(/\r?\n/)) {
    if (line === "" || line.startsWith("#")) continue;
    const fields: string[] = [];
    let field = "";
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (c === "\\" && i + 1 < line.length) field += line[++i];
      else if (c === ":" && fields.length < 4) {
        fields.push(field);
        field = "";
      } else field += c;
    }
    fields.push(field);
    if (fields.length !== 5) continue;
    if (wanted.every((value, i) => fields[i] === "*" || fields[i] === value)) return fields[4];
  }
  return undefined;
}
