/**
 * Redaction without URL parsing: a generated password may hold any printable character unencoded
 * (`/`, `@`, `#`, `?`, `:`, spaces, quotes, `%`), and neither it nor a piece of it may reach output.
 * The old patterns stopped at the first `/` or `@` and printed the rest; `?password=` masking took the
 * `:` that follows in a message along with it.
 */
import { describe, expect, it } from "vitest";
import { redactSecrets, redactUrl, registerUrlSecrets } from "../../../src/model/redact.js";
import { expectNoPiece, PRINTABLE, randomPassword, seeded, urlShapes } from "../../helpers/password-shapes.js";

describe("redactUrl on every URL shape, for passwords of every printable character", () => {
  const random = seeded(13);
  const passwords = [PRINTABLE.replace(/ /g, ""), "a/b@c#d?e:f g%h&i'j\"k", ...Array.from({ length: 100 }, () => randomPassword(random))];
  it("masks the whole password in the URL alone", () => {
    for (const password of passwords) {
      for (const shape of urlShapes(password)) {
        const shown = redactUrl(shape.url);
        expectNoPiece(shown, password);
        expectNoPiece(shown, encodeURIComponent(password));
      }
    }
  });

  it("masks it inside messages once the URL was met on the way in (command line, environment file)", () => {
    for (const password of passwords.slice(0, 30)) {
      for (const shape of urlShapes(password)) {
        registerUrlSecrets(shape.url);
        for (const message of [
          `bad PostgreSQL URL: ${shape.url}`,
          `cannot connect to ${shape.url}: connect ECONNREFUSED`,
          JSON.stringify({ store: shape.url }),
          `password authentication failed for user "u" (password ${password})`,
        ]) {
          expectNoPiece(redactSecrets(message), password);
        }
      }
    }
  });
});

describe("patterns for text never registered", () => {
  it("?password= masking keeps the `:` (and quotes) that follow in a message", () => {
    expect(redactSecrets("cannot connect to postgres://h/db?password=hunter2: refused")).toBe("cannot connect to postgres://h/db?password=***: refused");
    expect(redactSecrets('bad URL "postgres://h/db?password=hunter2": no host')).toBe('bad URL "postgres://h/db?password=***": no host');
    expect(redactSecrets("password=a:b refused")).toBe("password=*** refused");
  });

  it("user:password@ runs to the token's last @, whatever sits in between", () => {
    expect(redactSecrets("cannot connect to postgres://u:p/a@s#s@db/meta: refused")).toBe("cannot connect to postgres://u:***@db/meta: refused");
  });
});
