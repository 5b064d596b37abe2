/**
 * A trial write: one document, tried as an INSERT inside a transaction that is always rolled back, and
 * PostgreSQL's verdict on it. The error fields are PostgreSQL's own (what the application would have
 * received), never a paraphrase.
 */
export interface DocumentLocation {
  /** The input as the user named it (file path, or "-" for stdin). */
  readonly source: string;
  /** 1-based line for NDJSON inputs, null for a whole .json file. */
  readonly line: number | null;
}

export interface ProbeDocument extends DocumentLocation {
  /** The parsed JSON document. */
  readonly document: unknown;
}

export interface ProbeError {
  /** Five-character SQLSTATE, e.g. 23514 check_violation, 42501 insufficient_privilege. */
  readonly sqlstate: string;
  readonly message: string;
  readonly detail: string | null;
  readonly hint: string | null;
  readonly constraint: string | null;
  readonly column: string | null;
  /** The table PostgreSQL names in the error: may differ from the probed one (a trigger writing elsewhere). */
  readonly table: string | null;
  readonly schema: string | null;
}

export type ProbeResult =
  | (DocumentLocation & { readonly outcome: "accepted" })
  | (DocumentLocation & { readonly outcome: "rejected"; readonly error: ProbeError });

/** "docs.ndjson:3", or the file alone for a .json document. */
export function locationText(location: DocumentLocation): string {
  return location.line === null ? location.source : `${location.source}:${location.line}`;
}

/** One line with everything PostgreSQL said that identifies the failure. */
export function probeErrorText(error: ProbeError): string {
  const facts = [`SQLSTATE ${error.sqlstate}`];
  if (error.constraint) facts.push(`constraint ${error.constraint}`);
  if (error.column) facts.push(`column ${error.column}`);
  return `${error.message} (${facts.join(", ")})`;
}
