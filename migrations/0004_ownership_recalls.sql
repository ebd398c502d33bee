-- Recalls as their own log entries: one maker-signed statement recalls a GTIN, one of its lots or a
-- list of its serials, and a later one lifts it. Claims, transfers, returns and repairs are chain
-- entries (tag_entries) like custody events; a holder's entries keep only the key and the day.

CREATE TABLE recalls (
  leaf_index INTEGER PRIMARY KEY,
  leaf_hash BLOB NOT NULL UNIQUE,
  gtin TEXT NOT NULL,
  lot TEXT,                        -- only this lot of the GTIN
  serials TEXT,                    -- JSON array: only these serials of the GTIN
  maker_party TEXT NOT NULL REFERENCES parties (id),
  instructions TEXT,
  url TEXT,
  logged_at INTEGER NOT NULL,
  lifted_leaf INTEGER              -- the lift's leaf index, once lifted
);
CREATE INDEX recalls_gtin ON recalls (gtin);

CREATE TRIGGER recalls_lift_once BEFORE UPDATE OF lifted_leaf ON recalls
WHEN OLD.lifted_leaf IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'duplicate: recall already lifted');
END;

-- The version every cached verify answer checks now counts every change that reaches many tags'
-- answers at once: a key's, and a recall's.
UPDATE domain_versions SET name = 'shared' WHERE name = 'keys';
