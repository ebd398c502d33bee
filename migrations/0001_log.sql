-- The transparency log: leaves, every complete subtree hash, the current tree head, and the
-- signed checkpoints issued. Shared by the Node runtime (better-sqlite3) and D1 (wrangler).

-- Leaf bytes by index. Leaf hashes live in log_nodes at level 0.
CREATE TABLE log_leaves (
  idx INTEGER PRIMARY KEY,
  data BLOB NOT NULL
);

-- Complete subtrees: (level, idx) covers leaves [idx * 2^level, (idx + 1) * 2^level).
-- Written once, never updated. Level 8k rows are the hashes a C2SP tlog-tiles tile holds.
CREATE TABLE log_nodes (
  level INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  hash BLOB NOT NULL,
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;

-- The tree head: one row, moved forward in the same transaction as the leaves and nodes.
CREATE TABLE log_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  size INTEGER NOT NULL,
  root BLOB NOT NULL
);
INSERT INTO log_state (id, size, root)
VALUES (1, 0, X'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');

-- Every checkpoint the log has signed, as the full signed note.
CREATE TABLE log_checkpoints (
  size INTEGER PRIMARY KEY,
  note TEXT NOT NULL
);

-- Settings fixed at creation, such as the log origin every checkpoint commits to.
CREATE TABLE log_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
