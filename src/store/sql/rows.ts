// Rows and SQL shared by the SQL adapters (better-sqlite3 on Node, D1 on Workers): both run
// the same migrations, so they read and write the same tables the same way.
import type { ChainState, ProductStatement, Role } from "../../core/event.js";
import type {
  KeyRow,
  NfcBatchRow,
  PartyRow,
  ProductRow,
  RecallRow,
  ReportLimits,
  ReportRow,
  TagRow,
} from "../domain-store.js";

/** A BLOB column as read: better-sqlite3 gives Uint8Array (Buffer); D1 gives an array of numbers. */
export type BlobColumn = Uint8Array | ArrayBuffer | number[];

/** A BLOB column as bytes. */
export function asBytes(v: BlobColumn | readonly number[]): Uint8Array {
  if (v instanceof Uint8Array) return v;
  return new Uint8Array(v as ArrayBuffer);
}

export interface PartyDb {
  id: string;
  name: string;
  roles: string;
  country: string;
  gln: string | null;
  company_prefixes: string;
  show_name: number;
}
export interface KeyDb {
  key_id: string;
  party_id: string;
  public_key: Uint8Array;
  retired_at: number | null;
  compromised_at: number | null;
}
export interface TagDb {
  id: number;
  gtin: string;
  serial: string;
  lot: string | null;
  expiry: string | null;
  maker_party: string;
  maker_key: string;
  signature: Uint8Array;
  state: string;
  head: Uint8Array;
  length: number;
}

export const toParty = (r: PartyDb): PartyRow => ({
  id: r.id,
  name: r.name,
  roles: JSON.parse(r.roles) as Role[],
  country: r.country,
  ...(r.gln === null ? {} : { gln: r.gln }),
  companyPrefixes: JSON.parse(r.company_prefixes) as string[],
  showName: r.show_name === 1,
});
export const toKey = (r: KeyDb): KeyRow => ({
  keyId: r.key_id,
  partyId: r.party_id,
  publicKey: asBytes(r.public_key),
  ...(r.retired_at === null ? {} : { retiredAt: r.retired_at }),
  ...(r.compromised_at === null ? {} : { compromisedAt: r.compromised_at }),
});
export const toTag = (r: TagDb): TagRow => ({
  id: r.id,
  gtin: r.gtin,
  serial: r.serial,
  ...(r.lot === null ? {} : { lot: r.lot }),
  ...(r.expiry === null ? {} : { expiry: r.expiry }),
  makerParty: r.maker_party,
  makerKey: r.maker_key,
  signature: asBytes(r.signature),
  state: JSON.parse(r.state) as ChainState,
  head: asBytes(r.head),
  length: r.length,
});

export interface RecallDb {
  leaf_index: number;
  gtin: string;
  lot: string | null;
  serials: string | null;
  maker_party: string;
  instructions: string | null;
  url: string | null;
  logged_at: number;
  lifted_leaf: number | null;
}
export const toRecall = (r: RecallDb): RecallRow => ({
  leafIndex: r.leaf_index,
  gtin: r.gtin,
  ...(r.lot === null ? {} : { lot: r.lot }),
  ...(r.serials === null ? {} : { serials: JSON.parse(r.serials) as string[] }),
  makerParty: r.maker_party,
  ...(r.instructions === null ? {} : { instructions: r.instructions }),
  ...(r.url === null ? {} : { url: r.url }),
  loggedAt: r.logged_at,
  lifted: r.lifted_leaf !== null,
  ...(r.lifted_leaf === null ? {} : { liftedBy: r.lifted_leaf }),
});
export const RECALLS_SQL = "SELECT * FROM recalls WHERE gtin = ? AND lifted_leaf IS NULL ORDER BY leaf_index DESC";
export const RECALL_BY_HASH_SQL = "SELECT * FROM recalls WHERE leaf_hash = ?";
export const INSERT_RECALL_SQL = `INSERT INTO recalls (leaf_index, leaf_hash, gtin, lot, serials, maker_party, instructions, url, logged_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
/** Lifts a recall; a second lift fails in the trigger (migrations/0004). Recalls are never deleted. */
export const LIFT_RECALL_SQL = "UPDATE recalls SET lifted_leaf = ? WHERE leaf_hash = ?";

/** The bind parameters of INSERT_RECALL_SQL. */
export function recallParams(
  w: { recall: Omit<RecallRow, "leafIndex" | "loggedAt" | "lifted" | "liftedBy">; leafHash: Uint8Array },
  leafIndex: number,
  loggedAt: number,
): unknown[] {
  const r = w.recall;
  return [
    leafIndex,
    w.leafHash,
    r.gtin,
    r.lot ?? null,
    r.serials === undefined ? null : JSON.stringify(r.serials),
    r.makerParty,
    r.instructions ?? null,
    r.url ?? null,
    loggedAt,
  ];
}

export const PRODUCT_SQL = "SELECT maker_party, statement FROM products WHERE gtin = ?";
export const toProduct = (r: { maker_party: string; statement: string }): ProductRow => ({
  makerParty: r.maker_party,
  statement: JSON.parse(r.statement) as ProductStatement,
});
/** Inserts or replaces a GTIN's description; the trigger (migrations/0005) refuses another maker. */
export const UPSERT_PRODUCT_SQL = `INSERT INTO products (gtin, maker_party, statement, leaf_index) VALUES (?, ?, ?, ?)
  ON CONFLICT (gtin) DO UPDATE SET maker_party = excluded.maker_party, statement = excluded.statement,
  leaf_index = excluded.leaf_index`;

export const REPORTS_SQL =
  "SELECT gtin, serial, verdict, day, place, text FROM reports WHERE gtin = ? ORDER BY id DESC";
/** Inserts a report unless its tag or GTIN has reached the day's limit (one statement: atomic on both engines). */
export const ADD_REPORT_SQL = `INSERT INTO reports (gtin, serial, verdict, day, place, text)
  SELECT ?, ?, ?, ?, ?, ?
  WHERE (SELECT count(*) FROM reports WHERE gtin = ? AND serial = ? AND day = ?) < ?
    AND (SELECT count(*) FROM reports WHERE gtin = ? AND day = ?) < ?`;

/** The bind parameters of ADD_REPORT_SQL, in order. */
export function reportParams(r: ReportRow, limits: ReportLimits): (string | number)[] {
  return [
    r.gtin,
    r.serial,
    r.verdict,
    r.day,
    r.place,
    r.text,
    r.gtin,
    r.serial,
    r.day,
    limits.perTagDay,
    r.gtin,
    r.day,
    limits.perGtinDay,
  ];
}

export const TAG_TOKEN_SQL = `SELECT t.id, t.signature, t.head, t.lot, t.maker_party AS makerParty,
  (SELECT version FROM domain_versions WHERE name = 'shared') AS sharedVersion,
  n.batch_id AS nfcBatch, n.uid AS nfcUid
  FROM tags t LEFT JOIN nfc_tags n ON n.tag_id = t.id WHERE t.gtin = ? AND t.serial = ?`;
export const INSERT_NFC_BATCH_SQL =
  "INSERT INTO nfc_batches (id, maker_party, commitment, sealed_key, leaf_index) VALUES (?, ?, ?, ?, ?)";
export const REVOKE_NFC_BATCH_SQL = "UPDATE nfc_batches SET compromised_at = ?, revoked_leaf = ? WHERE id = ?";
export const NFC_BATCH_SQL = `SELECT id, maker_party AS makerParty, commitment, sealed_key AS sealedKey,
  leaf_index AS leafIndex, compromised_at AS compromisedAt FROM nfc_batches WHERE id = ?`;
/** Raises the tag's last counter (and its day) only if this tap's counter is higher. */
export const ADVANCE_TAP_SQL =
  "UPDATE nfc_tags SET last_counter = ?, last_day = ? WHERE tag_id = ? AND last_counter < ?";
export const TAP_STATE_SQL = "SELECT last_counter AS lastCounter, last_day AS lastDay FROM nfc_tags WHERE tag_id = ?";
export interface NfcBatchDb {
  id: string;
  makerParty: string;
  commitment: string;
  sealedKey: BlobColumn;
  leafIndex: number;
  compromisedAt: number | null;
}
export function toNfcBatch(r: NfcBatchDb): NfcBatchRow {
  const { compromisedAt, sealedKey, ...rest } = r;
  return { ...rest, sealedKey: asBytes(sealedKey), ...(compromisedAt === null ? {} : { compromisedAt }) };
}
export const BUMP_SHARED_SQL = "UPDATE domain_versions SET version = version + 1 WHERE name = 'shared'";
export const ADD_SCANS_SQL = `INSERT INTO scan_counts (tag_id, day, country, count) VALUES (?, ?, ?, ?)
  ON CONFLICT (tag_id, day, country) DO UPDATE SET count = count + excluded.count`;
export const SCAN_DAYS_SQL =
  "SELECT day, sum(count) AS count FROM scan_counts WHERE tag_id = ? GROUP BY day ORDER BY day";
export const PURGE_SCANS_SQL = "DELETE FROM scan_counts WHERE day < ?";
export const CHAIN_SQL = `SELECT e.seq, e.leaf_index AS leafIndex, e.leaf_hash AS leafHash, e.type, e.actor_party AS actorParty,
  e.actor_key AS actorKey, e.logged_at AS loggedAt, l.data AS leaf
  FROM tag_entries e JOIN log_leaves l ON l.idx = e.leaf_index WHERE e.tag_id = ? ORDER BY e.seq`;
export const ENTRY_BY_HASH_SQL = `SELECT e.leaf_index AS leafIndex, t.gtin, t.serial FROM tag_entries e
  JOIN tags t ON t.id = e.tag_id WHERE e.leaf_hash = ?`;

/**
 * core/gs1 prefixesOverlap in SQL, over every registered party's company prefixes (`held`) and
 * the JSON array of prefixes bound at `param` (`asked`): one begins with the other. Parties are
 * few (thousands at most), so a scan of the table is cheap enough not to need an index.
 */
const overlapping = (param: string) => `json_each(${param}) asked, parties p, json_each(p.company_prefixes) held
  WHERE substr(held.value, 1, length(asked.value)) = asked.value
     OR substr(asked.value, 1, length(held.value)) = held.value`;
export const OVERLAPPING_PREFIX_SQL = `SELECT p.id AS partyId, held.value AS prefix FROM ${overlapping("?")}
  ORDER BY p.leaf_index LIMIT 1`;
/**
 * Inserts a party unless one of its prefixes overlaps a registered party's: then leaf_index is
 * NULL, which NOT NULL refuses, failing the whole batch (D1, where no step between a batch's
 * statements can check and abort).
 */
export const INSERT_PARTY_SQL = `INSERT INTO parties (id, name, roles, country, gln, company_prefixes, show_name, leaf_index)
  SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, CASE WHEN EXISTS (SELECT 1 FROM ${overlapping("?6")}) THEN NULL ELSE ?8 END`;
