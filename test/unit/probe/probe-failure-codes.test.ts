import { describe, expect, it } from "vitest";
import { isProbeFailure, probeFailureCondition } from "../../../src/dialects/postgresql/probe/probe-failure-codes.js";

describe("which trial-write errors are a verdict on the document", () => {
  it("errors of the moment are not: locks, conflicts, cancels, shutdowns, lost connections, resources", () => {
    for (const code of ["55P03", "57014", "40001", "40P01", "57P01", "57P02", "57P03", "08006", "08000", "53100", "53200", "53300", "XX000", "58030", "25P03"]) {
      expect(isProbeFailure(code), code).toBe(true);
    }
  });
  it("the store's own rules are: constraints, conversions, privileges and RLS, read-only, triggers, deferred checks", () => {
    for (const code of ["23505", "23514", "23502", "23503", "22P02", "22001", "42501", "42703", "42P01", "25006", "P0001", "P0004", "0A000", "44000", "54000", "40002", "2200H"]) {
      expect(isProbeFailure(code), code).toBe(false);
    }
  });
  it("the SQL form names the same codes", () => {
    const sql = probeFailureCondition("e_state");
    expect(sql).toContain("'55P03'");
    expect(sql).toContain("substr(e_state, 1, 2) IN ('08'");
    expect(sql).not.toContain("'40002'");
  });
});
