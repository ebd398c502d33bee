-- Parties, their keys, commissioned tags and their custody chains, and per-day scan counts.
-- Every row that records a statement points at its log leaf (leaf_index): the log is the
-- source of truth, these tables are indexes over it.

CREATE TABLE parties (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  roles TEXT NOT NULL,             -- JSON array of manufacturer | distributor | retailer
  country TEXT NOT NULL,           -- ISO 3166-1 alpha-2
  gln TEXT,
  company_prefixes TEXT NOT NULL,  -- JSON array of GS1 company prefixes
  show_name INTEGER NOT NULL,      -- 1: consumers see the name; 0: only role and country
  leaf_index INTEGER NOT NULL
);

CREATE TABLE party_keys (
  key_id TEXT PRIMARY KEY,
  party_id TEXT NOT NULL REFERENCES parties (id),
  public_key BLOB NOT NULL UNIQUE,
  added_leaf INTEGER NOT NULL,
  retired_at INTEGER,              -- ms since epoch: no statement is accepted after it
  compromised_at INTEGER,          -- ms since epoch: statements logged after it are refused and flagged
  revoked_leaf INTEGER
);
CREATE INDEX party_keys_party ON party_keys (party_id);

CREATE TABLE tags (
  id INTEGER PRIMARY KEY,
  gtin TEXT NOT NULL,
  serial TEXT NOT NULL,
  lot TEXT,
  expiry TEXT,
  maker_party TEXT NOT NULL REFERENCES parties (id),
  maker_key TEXT NOT NULL REFERENCES party_keys (key_id),
  signature BLOB NOT NULL,
  state TEXT NOT NULL,             -- JSON ChainState
  head BLOB NOT NULL,              -- leaf hash of the newest entry in the tag's chain
  length INTEGER NOT NULL,         -- entries in the chain
  UNIQUE (gtin, serial)
);

CREATE TABLE tag_entries (
  tag_id INTEGER NOT NULL REFERENCES tags (id),
  seq INTEGER NOT NULL,            -- 0 is the commission entry
  leaf_index INTEGER NOT NULL UNIQUE,
  leaf_hash BLOB NOT NULL UNIQUE,
  type TEXT NOT NULL,
  actor_party TEXT NOT NULL,
  actor_key TEXT NOT NULL,
  logged_at INTEGER NOT NULL,      -- ms since epoch the log accepted it (supply-chain data, not consumers')
  PRIMARY KEY (tag_id, seq)
) WITHOUT ROWID;

-- The only trace verification leaves: how many scans a tag had on a UTC day. No address, agent,
-- cookie or time of day. Rows older than the retention period are deleted.
CREATE TABLE scan_days (
  tag_id INTEGER NOT NULL REFERENCES tags (id),
  day TEXT NOT NULL,               -- YYYY-MM-DD (UTC)
  count INTEGER NOT NULL,
  PRIMARY KEY (tag_id, day)
) WITHOUT ROWID;
CREATE INDEX scan_days_day ON scan_days (day);
