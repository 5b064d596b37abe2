import { execFile, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { appendFile, chmod, chown, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);

/**
 * A second PostgreSQL cluster that a test file starts for itself: password (SCRAM) authentication, and
 * optionally TLS with a CA and certificates made here with openssl. Where the machine has no initdb,
 * `clusterUnavailable` says why and the tests that need it are skipped with that reason.
 */
export interface TestCluster {
  readonly port: number;
  readonly tls: boolean;
  /** Files of the CA that signed the server certificate (and the client certificate). */
  readonly caFile: string;
  /** A CA that signed nothing here: verification against it must fail. */
  readonly otherCaFile: string;
  /** A client certificate and key for `certUser`, signed by caFile (only `cert` authentication lets that role in). */
  readonly clientCertFile: string;
  readonly clientKeyFile: string;
  /** A role with a password, and one that may log in over TLS with a client certificate only. */
  readonly user: string;
  readonly password: string;
  readonly certUser: string;
  /** postgres://user:password@host:port/postgres plus query parameters; host defaults to 127.0.0.1. */
  url(options?: { user?: string; password?: string | null; host?: string; params?: Record<string, string> }): string;
  /** Runs SQL as the superuser, over the cluster's own Unix socket (no TLS, no password). */
  exec(sql: string): Promise<void>;
  stop(): Promise<void>;
}

const BIN_DIRS = ["/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/14/bin"];

function findBinDir(): string | null {
  for (const dir of BIN_DIRS) if (existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl"))) return dir;
  for (const dir of (process.env.PATH ?? "").split(":")) if (dir && existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl"))) return dir;
  return null;
}

const binDir = findBinDir();

/** Why a test cluster cannot be started here, or null when it can. */
export const clusterUnavailable: string | null = binDir
  ? process.getuid?.() === 0 && !(await userExists("postgres"))
    ? "running as root and there is no `postgres` OS user to run initdb as"
    : null
  : `no initdb/pg_ctl found (looked in ${BIN_DIRS.join(", ")} and PATH): install the PostgreSQL server package`;

async function userExists(name: string): Promise<boolean> {
  try {
    await run("id", ["-u", name]);
    return true;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function openssl(args: string[], cwd: string): Promise<void> {
  await run("openssl", args, { cwd });
}

/** A CA, a server certificate for `localhost` only (so 127.0.0.1 fails verify-full), a client certificate and an unrelated CA. */
async function makeCertificates(dir: string, certUser: string): Promise<void> {
  const days = "2";
  // Elliptic-curve keys: generated in milliseconds where RSA takes seconds on a busy machine.
  const KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"];
  await openssl(["req", "-x509", ...KEY, "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", days, "-subj", "/CN=driftgate test CA"], dir);
  await openssl(["req", "-x509", ...KEY, "-nodes", "-keyout", "other-ca.key", "-out", "other-ca.crt", "-days", days, "-subj", "/CN=driftgate other CA"], dir);
  await writeFile(join(dir, "server.ext"), "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n");
  await openssl(["req", ...KEY, "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"], dir);
  await openssl(
    ["x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt", "-days", days, "-extfile", "server.ext"],
    dir,
  );
  await openssl(["req", ...KEY, "-nodes", "-keyout", "client.key", "-out", "client.csr", "-subj", `/CN=${certUser}`], dir);
  await openssl(["x509", "-req", "-in", "client.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "client.crt", "-days", days], dir);
  // libpq (and driftgate) refuse a private key others can read.
  await chmod(join(dir, "client.key"), 0o600);
}

/**
 * Starts a cluster in a fresh temporary folder on a free port: initdb as the `postgres` OS user when run
 * as root, fsync off and small buffers so it starts in about a second. Call stop() in afterAll: it
 * stops the server and removes the folder.
 */
export async function startTestCluster(options: { tls?: boolean } = {}): Promise<TestCluster> {
  if (clusterUnavailable || !binDir) throw new Error(`cannot start a test cluster: ${clusterUnavailable}`);
  const tls = options.tls ?? true;
  const root = await mkdtemp(join(tmpdir(), "driftgate-cluster-"));
  const asRoot = process.getuid?.() === 0;
  const data = join(root, "data");
  const certs = join(root, "certs");
  await mkdir(certs);
  await chmod(root, 0o755);
  const user = "dg_password_user";
  const password = `pw-${randomBytes(9).toString("base64url")}`;
  const certUser = "dg_cert_user";
  const superPassword = randomBytes(12).toString("hex");
  await makeCertificates(certs, certUser);
  const pwfile = join(root, "superpw");
  await writeFile(pwfile, `${superPassword}\n`);
  const as = async (command: string, args: string[]) => {
    if (asRoot) await run("runuser", ["-u", "postgres", "--", join(binDir, command), ...args], { cwd: root });
    else await run(join(binDir, command), args, { cwd: root });
  };
  if (asRoot) {
    await chown(root, uidOf("postgres"), gidOf("postgres"));
    await chown(pwfile, uidOf("postgres"), gidOf("postgres"));
    // The server reads its key as `postgres`, which must own it and nobody else read it.
    for (const file of ["server.key", "server.crt", "ca.crt"]) await chown(join(certs, file), uidOf("postgres"), gidOf("postgres"));
  }
  await chmod(join(certs, "server.key"), 0o600);
  await as("initdb", ["-D", data, "-U", "postgres", "-A", "scram-sha-256", "--auth-local=trust", `--pwfile=${pwfile}`, "--no-sync", "-E", "UTF8", "--locale=C"]);
  const port = await freePort();
  const conf = [
    `port = ${port}`,
    "listen_addresses = 'localhost'",
    `unix_socket_directories = '${root}'`,
    "fsync = off",
    "synchronous_commit = off",
    "full_page_writes = off",
    "shared_buffers = 16MB",
    "max_connections = 30",
    "max_wal_senders = 0",
    "wal_level = minimal",
    "autovacuum = off",
    `ssl = ${tls ? "on" : "off"}`,
    `ssl_cert_file = '${join(certs, "server.crt")}'`,
    `ssl_key_file = '${join(certs, "server.key")}'`,
    `ssl_ca_file = '${join(certs, "ca.crt")}'`,
  ];
  // Root may write the files initdb made: they keep their owner, postgres.
  await appendFile(join(data, "postgresql.conf"), `\n${conf.join("\n")}\n`);
  const hba = [
    "local all all trust",
    `hostssl all ${certUser} 127.0.0.1/32 cert`,
    `hostssl all ${certUser} ::1/128 cert`,
    `host all ${certUser} 0.0.0.0/0 reject`,
    "host all all 127.0.0.1/32 scram-sha-256",
    "host all all ::1/128 scram-sha-256",
  ];
  await writeFile(join(data, "pg_hba.conf"), `${hba.join("\n")}\n`);
  await as("pg_ctl", ["-D", data, "-l", join(root, "server.log"), "-w", "-t", "30", "start"]);

  const exec = async (sql: string) => {
    const client = new pg.Client({ host: root, port, user: "postgres", database: "postgres" });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await exec(`CREATE ROLE ${user} LOGIN PASSWORD '${password}'; CREATE ROLE ${certUser} LOGIN; CREATE TABLE public.items (id int PRIMARY KEY, doc jsonb);`);
  let stopped = false;
  return {
    port,
    tls,
    caFile: join(certs, "ca.crt"),
    otherCaFile: join(certs, "other-ca.crt"),
    clientCertFile: join(certs, "client.crt"),
    clientKeyFile: join(certs, "client.key"),
    user,
    password,
    certUser,
    url(o = {}) {
      const who = o.user ?? user;
      const pass = o.password === undefined ? password : o.password;
      const auth = pass === null ? encodeURIComponent(who) : `${encodeURIComponent(who)}:${encodeURIComponent(pass)}`;
      const query = new URLSearchParams(o.params ?? {}).toString();
      return `postgres://${auth}@${o.host ?? "127.0.0.1"}:${port}/postgres${query ? `?${query}` : ""}`;
    },
    exec,
    async stop() {
      if (stopped) return;
      stopped = true;
      await as("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => undefined);
      await rm(root, { recursive: true, force: true });
    },
  };
}

function uidOf(name: string): number {
  return Number(idOutput(name, "-u"));
}
function gidOf(name: string): number {
  return Number(idOutput(name, "-g"));
}
const idCache = new Map<string, string>();
function idOutput(name: string, flag: string): string {
  const key = `${name}${flag}`;
  let value = idCache.get(key);
  if (value === undefined) {
    value = String(execFileSync("id", [flag, name])).trim();
    idCache.set(key, value);
  }
  return value;
}
