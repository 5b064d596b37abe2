import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ExitCode } from "../../../src/errors.js";
import { createDocumentValidator } from "../../../src/schemas/document-validator.js";
import { createWriteGuard, DocumentInvalidError } from "../../../src/schemas/write-guard.js";

const fixtures = fileURLToPath(new URL("../../fixtures/schemas/", import.meta.url));

describe("createWriteGuard", () => {
  it("validates by file name, $id and x-driftgate table, with the errors the CLI prints", async () => {
    const guard = await createWriteGuard({ cwd: fixtures, schemasDir: "catalog" });
    expect(guard.names).toContain("person");
    expect(guard.names).toContain("public.orders");
    expect(guard.validate("person", { name: "a", address: { city: "x" } })).toEqual({ valid: true, errors: [] });
    const result = guard.validate("https://example.com/schemas/person.schema.json", { name: "a", address: { city: "" } });
    expect(result.valid).toBe(false);
    const cli = await createDocumentValidator("person", { cwd: fixtures, schemasDir: "catalog" });
    expect(result.errors).toEqual(cli.check({ name: "a", address: { city: "" } }));
    expect(guard.validate("public.orders", { lines: [] }).valid).toBe(false);
  });

  it("assert throws a typed error that carries the errors; passes valid documents", async () => {
    const guard = await createWriteGuard({ cwd: fixtures, schemasDir: "catalog" });
    expect(() => guard.assert("order", { lines: [{ sku: "a", qty: 2 }] })).not.toThrow();
    let caught: unknown;
    try {
      guard.assert("order", { lines: [{ sku: "a", qty: 0 }] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DocumentInvalidError);
    const error = caught as DocumentInvalidError;
    expect(error.schemaName).toBe("order");
    expect(error.errors).toEqual([expect.objectContaining({ instancePath: "/lines/0/qty", keyword: "minimum" })]);
    expect(error.message).toBe('document does not match schema "order": /lines/0/qty minimum: must be >= 1');
    expect(error.exitCode).toBe(ExitCode.findings);
  });

  it("an unknown name is an InputError listing the known names", async () => {
    const guard = await createWriteGuard({ cwd: fixtures, schemasDir: "catalog" });
    expect(() => guard.validate("nobody", {})).toThrow(/unknown schema "nobody" \(known: .*person/);
  });

  it("fails at startup when a schema in the folder is broken, naming the file", async () => {
    await expect(createWriteGuard({ cwd: fixtures, schemasDir: "broken" })).rejects.toThrow(/\.schema\.json/);
    await expect(createWriteGuard({ cwd: fixtures, schemasDir: "no-such-folder" })).rejects.toThrow(/no schemas found in no-such-folder/);
  });

  it("compiles the repository's own schemas folder", async () => {
    const guard = await createWriteGuard({ cwd: fileURLToPath(new URL("../../../", import.meta.url)) });
    expect(guard.names).toContain("public.applications");
    expect(guard.validate("application", { id: "5b4f1c0e-9c53-4d6f-8f4e-0d6e2f1b2a3c", name: "x", status: "draft", owner_email: "a@example.com" }).valid).toBe(true);
  });
});
