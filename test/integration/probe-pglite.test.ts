import { readFile } from "node:fs/promises";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { compareProbes, PROBE_RULE } from "../../src/probe/compare-probes.js";
import type { ProbeDocument } from "../../src/model/probe-result.js";
import { readDocuments } from "../../src/probe/read-documents.js";
import { resolveDocumentSources } from "../../src/schemas/validate-sources.js";
import { createPglite, pgliteSession } from "../../src/dialects/postgresql/session/pglite-session.js";
import { probeDocuments } from "../../src/dialects/postgresql/probe/probe-documents.js";
import type { SqlSession } from "../../src/dialects/postgresql/session/sql-session.js";

const fixtures = path.resolve(import.meta.dirname, "../fixtures/probe");
const sql = (name: string) => readFile(path.join(fixtures, "store", name), "utf8");

async function documentsOf(...files: string[]): Promise<ProbeDocument[]> {
  const out: ProbeDocument[] = [];
  const sources = await resolveDocumentSources(files, fixtures);
  for await (const doc of readDocuments(sources, process.stdin)) out.push(doc);
  return out;
}

describe("probe on embedded PostgreSQL (PGlite)", () => {
  let db: PGlite;
  let session: SqlSession;
  const count = async (table: string) => Number((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n);

  beforeAll(async () => {
    db = await createPglite();
    session = pgliteSession(db, true);
    await db.exec(await sql("001-applications.sql"));
  });
  afterAll(async () => {
    await session?.close();
  });

  it("check --probe: a document SOURCE accepts and TARGET rejects is one breaking finding with TARGET's error", async () => {
    const documents = await documentsOf("docs/applications.ndjson");
    expect(documents.map((d) => d.line)).toEqual([1, 2, 3, 5, 6]);
    const before = await count("public.applications");
    const source = await probeDocuments(session, { table: "public.applications", documents });
    // TARGET is the same store after the NOT VALID owner rule was deployed.
    await db.exec(await sql("002-owner-rule.sql"));
    const target = await probeDocuments(session, { table: "public.applications", documents });
    expect(await count("public.applications")).toBe(before);
    expect(source.map((r) => r.outcome)).toEqual(["accepted", "rejected", "accepted", "accepted", "accepted"]);
    expect(target.map((r) => r.outcome)).toEqual(["accepted", "rejected", "rejected", "accepted", "accepted"]);

    const findings = compareProbes(source, target, { table: "public.applications" });
    expect(findings).toHaveLength(1);
    const finding = findings[0]!;
    expect(finding).toMatchObject({
      rule: PROBE_RULE,
      severity: "breaking",
      objectKind: "table",
      object: "public.applications",
      source: "accepted",
    });
    expect(finding.message).toBe(
      `document docs/applications.ndjson:3 is accepted by SOURCE and rejected by TARGET: new row for relation "applications" violates check constraint "applications_owner_present" (SQLSTATE 23514, constraint applications_owner_present)`,
    );
    expect(finding.target).toContain("rejected: new row for relation");
    expect(finding.id).toMatch(/^[0-9a-f]{12}$/);
    // Same inputs, same id: a waiver written against it keeps matching.
    expect(compareProbes(source, target, { table: "public.applications" })[0]!.id).toBe(finding.id);
    // Nothing SOURCE rejects can be a finding, nor a document both reject.
    expect(compareProbes(target, source, { table: "public.applications" })).toEqual([]);
    expect(() => compareProbes(source, target.slice(1), { table: "public.applications" })).toThrow(/not the same documents/);
  });

  it("catches trigger logic, a raising default, a missing column and an RLS policy for a role", async () => {
    await db.exec(`
      CREATE ROLE dg_app NOLOGIN;
      GRANT USAGE ON SCHEMA public TO dg_app;
      GRANT SELECT, INSERT ON public.applications TO dg_app;
      GRANT USAGE ON SEQUENCE public.applications_id_seq TO dg_app;
      ALTER TABLE public.applications ENABLE ROW LEVEL SECURITY;
      CREATE POLICY dg_app_reads ON public.applications FOR SELECT USING (true);
      CREATE POLICY dg_app_adds_web ON public.applications FOR INSERT WITH CHECK (kind = 'web');
    `);
    const doc = (document: unknown, line: number): ProbeDocument => ({ source: "t", line, document });
    const results = await probeDocuments(session, {
      table: "public.applications",
      role: "dg_app",
      documents: [
        doc({ name: "reserved-x", owner: "o" }, 1),
        doc({ name: "batchy", owner: "o", kind: "batch" }, 2),
        doc({ name: "webby", owner: "o" }, 3),
        doc({ name: "extra", owner: "o", colour: "red" }, 4),
        doc({ name: "bad-type", owner: "o", id: "not a number" }, 5),
      ],
    });
    expect(results[0]).toMatchObject({ outcome: "rejected", error: { sqlstate: "23514", message: "application name reserved-x is reserved", hint: "pick a name without the reserved- prefix" } });
    expect(results[1]).toMatchObject({ outcome: "rejected", error: { sqlstate: "42501", message: `new row violates row-level security policy for table "applications"` } });
    expect(results[2]!.outcome).toBe("accepted");
    expect(results[3]).toMatchObject({ outcome: "rejected", error: { sqlstate: "42703" } });
    expect(results[4]).toMatchObject({ outcome: "rejected", error: { sqlstate: "22P02" } });

    const releases = await probeDocuments(session, { table: "public.releases", documents: await documentsOf("docs/releases.ndjson") });
    expect(releases[0]!.outcome).toBe("accepted");
    expect(releases[1]).toMatchObject({ outcome: "rejected", error: { sqlstate: "P0001", message: "stamp must be given explicitly" } });
    expect(await count("public.releases")).toBe(0);
  });

  it("--column writes whole documents; bad names are bad input", async () => {
    const settings = await probeDocuments(session, {
      table: "public.settings",
      column: "body",
      documents: await documentsOf("docs/settings.ndjson"),
    });
    expect(settings.map((r) => r.outcome)).toEqual(["accepted", "rejected"]);
    expect(settings[1]).toMatchObject({ error: { sqlstate: "23514", constraint: "settings_body_check" } });
    await expect(probeDocuments(session, { table: "public.settings", column: "Body", documents: [] })).rejects.toThrow(
      new InputError(`column "Body" does not exist in public.settings (did you mean "body"?)`),
    );
    await expect(probeDocuments(session, { table: "public.nothing", documents: [] })).rejects.toBeInstanceOf(InputError);
    await expect(probeDocuments(session, { table: "nothing", documents: [] })).rejects.toThrow(new InputError("table public.nothing does not exist"));
    // The session is usable afterwards: no transaction was left open by the failures.
    expect(await session.query("SELECT 1 AS one")).toEqual([{ one: 1 }]);
  });

  it("a table whose name needs quoting", async () => {
    await db.exec(`CREATE TABLE public."Weird; Table" ("Select" text NOT NULL CHECK ("Select" <> 'drop'), "quote""d" int)`);
    const results = await probeDocuments(session, {
      table: `public."Weird; Table"`,
      documents: [
        { source: "t", line: 1, document: { Select: "fine", 'quote"d': 3 } },
        { source: "t", line: 2, document: { Select: "drop" } },
      ],
    });
    expect(results.map((r) => r.outcome)).toEqual(["accepted", "rejected"]);
    expect(await count(`public."Weird; Table"`)).toBe(0);
  });

  it("writes with the database's and the --as-role role's defaults: read-only rejects the INSERT, role settings apply", async () => {
    await db.exec(`
      CREATE TABLE public.notes (body text NOT NULL, tenant text NOT NULL DEFAULT current_setting('dg.tenant', true));
      CREATE ROLE dg_notes NOLOGIN;
      GRANT USAGE ON SCHEMA public TO dg_notes;
      GRANT INSERT ON public.notes TO dg_notes;
      ALTER ROLE dg_notes SET dg.tenant = 'acme';
    `);
    const documents: ProbeDocument[] = [{ source: "t", line: 1, document: { body: "hello" } }];
    const readOnly = { outcome: "rejected", error: { sqlstate: "25006", message: "cannot execute INSERT in a read-only transaction" } };
    // SET ROLE alone would leave the role's dg.tenant unset, and the NOT NULL default would fail.
    expect((await probeDocuments(session, { table: "public.notes", role: "dg_notes", documents }))[0]!.outcome).toBe("accepted");
    await db.exec("ALTER ROLE dg_notes SET default_transaction_read_only = on");
    expect((await probeDocuments(session, { table: "public.notes", role: "dg_notes", documents }))[0]).toMatchObject(readOnly);
    expect((await probeDocuments(session, { table: "public.notes", documents: [{ ...documents[0]!, document: { body: "x", tenant: "t" } }] }))[0]!.outcome).toBe("accepted");
    await db.exec("ALTER ROLE dg_notes RESET default_transaction_read_only");
    const database = (await db.query<{ d: string }>("SELECT current_database() AS d")).rows[0]!.d;
    await db.exec(`ALTER DATABASE "${database}" SET default_transaction_read_only = on`);
    try {
      expect((await probeDocuments(session, { table: "public.notes", role: "dg_notes", documents }))[0]).toMatchObject(readOnly);
      expect((await probeDocuments(session, { table: "public.notes", documents }))[0]).toMatchObject(readOnly);
    } finally {
      await db.exec(`ALTER DATABASE "${database}" RESET default_transaction_read_only`);
    }
    expect(await count("public.notes")).toBe(0);
    expect((await db.query<{ u: string }>("SELECT current_user AS u")).rows[0]!.u).toBe("postgres");
  });
});
