/**
 * Application configuration that lives beside the store (write timeouts, pool sizes, the schema version
 * the clients expect, feature flags): one parsed JSON document per name, as an environment names it.
 */
export interface AppConfigDocument {
  /** Pairs documents across environments: "writer" in test is compared with "writer" in prod. */
  readonly name: string;
  /** Where it was read from, as the environment file wrote it (for the reader, never compared). */
  readonly file: string;
  readonly value: unknown;
  /** The JSON Schema it was validated against, as written in the environment file; null when none. */
  readonly schema: string | null;
  /** One line per schema violation ("/pool/max must be <= 100"); empty when valid or unchecked. */
  readonly schemaErrors: readonly string[];
  /** Key paths ("schemaVersion", "pool.max", or a prefix like "pool") whose values must be equal. */
  readonly mustMatch: readonly string[];
}
