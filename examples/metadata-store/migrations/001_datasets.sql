-- The catalog's metadata store: registered datasets and their published versions.
CREATE SCHEMA catalog;

CREATE TABLE catalog.datasets (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name        text NOT NULL UNIQUE CHECK (name ~ '^[a-z][a-z0-9_]*$'),
  owner_team  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE catalog.dataset_versions (
  dataset_id    bigint NOT NULL REFERENCES catalog.datasets (id),
  version       integer NOT NULL CHECK (version > 0),
  schema_json   jsonb NOT NULL,
  -- Filled in by the publishing UI; the catalog service's automatic publishes leave it empty.
  published_by  text,
  published_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (dataset_id, version)
);
