import { InputError } from "../errors.js";

/** A table named by the user: schema and name as the catalog stores them (quotes removed). */
export interface TableName {
  readonly schema: string;
  readonly name: string;
}

/**
 * Parses SCHEMA.TABLE (or TABLE, in public) as a user types it: a part in double quotes is taken verbatim (with "" for a quote),
 * an unquoted part is taken as written. Names are never folded to lower case, because a name in an
 * x-driftgate annotation or a report is the real one.
 */
export function parseTableName(text: string): TableName {
  const parts: string[] = [];
  let i = 0;
  const fail = (why: string) => new InputError(`bad table name ${JSON.stringify(text)}: ${why}; write SCHEMA.TABLE, e.g. public.applications or 'public."Weird; Table"'`);
  while (i <= text.length) {
    let part = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw fail("unterminated double quote");
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            part += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        part += text[i];
        i++;
      }
      if (i < text.length && text[i] !== ".") throw fail("text after a closing quote");
    } else {
      const dot = text.indexOf(".", i);
      const end = dot === -1 ? text.length : dot;
      part = text.slice(i, end);
      if (part.includes('"')) throw fail("a double quote inside an unquoted name");
      i = end;
    }
    if (part === "") throw fail("empty name");
    parts.push(part);
    if (i >= text.length) break;
    i++; // the dot
    if (i >= text.length) throw fail("empty name");
  }
  if (parts.length > 2) throw fail("too many dots");
  // An unqualified name means public, as for `fit`: what an application's unqualified INSERT reaches by default.
  return parts.length === 1 ? { schema: "public", name: parts[0]! } : { schema: parts[0]!, name: parts[1]! };
}
