-- The catalog service connects as catalog_writer: it reads and writes rows, and owns nothing.
CREATE ROLE catalog_writer NOLOGIN;
GRANT USAGE ON SCHEMA catalog TO catalog_writer;
GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA catalog TO catalog_writer;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA catalog TO catalog_writer;
