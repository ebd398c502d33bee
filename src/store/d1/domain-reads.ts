// The reads of parties, tags, chains and scan counts on D1. A lookup of many rows sends their keys
// as JSON arrays (./d1.ts jsonChunks) and joins json_each() against the table: one query a chunk.
import {
  type ChainEntryRow,
  type DomainReads,
  type KeyRow,
  type NfcBatchRow,
  type PartyRow,
  type PrefixHolder,
  type ProductRow,
  type RecallRow,
  type ReportRow,
  type TagRow,
  type TagToken,
  tagKey,
} from "../domain-store.js";
import {
  asBytes,
  type BlobColumn,
  CHAIN_SQL,
  ENTRY_BY_HASH_SQL,
  type KeyDb,
  NFC_BATCH_SQL,
  type NfcBatchDb,
  OVERLAPPING_PREFIX_SQL,
  type PartyDb,
  PRODUCT_SQL,
  RECALL_BY_HASH_SQL,
  RECALLS_SQL,
  REPORTS_SQL,
  type RecallDb,
  SCAN_DAYS_SQL,
  TAG_TOKEN_SQL,
  type TagDb,
  toKey,
  toNfcBatch,
  toParty,
  toProduct,
  toRecall,
  toTag,
} from "../sql/rows.js";
import { blob, type D1Database, jsonChunks } from "./d1.js";

export class D1DomainReads implements DomainReads {
  readonly #db: D1Database;

  constructor(db: D1Database) {
    this.#db = db;
  }

  async party(id: string): Promise<PartyRow | undefined> {
    const r = await this.#db.prepare("SELECT * FROM parties WHERE id = ?1").bind(id).first<PartyDb>();
    return r ? toParty(r) : undefined;
  }

  async overlappingPrefix(prefixes: readonly string[]): Promise<PrefixHolder | undefined> {
    if (prefixes.length === 0) return undefined;
    return (
      (await this.#db.prepare(OVERLAPPING_PREFIX_SQL).bind(JSON.stringify(prefixes)).first<PrefixHolder>()) ?? undefined
    );
  }

  async parties(ids: readonly string[]): Promise<Map<string, PartyRow>> {
    const out = new Map<string, PartyRow>();
    for (const r of await this.#byJson<PartyDb>("SELECT p.* FROM json_each(?1) j JOIN parties p ON p.id = j.value", [
      ...new Set(ids),
    ])) {
      out.set(r.id, toParty(r));
    }
    return out;
  }

  async key(keyId: string): Promise<KeyRow | undefined> {
    const r = await this.#db.prepare("SELECT * FROM party_keys WHERE key_id = ?1").bind(keyId).first<KeyDb>();
    return r ? toKey(r) : undefined;
  }

  async keys(keyIds: readonly string[]): Promise<Map<string, KeyRow>> {
    const out = new Map<string, KeyRow>();
    const sql = "SELECT k.* FROM json_each(?1) j JOIN party_keys k ON k.key_id = j.value";
    for (const r of await this.#byJson<KeyDb>(sql, [...new Set(keyIds)])) out.set(r.key_id, toKey(r));
    return out;
  }

  async partyKeys(partyId: string): Promise<KeyRow[]> {
    const { results } = await this.#db
      .prepare("SELECT * FROM party_keys WHERE party_id = ?1 ORDER BY added_leaf")
      .bind(partyId)
      .all<KeyDb>();
    return results.map(toKey);
  }

  async tag(gtin: string, serial: string): Promise<TagRow | undefined> {
    const r = await this.#db
      .prepare("SELECT * FROM tags WHERE gtin = ?1 AND serial = ?2")
      .bind(gtin, serial)
      .first<TagDb>();
    return r ? toTag(r) : undefined;
  }

  async tags(ids: readonly { gtin: string; serial: string }[]): Promise<Map<string, TagRow>> {
    const out = new Map<string, TagRow>();
    const sql = "SELECT t.* FROM json_each(?1) j JOIN tags t ON t.gtin = j.value ->> 0 AND t.serial = j.value ->> 1";
    for (const r of await this.#byJson<TagDb>(
      sql,
      ids.map((t) => [t.gtin, t.serial]),
    )) {
      out.set(tagKey(r.gtin, r.serial), toTag(r));
    }
    return out;
  }

  /** The token and the tag's day counts in one batch: a scan costs one D1 round trip. */
  async tagToken(gtin: string, serial: string): Promise<TagToken | undefined> {
    const [token, days] = await this.#db.batch([
      this.#db.prepare(TAG_TOKEN_SQL).bind(gtin, serial),
      this.#db
        .prepare(
          `SELECT s.day, sum(s.count) AS count FROM tags t JOIN scan_counts s ON s.tag_id = t.id
           WHERE t.gtin = ?1 AND t.serial = ?2 GROUP BY s.day ORDER BY s.day`,
        )
        .bind(gtin, serial),
    ]);
    const r = token?.results[0] as
      | (Omit<TagToken, "signature" | "head" | "nfcUid"> & {
          signature: BlobColumn;
          head: BlobColumn;
          nfcUid: BlobColumn | null;
        })
      | undefined;
    if (!r) return undefined;
    return {
      ...r,
      signature: asBytes(r.signature),
      head: asBytes(r.head),
      nfcUid: r.nfcUid === null ? null : asBytes(r.nfcUid),
      scanDays: (days?.results ?? []) as { day: string; count: number }[],
    };
  }

  async chain(tagId: number): Promise<ChainEntryRow[]> {
    const { results } = await this.#db
      .prepare(CHAIN_SQL)
      .bind(tagId)
      .all<Omit<ChainEntryRow, "leafHash" | "leaf"> & { leafHash: BlobColumn; leaf: BlobColumn }>();
    return results.map((r) => ({ ...r, leafHash: asBytes(r.leafHash), leaf: asBytes(r.leaf) }));
  }

  async entryByHash(leafHash: Uint8Array): Promise<{ leafIndex: number; gtin: string; serial: string } | undefined> {
    const r = await this.#db
      .prepare(ENTRY_BY_HASH_SQL)
      .bind(blob(leafHash))
      .first<{ leafIndex: number; gtin: string; serial: string }>();
    return r ?? undefined;
  }

  async scanDays(tagId: number): Promise<{ day: string; count: number }[]> {
    const { results } = await this.#db.prepare(SCAN_DAYS_SQL).bind(tagId).all<{ day: string; count: number }>();
    return results;
  }

  async recalls(gtin: string): Promise<RecallRow[]> {
    const { results } = await this.#db.prepare(RECALLS_SQL).bind(gtin).all<RecallDb>();
    return results.map(toRecall);
  }

  async recallByHash(leafHash: Uint8Array): Promise<RecallRow | undefined> {
    const r = await this.#db.prepare(RECALL_BY_HASH_SQL).bind(blob(leafHash)).first<RecallDb>();
    return r ? toRecall(r) : undefined;
  }

  async product(gtin: string): Promise<ProductRow | undefined> {
    const r = await this.#db.prepare(PRODUCT_SQL).bind(gtin).first<{ maker_party: string; statement: string }>();
    return r ? toProduct(r) : undefined;
  }

  async reports(gtin: string): Promise<ReportRow[]> {
    return (await this.#db.prepare(REPORTS_SQL).bind(gtin).all<ReportRow>()).results;
  }

  async nfcBatch(id: string): Promise<NfcBatchRow | undefined> {
    const r = await this.#db.prepare(NFC_BATCH_SQL).bind(id).first<NfcBatchDb>();
    return r ? toNfcBatch(r) : undefined;
  }

  /** Runs `sql` (reading rows from json_each(?1)) over `rows` in chunks and joins the results. */
  async #byJson<T>(sql: string, rows: readonly unknown[]): Promise<T[]> {
    const out: T[] = [];
    for (const chunk of jsonChunks(rows)) out.push(...(await this.#db.prepare(sql).bind(chunk).all<T>()).results);
    return out;
  }
}
