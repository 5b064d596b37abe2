import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../../src/errors.js";
import { connectionSettings } from "../../../src/dialects/postgresql/session/connection-settings.js";
import { roundTripTimeoutMs } from "../../../src/dialects/postgresql/session/server-session.js";

describe("connectionSettings reads a URL and the PG* variables as libpq does", () => {
  let home: string;
  let ca: string;
  const env = () => ({ HOME: home, USER: "osuser" });
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "driftgate-settings-"));
    ca = join(home, "ca.crt");
    await writeFile(ca, "-----BEGIN CERTIFICATE-----\nnot checked here\n-----END CERTIFICATE-----\n");
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it("takes host, port, user, database and password from the URL, then the variables, then libpq's defaults", () => {
    const full = connectionSettings("postgres://ann:p%40ss@db.example:6543/app", { ...env(), PGUSER: "env", PGPASSWORD: "envpw", PGPORT: "1" });
    expect(full).toMatchObject({ host: "db.example", port: 6543, user: "ann", database: "app", password: "p@ss", sslmode: "prefer" });
    const bare = connectionSettings("postgres://", { ...env(), PGHOST: "h", PGPORT: "7000", PGUSER: "u", PGDATABASE: "d", PGPASSWORD: "pw" });
    expect(bare).toMatchObject({ host: "h", port: 7000, user: "u", database: "d", password: "pw" });
    expect(connectionSettings("postgres://", env())).toMatchObject({ host: "localhost", port: 5432, user: "osuser", database: "osuser", password: undefined });
    // Query parameters name the same things and win over the URL's parts.
    expect(connectionSettings("postgres:///y?host=/run/pg&port=5433&user=z&dbname=w", env())).toMatchObject({ host: "/run/pg", port: 5433, user: "z", database: "w" });
  });

  it("plans the transports of each sslmode in libpq's order", () => {
    const plan = (mode: string, extra = "") => connectionSettings(`postgres://h/d?sslmode=${mode}${extra}`, env()).attempts.map((a) => (a.tls ? a.verify : "plain"));
    expect(plan("disable")).toEqual(["plain"]);
    expect(plan("allow")).toEqual(["plain", "none"]);
    expect(plan("prefer")).toEqual(["none", "plain"]);
    expect(plan("require")).toEqual(["none"]);
    expect(plan("require", `&sslrootcert=${ca}`)).toEqual(["ca"]);
    expect(plan("verify-ca", `&sslrootcert=${ca}`)).toEqual(["ca"]);
    expect(plan("verify-full", `&sslrootcert=${ca}`)).toEqual(["full"]);
    expect(plan("verify-full", "&sslrootcert=system")).toEqual(["full"]);
    expect(connectionSettings("postgres://h/d?sslrootcert=system", env()).sslmode).toBe("verify-full");
    // A Unix socket never uses TLS, as with libpq.
    expect(connectionSettings("postgres:///d?host=/run/pg&sslmode=require", env()).attempts).toEqual([{ tls: false }]);
    expect(connectionSettings("postgres://h/d", { ...env(), PGSSLMODE: "disable" }).attempts).toEqual([{ tls: false }]);
    expect(connectionSettings("postgres://h/d?sslmode=require", { ...env(), PGSSLMODE: "disable" }).sslmode).toBe("require");
  });

  it("refuses what libpq refuses, as bad input naming the fix", () => {
    const refuse = (url: string, extra: NodeJS.ProcessEnv = {}) => {
      try {
        connectionSettings(url, { ...env(), ...extra });
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        return (error as Error).message;
      }
      throw new Error(`accepted ${url}`);
    };
    expect(refuse("postgres://h/d?sslmode=no-verify")).toBe(
      'invalid sslmode "no-verify" ("no-verify" is node-postgres\'s name for libpq\'s "require"): use disable, allow, prefer, require, verify-ca or verify-full',
    );
    expect(refuse("postgres://h/d", { PGSSLMODE: "on" })).toMatch(/^invalid sslmode "on"/);
    expect(refuse("postgres://h/d?sslmode=require&sslrootcert=system")).toBe("sslmode=require may not be used with sslrootcert=system: use sslmode=verify-full");
    expect(refuse("postgres://h/d?sslmode=verify-ca&sslrootcert=/nonexistent/ca.crt")).toMatch(/root certificate file "\/nonexistent\/ca\.crt" does not exist: give sslrootcert=/);
    expect(refuse("postgres://h/d?ssl=true")).toMatch(/use sslmode=require/);
    expect(refuse("postgres://h/d?port=99999")).toMatch(/^bad port "99999"/);
  });

  it("reads the password file with libpq's wildcards and escapes, and ignores one others may read", async () => {
    const file = join(home, "pgpass");
    await writeFile(file, ["# comment", "h:5432:other:u:wrong", "h:*:d:u:pa\\:ss\\\\word", "*:*:*:*:fallback"].join("\n"), { mode: 0o600 });
    expect(connectionSettings("postgres://u@h/d", { ...env(), PGPASSFILE: file }).password).toBe("pa:ss\\word");
    expect(connectionSettings("postgres://v@h/e", { ...env(), PGPASSFILE: file }).password).toBe("fallback");
    expect(connectionSettings("postgres://u:given@h/d", { ...env(), PGPASSFILE: file }).password).toBe("given");
    const open = join(home, "pgpass-open");
    await writeFile(open, "*:*:*:*:leaked\n", { mode: 0o644 });
    expect(connectionSettings("postgres://u@h/d", { ...env(), PGPASSFILE: open }).password).toBeUndefined();
  });

  it("bounds a round trip by the statement timeout plus a tenth, at least 2 s and at most 30 s", () => {
    expect(roundTripTimeoutMs(1_000)).toBe(3_000);
    expect(roundTripTimeoutMs(60_000)).toBe(66_000);
    expect(roundTripTimeoutMs(600_000)).toBe(630_000);
  });
});
