-- Lineage between datasets, recorded by the catalog service whenever a job reads one and writes another.
CREATE TABLE catalog.lineage_edges (
  upstream_id    bigint NOT NULL REFERENCES catalog.datasets (id),
  downstream_id  bigint NOT NULL REFERENCES catalog.datasets (id),
  recorded_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (upstream_id, downstream_id),
  CHECK (upstream_id <> downstream_id)
);
