import type { JudgedPair } from "../../../src/gate/build-check-report.js";
import type { Finding } from "../../../src/model/finding.js";
import type { ReportSide } from "../../../src/model/check-report.js";

/** Hand-built findings shaped like the judge's, so reporters and the gate are tested without a database. */
export const notNullWithoutDefault: Finding = {
  id: "a1b2c3d4e5f6",
  rule: "column-not-null-added",
  severity: "breaking",
  objectKind: "column",
  object: "catalog.dataset_versions.published_by",
  message: "published_by is NOT NULL without a default in TARGET only.",
  why: "An INSERT that leaves published_by out succeeds in SOURCE and fails in TARGET with a not-null violation.",
  source: "text NULL",
  target: "text NOT NULL, no default",
  hint: "ALTER TABLE catalog.dataset_versions ALTER COLUMN published_by DROP NOT NULL;",
};

export const insertRevoked: Finding = {
  id: "0f9e8d7c6b5a",
  rule: "privilege-missing",
  severity: "breaking",
  objectKind: "privilege",
  object: "catalog.lineage_edges",
  message: "catalog_writer lacks INSERT on catalog.lineage_edges in TARGET.",
  why: "The writer role's INSERTs succeed in SOURCE and fail in TARGET with permission denied.",
  source: "catalog_writer: SELECT, INSERT, UPDATE",
  target: "catalog_writer: SELECT, UPDATE",
  hint: "GRANT INSERT ON catalog.lineage_edges TO catalog_writer;",
};

export const checkChanged: Finding = {
  id: "111122223333",
  rule: "check-constraint-changed",
  severity: "risky",
  objectKind: "constraint",
  object: 'catalog."Datasets".name_format',
  message: "CHECK name_format is stricter in TARGET.",
  why: "Values accepted in SOURCE may be rejected in TARGET.",
  source: "CHECK (name ~ '^[a-z_]+$')",
  target: "CHECK (name ~ '^[a-z]+$')",
  diff: "--- SOURCE\n+++ TARGET\n@@ -1 +1 @@\n-CHECK (name ~ '^[a-z_]+$')\n+CHECK (name ~ '^[a-z]+$')\n",
};

export const commentChanged: Finding = {
  id: "444455556666",
  rule: "comment-changed",
  severity: "info",
  objectKind: "table",
  object: "catalog.datasets",
  message: "The table comment differs.",
  why: "Comments do not affect writes.",
  source: "Registered datasets",
  target: "Datasets",
};

export function side(environment: string | null, label = environment ?? "store"): ReportSide {
  return { environment, label, fingerprint: `sha256:${"0".repeat(64)}` };
}

export function pair(findings: readonly Finding[], source = "test", target = "prod"): JudgedPair {
  return { source: side(source, `${source}.json`), target: side(target, `${target}.json`), findings };
}
