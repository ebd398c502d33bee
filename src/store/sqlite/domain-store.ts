// Parties, tags, chains and scan counts on better-sqlite3. commit() runs every write and the log
// append in one IMMEDIATE transaction; a chain head that moved since validation aborts it all.
import type Database from "better-sqlite3";
import {
  type ChainEntryRow,
  changesSharedFacts,
  type DomainStore,
  type DomainWrite,
  DuplicateError,
  HeadMovedError,
  type KeyRow,
  type NfcBatchRow,
  type PartyRow,
  type PrefixHolder,
  type ProductRow,
  type RecallRow,
  type ReportLimits,
  type ReportRow,
  type ScanCount,
  type TagRow,
  type TagToken,
  type TapCount,
  tagKey,
} from "../domain-store.js";
import type { AppendResult, Seal } from "../log-store.js";
import {
  ADD_REPORT_SQL,
  ADD_SCANS_SQL,
  ADVANCE_TAP_SQL,
  BUMP_SHARED_SQL,
  CHAIN_SQL,
  ENTRY_BY_HASH_SQL,
  INSERT_NFC_BATCH_SQL,
  INSERT_RECALL_SQL,
  type KeyDb,
  LIFT_RECALL_SQL,
  NFC_BATCH_SQL,
  type NfcBatchDb,
  OVERLAPPING_PREFIX_SQL,
  type PartyDb,
  PRODUCT_SQL,
  PURGE_SCANS_SQL,
  RECALL_BY_HASH_SQL,
  RECALLS_SQL,
  REPORTS_SQL,
  REVOKE_NFC_BATCH_SQL,
  type RecallDb,
  recallParams,
  reportParams,
  SCAN_DAYS_SQL,
  TAG_TOKEN_SQL,
  TAP_STATE_SQL,
  type TagDb,
  toKey,
  toNfcBatch,
  toParty,
  toProduct,
  toRecall,
  toTag,
  UPSERT_PRODUCT_SQL,
} from "../sql/rows.js";
import type { SqliteDatabase } from "./database.js";
import type { SqliteLogStore } from "./log-store.js";

const TAG_CHUNK = 250;
const TOKEN_CACHE_LIMIT = 50_000;

export class SqliteDomainStore implements DomainStore {
  readonly #db: SqliteDatabase;
  readonly #log: SqliteLogStore;
  readonly #s;
  readonly #commit: Database.Transaction<
    (writes: readonly DomainWrite[], loggedAt: number, seal: Seal) => AppendResult
  >;

  /**
   * Scan tokens of recently scanned tags, kept only when this object is the database's sole
   * writer (the embedded default: one process owns the file), so that its own commits are the
   * only changes to forget: a chain's head moving, or any key changing.
   */
  readonly #tokens: Map<string, TagToken> | undefined;

  constructor(db: SqliteDatabase, log: SqliteLogStore, options: { soleWriter?: boolean } = {}) {
    this.#db = db;
    this.#log = log;
    this.#tokens = options.soleWriter ? new Map() : undefined;
    this.#s = {
      party: db.prepare<[string], PartyDb>("SELECT * FROM parties WHERE id = ?"),
      overlappingPrefix: db.prepare<[string], PrefixHolder>(OVERLAPPING_PREFIX_SQL),
      key: db.prepare<[string], KeyDb>("SELECT * FROM party_keys WHERE key_id = ?"),
      partyKeys: db.prepare<[string], KeyDb>("SELECT * FROM party_keys WHERE party_id = ? ORDER BY added_leaf"),
      tag: db.prepare<[string, string], TagDb>("SELECT * FROM tags WHERE gtin = ? AND serial = ?"),
      tagToken: db.prepare<[string, string], TagToken>(TAG_TOKEN_SQL),
      bumpKeys: db.prepare(BUMP_SHARED_SQL),
      chain: db.prepare<[number], ChainEntryRow>(CHAIN_SQL),
      entryByHash: db.prepare<[Uint8Array], { leafIndex: number; gtin: string; serial: string }>(ENTRY_BY_HASH_SQL),
      insertParty: db.prepare(
        `INSERT INTO parties (id, name, roles, country, gln, company_prefixes, show_name, leaf_index)
         VALUES (@id, @name, @roles, @country, @gln, @company_prefixes, @show_name, @leaf_index)`,
      ),
      insertKey: db.prepare("INSERT INTO party_keys (key_id, party_id, public_key, added_leaf) VALUES (?, ?, ?, ?)"),
      retireKey: db.prepare("UPDATE party_keys SET retired_at = ? WHERE key_id = ? AND retired_at IS NULL"),
      revokeKey: db.prepare(
        "UPDATE party_keys SET compromised_at = ?, revoked_leaf = ? WHERE key_id = ? AND compromised_at IS NULL",
      ),
      insertTag: db.prepare(
        `INSERT INTO tags (gtin, serial, lot, expiry, maker_party, maker_key, signature, state, head, length)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
      ),
      moveHead: db.prepare(
        "UPDATE tags SET state = ?, head = ?, length = length + 1 WHERE id = ? AND head = ? AND length = ?",
      ),
      insertEntry: db.prepare(
        `INSERT INTO tag_entries (tag_id, seq, leaf_index, leaf_hash, type, actor_party, actor_key, logged_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      addScans: db.prepare(ADD_SCANS_SQL),
      scanDays: db.prepare<[number], { day: string; count: number }>(SCAN_DAYS_SQL),
      purgeScans: db.prepare(PURGE_SCANS_SQL),
      recalls: db.prepare<[string], RecallDb>(RECALLS_SQL),
      recallByHash: db.prepare<[Uint8Array], RecallDb>(RECALL_BY_HASH_SQL),
      insertRecall: db.prepare(INSERT_RECALL_SQL),
      liftRecall: db.prepare(LIFT_RECALL_SQL),
      product: db.prepare<[string], { maker_party: string; statement: string }>(PRODUCT_SQL),
      upsertProduct: db.prepare(UPSERT_PRODUCT_SQL),
      reports: db.prepare<[string], ReportRow>(REPORTS_SQL),
      addReport: db.prepare(ADD_REPORT_SQL),
      nfcBatch: db.prepare<[string], NfcBatchDb>(NFC_BATCH_SQL),
      insertNfcBatch: db.prepare(INSERT_NFC_BATCH_SQL),
      revokeNfcBatch: db.prepare(REVOKE_NFC_BATCH_SQL),
      insertNfcTag: db.prepare("INSERT INTO nfc_tags (tag_id, batch_id, uid) VALUES (?, ?, ?)"),
      advanceTap: db.prepare(ADVANCE_TAP_SQL),
      tapState: db.prepare<[number], { lastCounter: number; lastDay: string | null }>(TAP_STATE_SQL),
    };
    this.#commit = db.transaction((writes, loggedAt, seal) => this.#commitInTransaction(writes, loggedAt, seal));
  }

  #commitInTransaction(writes: readonly DomainWrite[], loggedAt: number, seal: Seal): AppendResult {
    const result = this.#log.appendInTransaction(
      writes.map((w) => w.leaf),
      seal,
    );
    for (const [i, w] of writes.entries()) this.#apply(w, result.firstIndex + i, loggedAt);
    if (writes.some(changesSharedFacts)) this.#s.bumpKeys.run();
    return result;
  }

  #apply(w: DomainWrite, leafIndex: number, loggedAt: number): void {
    const s = this.#s;
    switch (w.kind) {
      case "party": {
        const held = this.#overlappingPrefix(w.party.companyPrefixes);
        if (held) throw new DuplicateError(`a company prefix overlaps ${held.prefix} of party ${held.partyId}`);
        s.insertParty.run({
          id: w.party.id,
          name: w.party.name,
          roles: JSON.stringify(w.party.roles),
          country: w.party.country,
          gln: w.party.gln ?? null,
          company_prefixes: JSON.stringify(w.party.companyPrefixes),
          show_name: w.party.showName ? 1 : 0,
          leaf_index: leafIndex,
        });
        return;
      }
      case "add-key":
        s.insertKey.run(w.key.keyId, w.key.partyId, w.key.publicKey, leafIndex);
        return;
      case "retire-key":
        if (s.retireKey.run(w.at, w.keyId).changes !== 1) throw new DuplicateError(`key ${w.keyId} already retired`);
        return;
      case "revoke-key":
        if (s.revokeKey.run(w.compromisedAt, leafIndex, w.keyId).changes !== 1) {
          throw new DuplicateError(`key ${w.keyId} already revoked`);
        }
        return;
      case "commission": {
        const t = w.tag;
        const { lastInsertRowid } = s.insertTag.run(
          t.gtin,
          t.serial,
          t.lot ?? null,
          t.expiry ?? null,
          t.makerParty,
          t.makerKey,
          t.signature,
          JSON.stringify(t.state),
          w.leafHash,
        );
        s.insertEntry.run(lastInsertRowid, 0, leafIndex, w.leafHash, "commission", t.makerParty, t.makerKey, loggedAt);
        if (w.nfc) s.insertNfcTag.run(lastInsertRowid, w.nfc.batch, w.nfc.uid);
        return;
      }
      case "nfc-batch": {
        const b = w.batch;
        s.insertNfcBatch.run(b.id, b.makerParty, b.commitment, b.sealedKey, leafIndex);
        return;
      }
      case "revoke-nfc-batch":
        if (s.revokeNfcBatch.run(w.compromisedAt, leafIndex, w.id).changes !== 1) {
          throw new DuplicateError(`no NFC batch ${w.id} to revoke`);
        }
        return;
      case "recall":
        s.insertRecall.run(...recallParams(w, leafIndex, loggedAt));
        return;
      case "product":
        s.upsertProduct.run(w.product.gtin, w.product.makerParty, JSON.stringify(w.product.statement), leafIndex);
        return;
      case "lift-recall":
        if (s.liftRecall.run(leafIndex, w.lifts).changes !== 1) throw new DuplicateError("no such recall to lift");
        return;
      case "event": {
        const id = w.tagId;
        const moved = s.moveHead.run(JSON.stringify(w.state), w.leafHash, id, w.expectHead, w.expectLength);
        if (moved.changes !== 1) throw new HeadMovedError(w.gtin, w.serial);
        s.insertEntry.run(id, w.expectLength, leafIndex, w.leafHash, w.type, w.actorParty, w.actorKey, loggedAt);
        return;
      }
    }
  }

  /**
   * Forgets what `writes`, just committed to this database (by this object or by the writer
   * thread on its behalf), made stale: the scan tokens of the tags they moved; all on a key change.
   */
  committed(writes: readonly DomainWrite[]): void {
    if (!this.#tokens) return;
    if (writes.some(changesSharedFacts)) this.#tokens.clear();
    for (const w of writes) if (w.kind === "event") this.#tokens.delete(tagKey(w.gtin, w.serial));
  }

  async commit(writes: readonly DomainWrite[], loggedAt: number, seal: Seal): Promise<AppendResult> {
    try {
      const result = this.#commit.immediate(writes, loggedAt, seal);
      this.committed(writes);
      return result;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (
        code === "SQLITE_CONSTRAINT_UNIQUE" ||
        code === "SQLITE_CONSTRAINT_PRIMARYKEY" ||
        // The schema's once-only triggers (migrations/0003, 0004) raise "duplicate: …".
        (code === "SQLITE_CONSTRAINT_TRIGGER" && /^duplicate: /.test((err as Error).message))
      ) {
        throw new DuplicateError((err as Error).message);
      }
      throw err;
    }
  }

  async party(id: string): Promise<PartyRow | undefined> {
    const r = this.#s.party.get(id);
    return r && toParty(r);
  }

  #overlappingPrefix(prefixes: readonly string[]): PrefixHolder | undefined {
    return prefixes.length === 0 ? undefined : this.#s.overlappingPrefix.get(JSON.stringify(prefixes));
  }

  async overlappingPrefix(prefixes: readonly string[]): Promise<PrefixHolder | undefined> {
    return this.#overlappingPrefix(prefixes);
  }

  async parties(ids: readonly string[]): Promise<Map<string, PartyRow>> {
    const out = new Map<string, PartyRow>();
    for (const id of new Set(ids)) {
      const r = this.#s.party.get(id);
      if (r) out.set(id, toParty(r));
    }
    return out;
  }

  async key(keyId: string): Promise<KeyRow | undefined> {
    const r = this.#s.key.get(keyId);
    return r && toKey(r);
  }

  async keys(keyIds: readonly string[]): Promise<Map<string, KeyRow>> {
    const out = new Map<string, KeyRow>();
    for (const id of new Set(keyIds)) {
      const r = this.#s.key.get(id);
      if (r) out.set(id, toKey(r));
    }
    return out;
  }

  async partyKeys(partyId: string): Promise<KeyRow[]> {
    return this.#s.partyKeys.all(partyId).map(toKey);
  }

  async tag(gtin: string, serial: string): Promise<TagRow | undefined> {
    const r = this.#s.tag.get(gtin, serial);
    return r && toTag(r);
  }

  async tagToken(gtin: string, serial: string): Promise<TagToken | undefined> {
    const tokens = this.#tokens;
    if (!tokens) return this.#s.tagToken.get(gtin, serial);
    const key = tagKey(gtin, serial);
    let token = tokens.get(key);
    if (!token) {
      token = this.#s.tagToken.get(gtin, serial);
      if (!token) return undefined;
      if (tokens.size >= TOKEN_CACHE_LIMIT) tokens.delete(tokens.keys().next().value as string);
      tokens.set(key, token);
    }
    return token;
  }

  /** Looks tags up in chunks of one query each: a batch of 1,000 costs a handful of queries. */
  async tags(ids: readonly { gtin: string; serial: string }[]): Promise<Map<string, TagRow>> {
    const out = new Map<string, TagRow>();
    for (let i = 0; i < ids.length; i += TAG_CHUNK) {
      // A batch's 10,000 lookups would hold the event loop for 100 ms and more: other requests go between.
      if (i > 0) await new Promise<void>((resume) => setImmediate(resume));
      const chunk = ids.slice(i, i + TAG_CHUNK);
      const params = chunk.flatMap((t) => [t.gtin, t.serial]);
      for (const r of this.#tagsIn(chunk.length).all(...params)) out.set(tagKey(r.gtin, r.serial), toTag(r));
    }
    return out;
  }

  readonly #tagsInCache = new Map<number, Database.Statement<string[], TagDb>>();

  #tagsIn(n: number): Database.Statement<string[], TagDb> {
    let stmt = this.#tagsInCache.get(n);
    if (!stmt) {
      const values = Array.from({ length: n }, () => "(?, ?)").join(", ");
      stmt = this.#db.prepare<string[], TagDb>(`SELECT * FROM tags WHERE (gtin, serial) IN (VALUES ${values})`);
      if (this.#tagsInCache.size > 64) this.#tagsInCache.clear();
      this.#tagsInCache.set(n, stmt);
    }
    return stmt;
  }

  async chain(tagId: number): Promise<ChainEntryRow[]> {
    return this.#s.chain.all(tagId);
  }

  async entryByHash(leafHash: Uint8Array): Promise<{ leafIndex: number; gtin: string; serial: string } | undefined> {
    return this.#s.entryByHash.get(leafHash);
  }

  async addScans(counts: readonly ScanCount[]): Promise<void> {
    this.#db.transaction(() => {
      for (const c of counts) this.#s.addScans.run(c.tagId, c.day, c.country, c.count);
    })();
  }

  async scanDays(tagId: number): Promise<{ day: string; count: number }[]> {
    return this.#s.scanDays.all(tagId);
  }

  async recalls(gtin: string): Promise<RecallRow[]> {
    return this.#s.recalls.all(gtin).map(toRecall);
  }

  async recallByHash(leafHash: Uint8Array): Promise<RecallRow | undefined> {
    const r = this.#s.recallByHash.get(leafHash);
    return r && toRecall(r);
  }

  async product(gtin: string): Promise<ProductRow | undefined> {
    const r = this.#s.product.get(gtin);
    return r && toProduct(r);
  }

  async reports(gtin: string): Promise<ReportRow[]> {
    return this.#s.reports.all(gtin);
  }

  async addReport(r: ReportRow, limits: ReportLimits): Promise<boolean> {
    return this.#s.addReport.run(...reportParams(r, limits)).changes === 1;
  }

  async purgeScans(beforeDay: string): Promise<number> {
    return this.#s.purgeScans.run(beforeDay).changes;
  }

  async nfcBatch(id: string): Promise<NfcBatchRow | undefined> {
    const r = this.#s.nfcBatch.get(id);
    return r && toNfcBatch(r);
  }

  async advanceTap(tagId: number, counter: number, day: string): Promise<TapCount> {
    return this.#advanceTap(tagId, counter, day);
  }

  /**
   * Several taps in one transaction (one fsync for all: the writer thread's group commit), each
   * decided in order exactly as advanceTap decides it.
   */
  advanceTaps(taps: readonly { tagId: number; counter: number; day: string }[]): TapCount[] {
    return this.#db.transaction(() => taps.map((t) => this.#advanceTap(t.tagId, t.counter, t.day)))();
  }

  #advanceTap(tagId: number, counter: number, day: string): TapCount {
    // One statement decides: of two taps with one counter, exactly one raises it.
    const fresh = this.#s.advanceTap.run(counter, day, tagId, counter).changes === 1;
    const state = this.#s.tapState.get(tagId);
    return {
      fresh,
      lastCounter: state?.lastCounter ?? -1,
      ...(state?.lastDay ? { lastDay: state.lastDay } : {}),
    };
  }
}
