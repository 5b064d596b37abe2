// Types for generate-schema.mjs, so the product's unit test can import the generator under strict tsc.

export declare const GENERATOR_VERSION: number;
export declare const BENCH_ROLES: readonly string[];
export declare const TABLES_PER_SCHEMA: number;

export interface GeneratorOptions {
  readonly tables: number;
  readonly seed?: number;
}

export interface SchemaStats {
  tables: number;
  schemas: number;
  views: number;
  functions: number;
  triggers: number;
  policies: number;
  indexes: number;
  foreignKeys: number;
}

export declare function schemaNames(tables: number): string[];
export declare function rolesSql(): string;
export declare function generateSchema(options: GeneratorOptions): { sql: string; stats: SchemaStats };
export declare function generateDrift(options: GeneratorOptions): { sql: string; changes: number };
