/**
 * Splits a migration script into statements the way psql reads it: semicolons end statements except
 * inside quotes, quoted identifiers, dollar-quoted bodies, comments and SQL-standard function bodies
 * (BEGIN ATOMIC ... END); a backslash outside all of those starts a psql meta-command that runs to the
 * end of its line. Each piece keeps the line it starts on, so an error can name file and line.
 */

export interface SqlPiece {
  readonly kind: "sql" | "meta";
  /** The statement without its terminating semicolon, or the meta-command's whole text (`\set X y`). */
  readonly text: string;
  /** 1-based line of the piece's first character that is not blank or a comment. */
  readonly line: number;
}

export function splitSqlScript(script: string): SqlPiece[] {
  const pieces: SqlPiece[] = [];
  let start = -1; // offset of the current statement's first significant character
  let startLine = 1;
  let line = 1;
  // Words of the current statement, uppercased, for the CREATE FUNCTION ... BEGIN ATOMIC check.
  let words: string[] = [];
  let atomicDepth = 0;
  let i = 0;
  const n = script.length;
  const begin = () => {
    if (start < 0) {
      start = i;
      startLine = line;
    }
  };
  // Meta-commands met inside an unfinished statement: psql runs them at once and keeps the statement's
  // text without them.
  let cuts: [number, number][] = [];
  const finish = (end: number) => {
    if (start >= 0) {
      let text = "";
      let from = start;
      for (const [a, b] of cuts) {
        text += script.slice(from, a);
        from = b;
      }
      text = (text + script.slice(from, end)).trim();
      if (text) pieces.push({ kind: "sql", text, line: startLine });
    }
    start = -1;
    cuts = [];
    words = [];
    atomicDepth = 0;
  };
  const advanceTo = (end: number) => {
    for (let k = i; k < end && k < n; k++) if (script.charCodeAt(k) === 10) line++;
    i = end;
  };
  while (i < n) {
    const c = script[i]!;
    const next = script[i + 1];
    if (c === "\n") {
      line++;
      i++;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r" || c === "\f") {
      i++;
      continue;
    }
    if (c === "-" && next === "-") {
      const end = script.indexOf("\n", i);
      i = end < 0 ? n : end;
      continue;
    }
    if (c === "/" && next === "*") {
      // PostgreSQL block comments nest.
      let depth = 0;
      let k = i;
      while (k < n) {
        if (script[k] === "/" && script[k + 1] === "*") {
          depth++;
          k += 2;
        } else if (script[k] === "*" && script[k + 1] === "/") {
          depth--;
          k += 2;
          if (depth === 0) break;
        } else k++;
      }
      advanceTo(k);
      continue;
    }
    if (c === "\\") {
      // A psql meta-command: ends the statement buffer's reading for this line. psql would run the
      // meta-command right away, before any unterminated SQL that precedes it is sent.
      const end = script.indexOf("\n", i);
      const stop = end < 0 ? n : end;
      const text = script.slice(i, stop).trim();
      pieces.push({ kind: "meta", text, line });
      if (start >= 0) cuts.push([i, stop]);
      i = stop;
      continue;
    }
    begin();
    if (c === ";") {
      if (atomicDepth > 0) {
        i++;
        continue;
      }
      finish(i);
      i++;
      continue;
    }
    if (c === "'") {
      // E'...' strings (the E was read as a word just before) honour backslash escapes.
      const escapes = /[eE]$/.test(script.slice(Math.max(0, i - 1), i)) && !/[A-Za-z0-9_$]/.test(script[i - 2] ?? "");
      let k = i + 1;
      while (k < n) {
        if (escapes && script[k] === "\\") k += 2;
        else if (script[k] === "'" && script[k + 1] === "'") k += 2;
        else if (script[k] === "'") break;
        else k++;
      }
      advanceTo(k + 1);
      continue;
    }
    if (c === '"') {
      let k = i + 1;
      while (k < n) {
        if (script[k] === '"' && script[k + 1] === '"') k += 2;
        else if (script[k] === '"') break;
        else k++;
      }
      advanceTo(k + 1);
      continue;
    }
    if (c === "$") {
      const tag = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(script.slice(i, i + 64));
      // `$1` is a parameter, not a quote; a tag glued to a preceding word is part of that word.
      if (tag && !/[A-Za-z0-9_]/.test(script[i - 1] ?? "")) {
        const close = script.indexOf(tag[0], i + tag[0].length);
        advanceTo(close < 0 ? n : close + tag[0].length);
        continue;
      }
      i++;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let k = i + 1;
      while (k < n && /[A-Za-z0-9_$]/.test(script[k]!)) k++;
      const word = script.slice(i, k).toUpperCase();
      if (words.length < 8) words.push(word);
      if (isRoutineDefinition(words)) {
        // psql's rule: inside CREATE FUNCTION/PROCEDURE, BEGIN and CASE open a block that END closes.
        if (word === "BEGIN" || word === "CASE") atomicDepth++;
        else if (word === "END" && atomicDepth > 0) atomicDepth--;
      }
      i = k;
      continue;
    }
    i++;
  }
  finish(n);
  return pieces;
}

function isRoutineDefinition(words: readonly string[]): boolean {
  if (words[0] !== "CREATE") return false;
  const rest = words[1] === "OR" && words[2] === "REPLACE" ? words.slice(3) : words.slice(1);
  return rest[0] === "FUNCTION" || rest[0] === "PROCEDURE";
}

/**
 * Statements PostgreSQL refuses inside a transaction block ("cannot run inside a transaction block"):
 * they are run on their own, between the transactions that hold the rest of the file.
 */
const OUTSIDE_TRANSACTION: readonly RegExp[] = [
  /^create\s+(?:unique\s+)?index\s+concurrently\b/,
  /^drop\s+index\s+concurrently\b/,
  /^reindex\b.*\bconcurrently\b/s,
  /^reindex\s+(?:\([^)]*\)\s*)?(?:system|database)\b/,
  /^(?:create|drop)\s+database\b/,
  /^alter\s+database\s+\S+\s+set\s+tablespace\b/,
  /^(?:create|drop)\s+tablespace\b/,
  /^vacuum\b/,
  /^alter\s+system\b/,
  /^(?:create|drop)\s+subscription\b/,
  /^alter\s+subscription\b.*\b(?:refresh\s+publication|enable|disable)\b/s,
  /^alter\s+table\b.*\bdetach\s+partition\b.*\b(?:concurrently|finalize)\b/s,
  /^(?:commit|rollback)\s+prepared\b/,
  /^cluster\s*$/,
];

export function mustRunOutsideTransaction(statement: string): boolean {
  const text = leadingText(statement);
  return OUTSIDE_TRANSACTION.some((pattern) => pattern.test(text));
}

/** BEGIN / COMMIT / ROLLBACK / START TRANSACTION / END / SAVEPOINT: the file manages its own transactions. */
export function isTransactionControl(statement: string): boolean {
  return /^(?:begin|start\s+transaction|commit|end|rollback|abort)\b(?!\s+atomic)/.test(leadingText(statement)) && !/^(?:commit|rollback)\s+prepared\b/.test(leadingText(statement));
}

function leadingText(statement: string): string {
  return statement.slice(0, 4000).replace(/\s+/g, " ").trim().toLowerCase();
}

/** psql meta-commands that only change what psql prints or how it reports errors: skipped with a note. */
const HARMLESS_META = new Set(["echo", "qecho", "warn", "timing", "pset", "a", "t", "x", "H", "C", "f", "o", "out", "encoding", "conninfo", "prompt"]);

/** psql's own variables that control output and error handling (not ones a script interpolates). */
const PSQL_CONTROL_VARIABLES = new Set([
  "ON_ERROR_STOP", "ON_ERROR_ROLLBACK", "ECHO", "ECHO_HIDDEN", "QUIET", "VERBOSITY", "SHOW_CONTEXT", "FETCH_COUNT",
  "HIDE_TABLEAM", "HIDE_TOAST_COMPRESSION", "SINGLELINE", "SINGLESTEP", "HISTCONTROL", "HISTSIZE", "PROMPT1", "PROMPT2", "PROMPT3",
]);

/**
 * Whether a meta-command can be skipped without changing what the script does to the database. `\set`
 * of a script's own variable is not: statements after it may interpolate `:name`, which only psql does.
 */
export function isHarmlessMeta(text: string): boolean {
  const match = /^\\([A-Za-z!?]+)\s*(\S*)/.exec(text);
  if (!match) return false;
  const [, command = "", argument = ""] = match;
  if (command === "set" || command === "unset") return PSQL_CONTROL_VARIABLES.has(argument.toUpperCase());
  return HARMLESS_META.has(command);
}
