-- What was done to prod by hand, outside the migrations. Applied after migrations/*.sql to record
-- environments/snapshots/prod.json (see docs/ci-gate.md, "The bundled example").

-- During a data-quality incident someone made published_by mandatory, with no default. The catalog
-- service's automatic publishes leave it out, so every one of them now fails with a not-null violation.
ALTER TABLE catalog.dataset_versions ALTER COLUMN published_by SET NOT NULL;

-- Lineage writes were paused by revoking INSERT from the writer role, and never restored.
REVOKE INSERT ON catalog.lineage_edges FROM catalog_writer;

-- Expected: prod has a read-only role for the reporting dashboards (waived in environments/waivers.json).
CREATE ROLE reporting_reader NOLOGIN;
GRANT USAGE ON SCHEMA catalog TO reporting_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA catalog TO reporting_reader;

-- Harmless: an index the reporting queries needed.
CREATE INDEX dataset_versions_published_at_idx ON catalog.dataset_versions (published_at);
