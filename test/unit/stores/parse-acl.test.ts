import { describe, expect, it } from "vitest";
import { parseAcl } from "../../../src/dialects/postgresql/catalog/parse-acl.js";

describe("parseAcl", () => {
  it("reads one grant per privilege letter, with grant options", () => {
    expect(parseAcl(["app=r*w/postgres"])).toEqual([
      { grantee: "app", privilege: "SELECT", grantable: true },
      { grantee: "app", privilege: "UPDATE", grantable: false },
    ]);
  });

  it("reads an empty grantee as PUBLIC", () => {
    expect(parseAcl(["=Tc/postgres"])).toEqual([
      { grantee: "PUBLIC", privilege: "TEMPORARY", grantable: false },
      { grantee: "PUBLIC", privilege: "CONNECT", grantable: false },
    ]);
  });

  it("unquotes grantees with doubled quotes, = and / inside", () => {
    expect(parseAcl([`"we""ird=x/y"=X/"odd role"`])).toEqual([{ grantee: 'we"ird=x/y', privilege: "EXECUTE", grantable: false }]);
  });

  it("knows every privilege letter PostgreSQL prints, up to MAINTAIN", () => {
    const privileges = parseAcl(["r=arwdDxtXUCTcsAm/r"]).map((g) => g.privilege);
    expect(privileges).toEqual([
      "INSERT", "SELECT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER", "EXECUTE",
      "USAGE", "CREATE", "TEMPORARY", "CONNECT", "SET", "ALTER SYSTEM", "MAINTAIN",
    ]);
  });

  it("keeps an unknown letter visible instead of dropping it", () => {
    expect(parseAcl(["app=z/postgres"])).toEqual([{ grantee: "app", privilege: "unknown(z)", grantable: false }]);
  });

  it("refuses text that is not an aclitem", () => {
    expect(() => parseAcl(["no equals sign"])).toThrow(/unexpected aclitem/);
  });
});
