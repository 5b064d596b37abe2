/**
 * Settings are recorded at the level they come from, never as the reading role's own session values.
 * The usual read-only login (ALTER ROLE reader SET default_transaction_read_only = on) must neither make
 * the whole server look read-only (a false block with an ALTER SYSTEM fix) nor hide a read-only database
 * (a false pass). Every verdict is held against a real INSERT as the writing role.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judge } from "../../src/dialects/index.js";
import type { Snapshot } from "../../src/dialects/postgresql/model/snapshot.js";
import { readSnapshot } from "../../src/dialects/postgresql/catalog/read-snapshot.js";
import { connectServer } from "../../src/dialects/postgresql/session/server-session.js";
import { adminExec, createScratchDatabase, serverUrl, uniqueRole, tryRolledBack, type ScratchDatabase } from "../helpers/server-database.js";

const reader = uniqueRole("dg_reader");
const writer = uniqueRole("dg_writer");

function urlAs(base: string, user: string): string {
  const url = new URL(base);
  url.username = user;
  url.password = "";
  return url.toString();
}

async function snapshotAs(database: ScratchDatabase, user: string | null, label: string): Promise<Snapshot> {
  const session = await connectServer(user ? urlAs(database.url, user) : database.url);
  try {
    return await readSnapshot(session, { label, kind: "server" });
  } finally {
    await session.close();
  }
}

/** An INSERT as the writing role, in a fresh login (role and database settings apply at login), rolled back. */
async function insertAsWriter(database: ScratchDatabase): Promise<"ok" | string> {
  return tryRolledBack(urlAs(database.url, writer), ["INSERT INTO app.apps (id) VALUES (1)"]);
}

const STORE = (db: string) => `
CREATE SCHEMA app;
CREATE TABLE app.apps (id integer PRIMARY KEY);
GRANT USAGE ON SCHEMA app TO ${writer};
GRANT SELECT, INSERT ON app.apps TO ${writer};
GRANT USAGE ON SCHEMA app TO ${reader};
GRANT SELECT ON app.apps TO ${reader};
GRANT CONNECT ON DATABASE ${db} TO ${reader}, ${writer};`;

describe.runIf(serverUrl)("settings read by a read-only login role", () => {
  let test: ScratchDatabase;
  let prod: ScratchDatabase;

  beforeAll(async () => {
    await adminExec(
      serverUrl!,
      `CREATE ROLE ${reader} LOGIN; ALTER ROLE ${reader} SET default_transaction_read_only = on; CREATE ROLE ${writer} LOGIN;`,
    );
    [test, prod] = await Promise.all([createScratchDatabase("dg_lvl"), createScratchDatabase("dg_lvl")]);
    await test.exec(STORE(test.name));
    await prod.exec(STORE(prod.name));
  });

  afterAll(async () => {
    await Promise.all([test?.drop(), prod?.drop()]);
    await adminExec(serverUrl!, `DROP ROLE IF EXISTS ${reader}; DROP ROLE IF EXISTS ${writer}`);
  });

  it("never records the reader's own value as the server's", async () => {
    const asReader = await snapshotAs(test, reader, "test as reader");
    const asAdmin = await snapshotAs(test, null, "test as admin");
    const setting = (s: Snapshot) => s.content.settings.find((x) => x.name === "default_transaction_read_only")?.value;
    expect(setting(asAdmin)).toBe("off");
    // The reader may not read the configuration files: its own setting hides the server's value.
    expect(setting(asReader)).toBeNull();
    expect(asReader.content.roleSettings).toContainEqual({ allDatabases: true, name: "default_transaction_read_only", role: reader, value: "on" });
    expect(asReader.origin.instance).toBeDefined();
    expect(asReader.origin.instance).toBe(asAdmin.origin.instance);
  });

  it("(b) a superuser's and a reader's snapshot of one database give no finding, and no ALTER SYSTEM fix", async () => {
    const asReader = await snapshotAs(test, reader, "test as reader");
    const asAdmin = await snapshotAs(test, null, "test as admin");
    expect(judge(asAdmin, asReader)).toEqual([]);
    expect(judge(asReader, asAdmin)).toEqual([]);
    expect(judge(asAdmin, asReader, { writers: [writer] })).toEqual([]);
  });

  it("(a) two stores read by reader roles: a read-only production database is breaking", async () => {
    await prod.exec(`ALTER DATABASE ${prod.name} SET default_transaction_read_only = on`);
    try {
      // The writes themselves: accepted in test, refused in prod.
      expect(await insertAsWriter(test)).toBe("ok");
      expect(await insertAsWriter(prod)).toMatch(/read-only transaction/);
      const source = await snapshotAs(test, reader, "test");
      const target = await snapshotAs(prod, reader, "prod");
      const readOnly = judge(source, target).filter((f) => f.rule === "setting-read-only");
      expect(readOnly.map((f) => [f.object, f.severity])).toEqual([["default_transaction_read_only (database)", "breaking"]]);
      expect(readOnly[0]!.hint).not.toMatch(/ALTER SYSTEM/);
      // Named writers: what the writing role gets at login is judged, and it is read-only in prod.
      const asWriters = judge(source, target, { writers: [writer] });
      expect(asWriters.filter((f) => f.severity === "breaking").map((f) => f.object)).toEqual([`default_transaction_read_only (writer ${writer})`]);
      expect(asWriters.find((f) => f.object === "default_transaction_read_only (database)")?.severity).toBe("info");
    } finally {
      await adminExec(serverUrl!, `ALTER DATABASE ${prod.name} RESET default_transaction_read_only`);
    }
  });

  it("a writer whose own role setting keeps it writable in a read-only database is not blocked", async () => {
    await prod.exec(`ALTER DATABASE ${prod.name} SET default_transaction_read_only = on`);
    await adminExec(serverUrl!, `ALTER ROLE ${writer} IN DATABASE ${prod.name} SET default_transaction_read_only = off`);
    try {
      expect(await insertAsWriter(prod)).toBe("ok");
      const source = await snapshotAs(test, reader, "test");
      const target = await snapshotAs(prod, reader, "prod");
      const findings = judge(source, target, { writers: [writer] });
      expect(findings.filter((f) => f.severity !== "info")).toEqual([]);
      // Without writers the database level is judged, as before: read-only for every role without its own setting.
      expect(judge(source, target).find((f) => f.object === "default_transaction_read_only (database)")?.severity).toBe("breaking");
    } finally {
      await adminExec(serverUrl!, `ALTER ROLE ${writer} IN DATABASE ${prod.name} RESET ALL`);
      await adminExec(serverUrl!, `ALTER DATABASE ${prod.name} RESET default_transaction_read_only`);
    }
  });

  it("a writer made read-only by its own role setting in TARGET only is breaking when named", async () => {
    await adminExec(serverUrl!, `ALTER ROLE ${writer} IN DATABASE ${prod.name} SET default_transaction_read_only = on`);
    try {
      expect(await insertAsWriter(test)).toBe("ok");
      expect(await insertAsWriter(prod)).toMatch(/read-only transaction/);
      const source = await snapshotAs(test, reader, "test");
      const target = await snapshotAs(prod, reader, "prod");
      const findings = judge(source, target, { writers: [writer] });
      expect(findings.filter((f) => f.severity === "breaking").map((f) => f.object)).toEqual([`default_transaction_read_only (writer ${writer})`]);
    } finally {
      await adminExec(serverUrl!, `ALTER ROLE ${writer} IN DATABASE ${prod.name} RESET ALL`);
    }
  });
});
