/**
 * One interface over the two PostgreSQL engines driftgate talks to: a real server through `pg`, and the
 * embedded PGlite. The snapshot engine, probe and scan run the same SQL on either.
 */
export type Row = Record<string, unknown>;

export interface SqlSession {
  /** "server" for a real PostgreSQL, "pglite" for the embedded engine. */
  readonly engine: "server" | "pglite";
  /** A multi-statement script in a single round trip; returns the rows of every row-returning statement, in order. */
  script(sql: string): Promise<Row[][]>;
  /** One statement with bind parameters. */
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Round trips made so far: tests use it to prove the snapshot cost does not grow with the schema. */
  readonly roundTrips: number;
  close(): Promise<void>;
}
