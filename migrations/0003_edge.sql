-- What the edge (Workers + D1) needs and every runtime now shares:
-- scan counts may carry the country an edge saw the request come from (a code, never an
-- address); a version counter that every key change bumps, so any process can tell whether its
-- cached verify answers are stale; and triggers that make a second retire or revoke of a key
-- fail inside a batch, where no caller can check a changed-row count.

CREATE TABLE scan_counts (
  tag_id INTEGER NOT NULL REFERENCES tags (id),
  day TEXT NOT NULL,               -- YYYY-MM-DD (UTC)
  country TEXT NOT NULL DEFAULT '',-- ISO 3166-1 alpha-2 from the edge, '' where unknown
  count INTEGER NOT NULL,
  PRIMARY KEY (tag_id, day, country)
) WITHOUT ROWID;
INSERT INTO scan_counts (tag_id, day, country, count) SELECT tag_id, day, '', count FROM scan_days;
DROP TABLE scan_days;
CREATE INDEX scan_counts_day ON scan_counts (day);

CREATE TABLE domain_versions (
  name TEXT PRIMARY KEY,
  version INTEGER NOT NULL
);
INSERT INTO domain_versions (name, version) VALUES ('keys', 0);

CREATE TRIGGER party_keys_retire_once BEFORE UPDATE OF retired_at ON party_keys
WHEN OLD.retired_at IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'duplicate: key already retired');
END;

CREATE TRIGGER party_keys_revoke_once BEFORE UPDATE OF compromised_at ON party_keys
WHEN OLD.compromised_at IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'duplicate: key already revoked');
END;
