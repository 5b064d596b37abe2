import { describe, expect, it } from "vitest";
import { redactSecrets, registerSecret } from "../../../src/model/redact.js";

describe("redactSecrets", () => {
  it.each([
    ["postgres://app:hunter2@db:5432/meta", "postgres://app:***@db:5432/meta"],
    ["cannot connect to postgresql://u:p%40ss@h/d: refused", "cannot connect to postgresql://u:***@h/d: refused"],
    ["host=db password=hunter2 user=app", "host=db password=*** user=app"],
    ["postgres://h/d?user=a&password=hunter2&sslmode=require", "postgres://h/d?user=a&password=***&sslmode=require"],
  ])("masks the password in %s", (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it("leaves a URL without a password alone", () => {
    expect(redactSecrets("postgres://app@db/meta")).toBe("postgres://app@db/meta");
  });

  it("masks a registered secret wherever a driver echoes it", () => {
    registerSecret("correct-horse-battery");
    expect(redactSecrets('role "x" said correct-horse-battery')).toBe('role "x" said ***');
  });
});
