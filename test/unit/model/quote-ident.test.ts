import { describe, expect, it } from "vitest";
import { qualifiedName, quoteIdent } from "../../../src/dialects/postgresql/model/identifiers.js";

describe("quoteIdent quotes as PostgreSQL's quote_ident() does", () => {
  it.each([
    ["user", '"user"'],
    ["order", '"order"'],
    ["between", '"between"'],
    ["left", '"left"'],
    ["type", "type"],
    ["name", "name"],
    ["apps", "apps"],
    ["Apps", '"Apps"'],
    ["a$b", '"a$b"'],
    ['we"ird', '"we""ird"'],
  ])("%s -> %s", (name, quoted) => {
    expect(quoteIdent(name)).toBe(quoted);
  });

  it("makes ALTER TABLE public.user ALTER COLUMN order parse", () => {
    expect(`ALTER TABLE ${qualifiedName("public", "user")} ALTER COLUMN ${quoteIdent("order")}`).toBe('ALTER TABLE public."user" ALTER COLUMN "order"');
  });
});
