-- NFC tags (NTAG 424 DNA SUN). A maker's batch master key is kept only sealed (AES-256-GCM under
-- the operator's key-encryption key, never in the clear); its log entry carries a commitment.
-- Per tag: its batch, its UID (bound at commissioning by a commitment in the signed identity), the
-- highest SDM read counter seen and the UTC day of that tap. Nothing else about taps or tappers.
CREATE TABLE nfc_batches (
  id TEXT PRIMARY KEY,             -- the first 16 characters of the key's commitment
  maker_party TEXT NOT NULL REFERENCES parties (id),
  commitment TEXT NOT NULL UNIQUE, -- base64url SHA-256 commitment to the master key (core/nfc.ts)
  sealed_key BLOB NOT NULL,        -- version ‖ nonce ‖ AES-256-GCM ciphertext and tag
  leaf_index INTEGER NOT NULL,
  compromised_at INTEGER,          -- ms since epoch, once revoked
  revoked_leaf INTEGER
);

CREATE TRIGGER nfc_batches_revoke_once BEFORE UPDATE OF compromised_at ON nfc_batches
WHEN OLD.compromised_at IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'duplicate: NFC batch already revoked');
END;

CREATE TABLE nfc_tags (
  tag_id INTEGER PRIMARY KEY REFERENCES tags (id),
  batch_id TEXT NOT NULL REFERENCES nfc_batches (id),
  uid BLOB NOT NULL,
  last_counter INTEGER NOT NULL DEFAULT -1,  -- -1: never tapped
  last_day TEXT,                            -- YYYY-MM-DD (UTC) of the tap that set last_counter
  UNIQUE (batch_id, uid)
);
