/**
 * Partitions: the constraints, indexes and row triggers PostgreSQL copies from a partitioned table onto
 * each partition are captured as `inherited` and judged once, on the parent; what a partition has of its
 * own is judged on the partition. Real SQL on PGlite, and on the server when DATABASE_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judge } from "../../src/dialects/index.js";
import type { Snapshot, Table } from "../../src/dialects/postgresql/model/snapshot.js";
import { resolveSnapshot } from "../../src/sources/resolve-snapshot.js";
import { createPglite } from "../../src/dialects/postgresql/session/pglite-session.js";
import { createScratchDatabase, serverUrl } from "../helpers/server-database.js";
import { snapshotPglite } from "./rules/rule-fixtures.js";

const BASE = `
CREATE SCHEMA app;
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TABLE app.events (
  id bigint NOT NULL,
  at date NOT NULL,
  kind text NOT NULL CONSTRAINT events_kind_check CHECK (kind <> ''),
  note text,
  PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);
CREATE INDEX events_kind_idx ON app.events (kind);
CREATE TRIGGER events_touch BEFORE INSERT ON app.events FOR EACH ROW EXECUTE FUNCTION app.touch();
CREATE TABLE app.events_2024 PARTITION OF app.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE app.events_default PARTITION OF app.events DEFAULT;
`;

/** Only in TARGET, on one partition: each of these rejects writes routed there (or may). */
const PARTITION_ONLY = `
ALTER TABLE app.events_2024 ADD CONSTRAINT events_2024_note_check CHECK (note IS NOT NULL);
CREATE UNIQUE INDEX events_2024_kind_key ON app.events_2024 (kind);
CREATE TRIGGER events_2024_guard BEFORE INSERT ON app.events_2024 FOR EACH ROW EXECUTE FUNCTION app.touch();
`;

/** Only in TARGET, on the parent: PostgreSQL copies it onto both partitions. */
const PARENT_ONLY = `
ALTER TABLE app.events ADD CONSTRAINT events_note_check CHECK (length(note) < 100);
ALTER TABLE app.events ALTER COLUMN note SET NOT NULL;
`;

/** Only in TARGET, on one partition's column: rows routed there without a note now fail. */
const PARTITION_COLUMN = `ALTER TABLE app.events_2024 ALTER COLUMN note SET NOT NULL;`;

type Capture = (sql: string) => Promise<Snapshot>;

const engines: [string, () => Promise<{ capture: Capture; close: () => Promise<void> }>][] = [
  [
    "PGlite",
    async () => {
      const dbs: { close(): Promise<void> }[] = [];
      return {
        capture: async (sql) => {
          const db = await createPglite();
          dbs.push(db);
          await db.exec(sql);
          return snapshotPglite(db, "pglite");
        },
        close: async () => void (await Promise.all(dbs.map((d) => d.close()))),
      };
    },
  ],
];
if (serverUrl) {
  engines.push([
    "server",
    async () => {
      const dbs: { drop(): Promise<void> }[] = [];
      return {
        capture: async (sql) => {
          const db = await createScratchDatabase("dg_part");
          dbs.push(db);
          await db.exec(sql);
          return resolveSnapshot(db.url, { cwd: process.cwd(), env: {} });
        },
        close: async () => void (await Promise.all(dbs.map((d) => d.drop()))),
      };
    },
  ]);
}

describe.each(engines)("partition members on %s", (_engine, open) => {
  let close: () => Promise<void>;
  let base: Snapshot;
  let partitionOnly: Snapshot;
  let parentOnly: Snapshot;
  let partitionColumn: Snapshot;

  beforeAll(async () => {
    const engine = await open();
    close = engine.close;
    [base, partitionOnly, parentOnly, partitionColumn] = await Promise.all([
      engine.capture(BASE),
      engine.capture(BASE + PARTITION_ONLY),
      engine.capture(BASE + PARENT_ONLY),
      engine.capture(BASE + PARTITION_COLUMN),
    ]);
  }, 120_000);

  afterAll(async () => {
    await close?.();
  });

  const table = (snapshot: Snapshot, name: string): Table => snapshot.content.tables.find((t) => t.name === name)!;
  const findings = (source: Snapshot, target: Snapshot) =>
    judge(source, target)
      .filter((f) => f.rule !== "settings-not-compared")
      .map((f) => `${f.rule} ${f.severity} ${f.object}`)
      .sort();

  it("marks the copies on partitions as inherited, and nothing on the parent", () => {
    const parent = table(base, "events");
    expect([...parent.constraints, ...parent.indexes, ...parent.triggers].every((m) => !m.inherited)).toBe(true);
    for (const name of ["events_2024", "events_default"]) {
      const partition = table(base, name);
      expect(partition.constraints.map((c) => [c.type, c.inherited])).toEqual(
        expect.arrayContaining([
          ["check", true],
          ["primary key", true],
        ]),
      );
      expect(partition.indexes.length).toBe(2);
      expect(partition.indexes.every((i) => i.inherited)).toBe(true);
      expect(partition.triggers.map((t) => [t.name, t.inherited])).toEqual([["events_touch", true]]);
    }
    const own = table(partitionOnly, "events_2024");
    expect(own.constraints.find((c) => c.name === "events_2024_note_check")?.inherited).toBe(false);
    expect(own.indexes.find((i) => i.name === "events_2024_kind_key")?.inherited).toBe(false);
    expect(own.triggers.find((t) => t.name === "events_2024_guard")?.inherited).toBe(false);
  });

  it("identical partitioned stores give no findings", () => {
    expect(findings(base, base)).toEqual([]);
  });

  it("judges what one partition has of its own", () => {
    expect(findings(base, partitionOnly)).toEqual([
      "constraint-added risky app.events_2024.events_2024_note_check",
      "trigger-added risky app.events_2024.events_2024_guard",
      "unique-index-added risky app.events_2024.events_2024_kind_key",
    ]);
  });

  it("reports a parent's new constraint and NOT NULL once, on the parent, not again on every partition", () => {
    expect(table(parentOnly, "events_2024").columns.find((c) => c.name === "note")?.notNull).toBe(true);
    expect(findings(base, parentOnly)).toEqual([
      "column-not-null-added breaking app.events.note",
      "constraint-added risky app.events.events_note_check",
    ]);
  });

  it("judges a NOT NULL one partition has on its own", () => {
    expect(findings(base, partitionColumn)).toEqual(["column-not-null-added breaking app.events_2024.note"]);
    expect(findings(partitionColumn, base)).toEqual(["column-not-null-dropped info app.events_2024.note"]);
  });
});
