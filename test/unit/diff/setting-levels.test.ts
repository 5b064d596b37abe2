import { describe, expect, it } from "vitest";
import { judge } from "../../../src/dialects/index.js";
import type { RoleSetting, Setting, Snapshot } from "../../../src/dialects/postgresql/model/snapshot.js";
import { role, snapshot } from "./snapshot-factory.js";

const roles = [role("postgres", { superuser: true, canLogin: true }), role("app_writer", { canLogin: true })];

function side(settings: Setting[], roleSettings: RoleSetting[] = [], instance?: string): Snapshot {
  const s = snapshot({ roles, settings, roleSettings });
  return instance ? { ...s, origin: { ...s.origin, instance } } : s;
}

const readOnly = (value: string | null): Setting => ({ name: "default_transaction_read_only", value, unit: null });
const found = (a: Snapshot, b: Snapshot, writers: string[] = []) =>
  judge(a, b, { writers }).map((f) => [f.rule, f.severity, f.object]);

describe("server-level values the snapshot role could not read", () => {
  it("a hidden TARGET value is risky, with no ALTER SYSTEM fix", () => {
    const findings = judge(side([readOnly("off")]), side([readOnly(null)]));
    expect(findings.map((f) => [f.rule, f.severity, f.object])).toEqual([["setting-read-only", "risky", "default_transaction_read_only (server)"]]);
    expect(findings[0]!.hint).not.toMatch(/ALTER SYSTEM/);
    expect(findings[0]!.why).toMatch(/could not read/);
  });

  it("a hidden SOURCE value is taken as writable: a read-only TARGET is breaking, a writable one is nothing", () => {
    expect(found(side([readOnly(null)]), side([readOnly("on")]))).toEqual([["setting-read-only", "breaking", "default_transaction_read_only (server)"]]);
    expect(found(side([readOnly(null)]), side([readOnly("off")]))).toEqual([]);
  });

  it("two snapshots of one server instance share what either could read", () => {
    expect(found(side([readOnly("off")], [], "i1"), side([readOnly(null)], [], "i1"))).toEqual([]);
    expect(found(side([readOnly(null)], [], "i1"), side([readOnly(null)], [], "i1"))).toEqual([]);
    // Another instance: nothing is shared.
    expect(found(side([readOnly("off")], [], "i1"), side([readOnly(null)], [], "i2"))).toHaveLength(1);
  });
});

describe("writers", () => {
  const dbReadOnly: RoleSetting = { role: null, allDatabases: false, name: "default_transaction_read_only", value: "on" };
  const writerWritable: RoleSetting = { role: "app_writer", allDatabases: false, name: "default_transaction_read_only", value: "off" };

  it("judge what the writer gets: its own setting beats the database's", () => {
    const source = side([readOnly("off")]);
    const target = side([readOnly("off")], [dbReadOnly, writerWritable]);
    expect(found(source, target).filter(([, severity]) => severity === "breaking")).toEqual([["setting-read-only", "breaking", "default_transaction_read_only (database)"]]);
    expect(found(source, target, ["app_writer"]).filter(([, severity]) => severity !== "info")).toEqual([]);
  });

  it("a writer read-only by the database alone is breaking, under its own name", () => {
    const source = side([readOnly("off")]);
    const target = side([readOnly("off")], [dbReadOnly]);
    expect(found(source, target, ["app_writer"])).toEqual([
      ["setting-read-only", "breaking", "default_transaction_read_only (writer app_writer)"],
      ["setting-changed", "info", "default_transaction_read_only (database)"],
    ]);
  });

  it("a lowered timeout the writer gets from its role is risky; the server's own value is then only info", () => {
    const timeout = (value: string | null): Setting => ({ name: "statement_timeout", value, unit: "ms" });
    const source = side([timeout("0")]);
    const target = side([timeout("0")], [{ role: "app_writer", allDatabases: true, name: "statement_timeout", value: "2s" }]);
    expect(found(source, target, ["app_writer"]).filter(([, , object]) => String(object).includes("(writer "))).toEqual([
      ["setting-timeout-lowered", "risky", "statement_timeout (writer app_writer)"],
    ]);
  });
});
