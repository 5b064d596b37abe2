/**
 * One interface over the two PostgreSQL engines driftgate talks to: a real server through `pg`, and the
 * embedded PGlite. The snapshot engine, probe and scan run the same SQL on either.
 */
export type Row = Record<string, unknown>;

export interface SqlSession {
  /** What the engine, handed this as a neutral StoreSession, picks the dialect's probe and scan by. */
  readonly dialect: "postgresql";
  /** "server" for a real PostgreSQL, "pglite" for the embedded engine. */
  readonly engine: "server" | "pglite";
  /** A multi-statement script in a single round trip; returns the rows of every row-returning statement, in order. */
  script(sql: string): Promise<Row[][]>;
  /**
   * A multi-statement script in a single round trip, handing each row to `onRow` as it arrives, with the
   * index of its statement among those returning a result set (empty ones count): the caller can work on one statement's rows
   * while the server still computes the next. An error thrown by `onRow` rejects the promise.
   */
  stream(sql: string, onRow: (row: Row, statement: number) => void): Promise<void>;
  /** One statement with bind parameters. */
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Round trips made so far: tests use it to prove the snapshot cost does not grow with the schema. */
  readonly roundTrips: number;
  close(): Promise<void>;
}
