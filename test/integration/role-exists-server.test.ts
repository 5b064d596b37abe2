/**
 * Roles are cluster-wide: a role SOURCE's database uses that TARGET's database merely does not use still
 * exists on TARGET's server, so role-missing must not fire (the grants it lacks are privilege findings).
 * And a role TARGET's database does not use is still compared: one that lost a membership is reported.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judge } from "../../src/dialects/index.js";
import type { Snapshot } from "../../src/dialects/postgresql/model/snapshot.js";
import { readSnapshot } from "../../src/dialects/postgresql/catalog/read-snapshot.js";
import { connectServer } from "../../src/dialects/postgresql/session/server-session.js";
import { adminExec, createScratchDatabase, serverUrl, uniqueRole, tryRolledBack, type ScratchDatabase } from "../helpers/server-database.js";

const writer = uniqueRole("dg_rx_writer");

async function snapshotOf(database: ScratchDatabase): Promise<Snapshot> {
  const session = await connectServer(database.url);
  try {
    return await readSnapshot(session, { label: database.name, kind: "server" });
  } finally {
    await session.close();
  }
}

async function insertAs(database: ScratchDatabase, role: string): Promise<string> {
  return tryRolledBack(database.url, [`SET LOCAL ROLE ${role}`, "INSERT INTO app.apps (id) VALUES (1)"]);
}

describe.runIf(serverUrl)("a role that exists on TARGET's server but is unused there", () => {
  let source: ScratchDatabase;
  let target: ScratchDatabase;

  beforeAll(async () => {
    await adminExec(serverUrl!, `CREATE ROLE ${writer} LOGIN`);
    [source, target] = await Promise.all([createScratchDatabase("dg_rx"), createScratchDatabase("dg_rx")]);
    await source.exec(`CREATE SCHEMA app; CREATE TABLE app.apps (id integer PRIMARY KEY); GRANT USAGE ON SCHEMA app TO ${writer}; GRANT INSERT ON app.apps TO ${writer};`);
    await target.exec("CREATE SCHEMA app; CREATE TABLE app.apps (id integer PRIMARY KEY);");
  });
  afterAll(async () => {
    await Promise.all([source?.drop(), target?.drop()]);
    await adminExec(serverUrl!, `DROP ROLE IF EXISTS ${writer}`);
  });

  it("is not missing: the grants it lacks are, and the write fails for that reason", async () => {
    expect(await insertAs(source, writer)).toBe("ok");
    // The role exists in TARGET (SET ROLE works); the INSERT is refused for the missing grants.
    expect(await insertAs(target, writer)).toMatch(/permission denied for schema app/);
    const [s, t] = await Promise.all([snapshotOf(source), snapshotOf(target)]);
    expect(t.content.roles.map((r) => r.name)).not.toContain(writer);
    expect(t.content.otherRoles?.map((r) => r.name)).toContain(writer);
    const findings = judge(s, t);
    expect(findings.filter((f) => f.rule === "role-missing")).toEqual([]);
    expect(findings.filter((f) => f.rule === "privilege-missing").map((f) => [f.object, f.severity])).toEqual([
      ["app", "breaking"],
      ["app.apps", "breaking"],
    ]);
    // The other way round it is not an extra role either: both servers (one here) have it.
    expect(judge(t, s).filter((f) => f.rule === "role-extra")).toEqual([]);
  });

  it("a role that does not exist on TARGET's server at all is still missing", async () => {
    const [s, t] = await Promise.all([snapshotOf(source), snapshotOf(target)]);
    const gone = { ...t, content: { ...t.content, otherRoles: (t.content.otherRoles ?? []).filter((r) => r.name !== writer) } };
    expect(judge(s, gone).filter((f) => f.rule === "role-missing").map((f) => [f.object, f.severity, f.message])).toEqual([
      [writer, "breaking", `Role ${writer} does not exist on TARGET's server.`],
    ]);
  });
});
