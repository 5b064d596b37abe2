import { describe, expect, it } from "vitest";
import { GENERATOR_VERSION, generateDrift, generateSchema, schemaNames } from "../../bench/generate-schema.mjs";

// The benchmark reuses scratch databases by generator version and seed: that is only sound if the same
// version and seed always produce the same schema.
describe("bench schema generator", () => {
  it("produces byte-identical SQL for the same size and seed", () => {
    const a = generateSchema({ tables: 300, seed: 7 });
    const b = generateSchema({ tables: 300, seed: 7 });
    expect(a.sql).toBe(b.sql);
    expect(a.stats).toEqual(b.stats);
    expect(generateDrift({ tables: 300, seed: 7 }).sql).toBe(generateDrift({ tables: 300, seed: 7 }).sql);
  });

  it("produces a different schema for another seed", () => {
    expect(generateSchema({ tables: 300, seed: 8 }).sql).not.toBe(generateSchema({ tables: 300, seed: 7 }).sql);
  });

  it("draws each table from its own stream, so a table is the same whatever the total size", () => {
    const small = generateSchema({ tables: 100, seed: 7 }).sql;
    const large = generateSchema({ tables: 1000, seed: 7 }).sql;
    const table = (sql: string) => /create table app_00\.\w+_017 \([^;]*\);/.exec(sql)?.[0];
    expect(table(small)).toBeDefined();
    expect(table(small)).toBe(table(large));
  });

  it("counts what it generates: N tables plus one audit log per schema, every kind of object present", () => {
    const { sql, stats } = generateSchema({ tables: 500, seed: 42 });
    expect(schemaNames(500)).toEqual(["app_00", "app_01"]);
    expect(stats.tables).toBe(502);
    expect((sql.match(/^create table /gm) ?? []).length).toBe(502);
    for (const kind of ["create type", "create domain", "create view", "create materialized view", "create function", "create trigger", "create policy", "create sequence", "grant ", "where "]) {
      expect(sql).toContain(kind);
    }
    expect(GENERATOR_VERSION).toBeGreaterThan(0);
  });
});
