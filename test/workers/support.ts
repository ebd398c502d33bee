// Helpers for the Workers tests.

const TABLES = [
  "scan_counts",
  "tag_entries",
  "tags",
  "party_keys",
  "parties",
  "log_checkpoints",
  "log_nodes",
  "log_leaves",
  "log_meta",
];

/** Brings the migrated test database back to an empty log with no parties, tags or scans. */
export async function emptyDatabase(db: D1Database): Promise<void> {
  await db.batch([
    ...TABLES.map((t) => db.prepare(`DELETE FROM ${t}`)),
    db.prepare(
      "UPDATE log_state SET size = 0, root = X'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' WHERE id = 1",
    ),
    db.prepare("UPDATE domain_versions SET version = 0"),
  ]);
}
