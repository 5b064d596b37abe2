import { describe, expect, it } from "vitest";
import { InputError } from "../../../src/errors.js";
import { rowKeyText } from "../../../src/dialects/postgresql/scan/scan-result.js";
import { displayTable, parseTableName, sqlTable } from "../../../src/dialects/postgresql/probe/table-target.js";

describe("parseTableName", () => {
  it("takes unquoted parts as written and quoted parts verbatim", () => {
    expect(parseTableName("public.applications")).toEqual({ schema: "public", name: "applications" });
    expect(parseTableName("Sales.Orders")).toEqual({ schema: "Sales", name: "Orders" });
    expect(parseTableName('public."Weird; Table"')).toEqual({ schema: "public", name: "Weird; Table" });
    expect(parseTableName('"my.schema"."a ""quoted"" name"')).toEqual({ schema: "my.schema", name: 'a "quoted" name' });
    expect(parseTableName("public.Weird; Table")).toEqual({ schema: "public", name: "Weird; Table" });
    expect(parseTableName("applications")).toEqual({ schema: "public", name: "applications" });
    expect(parseTableName('"Odd.Name"')).toEqual({ schema: "public", name: "Odd.Name" });
  });

  it("refuses what is not SCHEMA.TABLE", () => {
    for (const bad of ["a.b.c", ".t", "s.", "", 's."open', 's."x"y', 's.a"b']) {
      expect(() => parseTableName(bad), bad).toThrow(InputError);
    }
    expect(() => parseTableName("a.b.c")).toThrow(/too many dots/);
  });

  it("generated SQL always quotes; messages quote only where PostgreSQL would", () => {
    const table = { schema: "public", name: 'Weird; "T"' };
    expect(sqlTable(table)).toBe('"public"."Weird; ""T"""');
    expect(sqlTable({ schema: "public", name: "user" })).toBe('"public"."user"');
    expect(displayTable(table)).toBe('public."Weird; ""T"""');
  });
});

describe("rowKeyText", () => {
  it("prints single, composite and NULL keys", () => {
    expect(rowKeyText({ id: "42" })).toBe("id=42");
    expect(rowKeyText({ tenant: "acme", Id: null })).toBe('(tenant, "Id")=(acme, NULL)');
  });
});
