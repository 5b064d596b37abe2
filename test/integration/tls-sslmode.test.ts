/**
 * sslmode, sslrootcert, sslcert and sslkey mean what they mean to libpq, from the URL and from the PG*
 * variables, proved against two real clusters this file starts: one with TLS (a CA and certificates made
 * here, the server's naming `localhost` only) and one without.
 */
import { copyFile, chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DriftgateError } from "../../src/errors.js";
import { connectServer } from "../../src/dialects/postgresql/session/server-session.js";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";
import { clusterUnavailable, startTestCluster, type TestCluster } from "../helpers/test-cluster.js";

describe.skipIf(clusterUnavailable)(`sslmode as libpq means it${clusterUnavailable ? ` (skipped: ${clusterUnavailable})` : ""}`, () => {
  let tls: TestCluster;
  let plain: TestCluster;
  let home: string;
  // A HOME without ~/.postgresql and no PG* variables: only what each case gives is in play.
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    [tls, plain] = await Promise.all([startTestCluster({ tls: true }), startTestCluster({ tls: false })]);
    home = await mkdtemp(join(tmpdir(), "driftgate-home-"));
    env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("PG")));
    env.HOME = home;
  });
  afterAll(async () => {
    await Promise.all([tls?.stop(), plain?.stop()]);
    if (home) await rm(home, { recursive: true, force: true });
  });

  /** Connects, and says whether the session runs over TLS; or the error's one line. */
  async function attempt(url: string, extra: NodeJS.ProcessEnv = {}): Promise<"tls" | "plain" | { error: string; exitCode: number }> {
    try {
      const session = await connectServer(url, { env: { ...env, ...extra }, retries: 0, connectTimeoutMs: 5_000 });
      try {
        const [row] = await session.query<{ ssl: boolean }>("SELECT ssl FROM pg_catalog.pg_stat_ssl WHERE pid = pg_catalog.pg_backend_pid()");
        return row?.ssl ? "tls" : "plain";
      } finally {
        await session.close();
      }
    } catch (error) {
      if (!(error instanceof DriftgateError)) throw error;
      return { error: error.message, exitCode: error.exitCode };
    }
  }

  const mode = (c: TestCluster, sslmode: string, params: Record<string, string> = {}, host?: string) =>
    c.url({ host, params: { sslmode, ...params } });

  it("disable never uses TLS; allow starts without it; prefer uses it when offered and falls back when not", async () => {
    expect(await attempt(mode(tls, "disable"))).toBe("plain");
    expect(await attempt(mode(plain, "disable"))).toBe("plain");
    expect(await attempt(mode(tls, "allow"))).toBe("plain");
    expect(await attempt(mode(plain, "allow"))).toBe("plain");
    expect(await attempt(mode(tls, "prefer"))).toBe("tls");
    expect(await attempt(mode(plain, "prefer"))).toBe("plain");
    // No sslmode at all is libpq's default, prefer.
    expect(await attempt(tls.url())).toBe("tls");
    expect(await attempt(plain.url())).toBe("plain");
  });

  it("allow goes on to TLS when the server refuses the connection without it", async () => {
    const url = tls.url({ user: tls.certUser, password: null, host: "localhost", params: { sslmode: "allow", sslcert: tls.clientCertFile, sslkey: tls.clientKeyFile } });
    expect(await attempt(url)).toBe("tls");
  });

  it("require encrypts without checking the certificate (self-signed CA), and fails on a server without TLS naming the fix", async () => {
    expect(await attempt(mode(tls, "require"))).toBe("tls");
    const refused = await attempt(mode(plain, "require"));
    expect(refused).toEqual({
      exitCode: 3,
      error: expect.stringMatching(/^cannot connect to postgres:\/\/.*: the server does not accept TLS connections and sslmode=require demands TLS: use sslmode=prefer \(or disable\) to connect without it$/),
    });
  });

  it("require with a root certificate given checks the chain, as libpq does (verify-ca)", async () => {
    expect(await attempt(mode(tls, "require", { sslrootcert: tls.caFile }))).toBe("tls");
    const wrong = await attempt(mode(tls, "require", { sslrootcert: tls.otherCaFile }));
    expect(wrong).toMatchObject({ exitCode: 3, error: expect.stringContaining("not signed by a CA in root certificate file") });
  });

  it("verify-ca checks the CA but not the host name; verify-full checks both", async () => {
    expect(await attempt(mode(tls, "verify-ca", { sslrootcert: tls.caFile }))).toBe("tls");
    expect(await attempt(mode(tls, "verify-ca", { sslrootcert: tls.caFile }, "localhost"))).toBe("tls");
    const wrongCa = await attempt(mode(tls, "verify-ca", { sslrootcert: tls.otherCaFile }));
    expect(wrongCa).toMatchObject({
      exitCode: 3,
      error: expect.stringMatching(/: the server's certificate is not signed by a CA in root certificate file ".*other-ca\.crt" \(.*\) and sslmode=verify-ca checks it: give the CA that signed it with sslrootcert= or PGSSLROOTCERT, or use sslmode=require to skip verification$/),
    });

    expect(await attempt(mode(tls, "verify-full", { sslrootcert: tls.caFile }, "localhost"))).toBe("tls");
    const mismatch = await attempt(mode(tls, "verify-full", { sslrootcert: tls.caFile }, "127.0.0.1"));
    expect(mismatch).toMatchObject({
      exitCode: 3,
      error: expect.stringMatching(/: the server's certificate does not name host "127\.0\.0\.1" \(.*\) and sslmode=verify-full checks that: connect with a host name the certificate names, or use sslmode=verify-ca to check the CA only$/),
    });
    expect(await attempt(mode(tls, "verify-full", { sslrootcert: tls.otherCaFile }, "localhost"))).toMatchObject({ exitCode: 3 });
  });

  it("verify-ca and verify-full against a server without TLS fail, never fall back", async () => {
    for (const m of ["verify-ca", "verify-full"]) {
      expect(await attempt(mode(plain, m, { sslrootcert: tls.caFile }, "localhost"))).toMatchObject({
        exitCode: 3,
        error: expect.stringContaining(`does not accept TLS connections and sslmode=${m} demands TLS`),
      });
    }
  });

  it("verify-ca / verify-full without any root certificate is bad input naming the fix, before connecting", async () => {
    for (const m of ["verify-ca", "verify-full"]) {
      expect(await attempt(mode(tls, m))).toEqual({
        exitCode: 2,
        error: `sslmode=${m} needs the CA that signed the server's certificate, and root certificate file "${join(home, ".postgresql", "root.crt")}" does not exist: give sslrootcert=/path/to/ca.crt (or PGSSLROOTCERT), sslrootcert=system for the system's trusted roots, or sslmode=require to skip verification`,
      });
    }
    expect(await attempt(mode(tls, "verify-please"))).toEqual({
      exitCode: 2,
      error: 'invalid sslmode "verify-please": use disable, allow, prefer, require, verify-ca or verify-full',
    });
    expect(await attempt(tls.url({ params: { ssl: "true" } }))).toMatchObject({ exitCode: 2, error: expect.stringContaining("use sslmode=require") });
  });

  it("PGSSLMODE and PGSSLROOTCERT count as the URL's parameters do, and the URL wins over them", async () => {
    expect(await attempt(tls.url(), { PGSSLMODE: "disable" })).toBe("plain");
    expect(await attempt(tls.url(), { PGSSLMODE: "require" })).toBe("tls");
    expect(await attempt(plain.url(), { PGSSLMODE: "require" })).toMatchObject({ exitCode: 3 });
    expect(await attempt(tls.url({ host: "localhost" }), { PGSSLMODE: "verify-full", PGSSLROOTCERT: tls.caFile })).toBe("tls");
    expect(await attempt(tls.url({ host: "localhost" }), { PGSSLMODE: "verify-full", PGSSLROOTCERT: tls.otherCaFile })).toMatchObject({ exitCode: 3 });
    expect(await attempt(mode(tls, "disable"), { PGSSLMODE: "verify-full", PGSSLROOTCERT: tls.otherCaFile })).toBe("plain");
  });

  it("~/.postgresql/root.crt is used when present, as libpq does", async () => {
    const { mkdir } = await import("node:fs/promises");
    await mkdir(join(home, ".postgresql"), { recursive: true });
    await copyFile(tls.caFile, join(home, ".postgresql", "root.crt"));
    try {
      expect(await attempt(mode(tls, "verify-full", {}, "localhost"))).toBe("tls");
      await copyFile(tls.otherCaFile, join(home, ".postgresql", "root.crt"));
      expect(await attempt(mode(tls, "require"))).toMatchObject({ exitCode: 3 });
    } finally {
      await rm(join(home, ".postgresql"), { recursive: true, force: true });
    }
  });

  it("sslcert and sslkey (URL or PGSSLCERT/PGSSLKEY) log in a role that only certificate authentication admits", async () => {
    const certUrl = (params: Record<string, string>) =>
      tls.url({ user: tls.certUser, password: null, host: "localhost", params: { sslmode: "verify-full", sslrootcert: tls.caFile, ...params } });
    expect(await attempt(certUrl({ sslcert: tls.clientCertFile, sslkey: tls.clientKeyFile }))).toBe("tls");
    expect(await attempt(certUrl({}), { PGSSLCERT: tls.clientCertFile, PGSSLKEY: tls.clientKeyFile })).toBe("tls");
    // Without the certificate the server refuses: one line, exit 3.
    expect(await attempt(certUrl({}))).toMatchObject({ exitCode: 3, error: expect.stringMatching(/^cannot connect to .*certificate/) });
    // A key others may read is refused before connecting, as libpq refuses it.
    const open = join(home, "open.key");
    await copyFile(tls.clientKeyFile, open);
    await chmod(open, 0o644);
    expect(await attempt(certUrl({ sslcert: tls.clientCertFile, sslkey: open }))).toEqual({
      exitCode: 2,
      error: `private key file "${open}" has group or world access: chmod 0600 it (libpq refuses it too)`,
    });
    expect(await attempt(certUrl({ sslcert: join(home, "missing.crt") }))).toMatchObject({ exitCode: 2, error: expect.stringContaining("does not exist") });
  });

  it("the CLI: sslmode=require against a server without TLS prints one line and no driver warning; against TLS it snapshots", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on("warning", onWarning);
    try {
      const refused = await runCliInProcess(["snapshot", mode(plain, "require")], { env });
      expect(refused.code).toBe(3);
      expect(refused.stdout).toBe("");
      expect(refused.stderr.split("\n")).toHaveLength(2);
      expect(refused.stderr).toMatch(/^driftgate: cannot connect to .*sslmode=require demands TLS: use sslmode=prefer \(or disable\) to connect without it\n$/);
      expect(refused.stderr).not.toContain(plain.password);

      const ok = await runCliInProcess(["snapshot", mode(tls, "require")], { env });
      expect(ok.stderr).toBe("");
      expect(ok.code).toBe(0);
      expect(JSON.parse(ok.stdout).content.tables.map((t: { name: string }) => t.name)).toEqual(["items"]);
      for (const m of ["prefer", "verify-ca"]) {
        const run = await runCliInProcess(["snapshot", mode(tls, m, { sslrootcert: tls.caFile })], { env });
        expect(run.code).toBe(0);
      }
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });
});
