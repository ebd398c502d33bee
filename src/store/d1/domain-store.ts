// Parties, tags, chains and scan counts on D1. A commit is one batch() (one SQL transaction):
// the log append (see ./log-store.ts) and every index row. Guards live in the schema, not in an
// open transaction: an event inserts its chain entry at (tag, expected length), which exists
// already if the chain moved; a tag, party or key can be inserted once, and a party only with
// company prefixes no other party's overlap; a key can be retired or revoked once (triggers,
// migrations/0003). A refused batch writes nothing.
import { toHex } from "../../core/bytes.js";
import {
  type ChainEntryRow,
  changesKeys,
  type DomainStore,
  type DomainWrite,
  DuplicateError,
  HeadMovedError,
  type KeyRow,
  type PartyRow,
  type PrefixHolder,
  type ScanCount,
  type TagRow,
  type TagToken,
  tagKey,
} from "../domain-store.js";
import type { AppendResult, Seal } from "../log-store.js";
import {
  ADD_SCANS_SQL,
  asBytes,
  BUMP_KEYS_SQL,
  CHAIN_SQL,
  ENTRY_BY_HASH_SQL,
  INSERT_PARTY_SQL,
  type KeyDb,
  OVERLAPPING_PREFIX_SQL,
  type PartyDb,
  PURGE_SCANS_SQL,
  SCAN_DAYS_SQL,
  TAG_TOKEN_SQL,
  type TagDb,
  toKey,
  toParty,
  toTag,
} from "../sql/rows.js";
import { blob, brokenConstraint, type D1Database, type D1PreparedStatement, jsonChunks } from "./d1.js";
import type { D1LogStore } from "./log-store.js";

type Blob = Uint8Array | ArrayBuffer | number[];
type EventWrite = Extract<DomainWrite, { kind: "event" }>;

interface PendingCommit {
  readonly writes: readonly DomainWrite[];
  readonly loggedAt: number;
  readonly seal: Seal;
  resolve(result: AppendResult): void;
  reject(err: unknown): void;
}

/** The most writes one group carries (a single commit may be larger; it then goes alone). */
const GROUP_WRITES = 10_000;

export class D1DomainStore implements DomainStore {
  readonly #db: D1Database;
  readonly #log: D1LogStore;

  constructor(log: D1LogStore) {
    this.#db = log.db;
    this.#log = log;
  }

  /** Commits waiting for the batch in flight to finish. */
  #waiting: PendingCommit[] = [];
  #draining = false;

  /**
   * Group commit: commits that arrive while a batch is in flight wait, and go out together in
   * the next batch (one D1 round trip for all of them, one checkpoint at the end). If a group is
   * refused, its commits are retried one by one, so only the one at fault fails, with its own
   * error. Through one store object (the Sequencer's), order is arrival order.
   */
  commit(writes: readonly DomainWrite[], loggedAt: number, seal: Seal): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ writes, loggedAt, seal, resolve, reject });
      if (!this.#draining) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (this.#waiting.length > 0) {
        const group: PendingCommit[] = [];
        let size = 0;
        while (this.#waiting.length > 0) {
          const next = this.#waiting[0] as PendingCommit;
          if (group.length > 0 && size + next.writes.length > GROUP_WRITES) break;
          group.push(this.#waiting.shift() as PendingCommit);
          size += next.writes.length;
        }
        if (group.length > 1) {
          try {
            const results = await this.#log.exclusive(() => this.#commitGroup(group));
            for (const [i, p] of group.entries()) p.resolve(results[i] as AppendResult);
            continue;
          } catch {
            // Fall through: one by one, each with its own answer.
          }
        }
        for (const p of group) {
          try {
            p.resolve(await this.#log.exclusive(() => this.#commitOne(p.writes, p.loggedAt, p.seal)));
          } catch (err) {
            p.reject(err);
          }
        }
      }
    } finally {
      this.#draining = false;
    }
  }

  /** One batch for several commits: their leaves in order, each one's index rows after its own. */
  async #commitGroup(group: readonly PendingCommit[]): Promise<AppendResult[]> {
    return this.#log.commitPlanned(async () => {
      const seal = (group[group.length - 1] as PendingCommit).seal;
      const { statements, result, tip } = await this.#log.planAppend(
        group.flatMap((p) => p.writes.map((w) => w.leaf)),
        seal,
      );
      const results: AppendResult[] = [];
      let first = result.firstIndex;
      for (const p of group) {
        statements.push(...this.#indexStatements(p.writes, first, p.loggedAt));
        results.push({ ...result, firstIndex: first });
        first += p.writes.length;
      }
      return { statements, tip, value: results };
    });
  }

  async #commitOne(writes: readonly DomainWrite[], loggedAt: number, seal: Seal): Promise<AppendResult> {
    try {
      return await this.#log.commitPlanned(async () => {
        const { statements, result, tip } = await this.#log.planAppend(
          writes.map((w) => w.leaf),
          seal,
        );
        statements.push(...this.#indexStatements(writes, result.firstIndex, loggedAt));
        return { statements, tip, value: result };
      });
    } catch (err) {
      if (err instanceof HeadMovedError) throw err;
      const broken = brokenConstraint(err);
      if (broken === "tag_entries.tag_id" || broken === "tag_entries.leaf_index") {
        await this.#checkHeads(writes); // names the chain that moved
        const first = writes.find((w): w is EventWrite => w.kind === "event");
        throw new HeadMovedError(first?.gtin ?? "?", first?.serial ?? "?");
      }
      if (broken) throw new DuplicateError((err as Error).message);
      throw err;
    }
  }

  /** Names a chain the commit extends that no longer ends where the caller read it. */
  async #checkHeads(writes: readonly DomainWrite[]): Promise<void> {
    const firsts = new Map<number, EventWrite>();
    for (const w of writes) if (w.kind === "event" && !firsts.has(w.tagId)) firsts.set(w.tagId, w);
    if (firsts.size === 0) return;
    for (const chunk of jsonChunks([...firsts.keys()])) {
      const { results } = await this.#db
        .prepare("SELECT t.id, t.head, t.length FROM json_each(?1) j JOIN tags t ON t.id = j.value")
        .bind(chunk)
        .all<{ id: number; head: Blob; length: number }>();
      for (const r of results) {
        const w = firsts.get(r.id) as EventWrite;
        if (r.length !== w.expectLength || toHex(asBytes(r.head)) !== toHex(w.expectHead)) {
          throw new HeadMovedError(w.gtin, w.serial);
        }
      }
    }
  }

  /** The index rows of a commit whose leaves start at `first`, in dependency order. */
  #indexStatements(writes: readonly DomainWrite[], first: number, loggedAt: number): D1PreparedStatement[] {
    const db = this.#db;
    const out: D1PreparedStatement[] = [];
    const commissions: unknown[] = [];
    const entries: unknown[] = [];
    const heads = new Map<number, [number, string, string, number]>();
    const keyChanges: D1PreparedStatement[] = [];
    for (const [i, w] of writes.entries()) {
      const leafIndex = first + i;
      switch (w.kind) {
        case "party":
          out.push(
            db
              .prepare(INSERT_PARTY_SQL)
              .bind(
                w.party.id,
                w.party.name,
                JSON.stringify(w.party.roles),
                w.party.country,
                w.party.gln ?? null,
                JSON.stringify(w.party.companyPrefixes),
                w.party.showName ? 1 : 0,
                leafIndex,
              ),
          );
          break;
        case "add-key":
          keyChanges.push(
            db
              .prepare("INSERT INTO party_keys (key_id, party_id, public_key, added_leaf) VALUES (?1, ?2, ?3, ?4)")
              .bind(w.key.keyId, w.key.partyId, blob(w.key.publicKey), leafIndex),
          );
          break;
        case "retire-key":
          keyChanges.push(db.prepare("UPDATE party_keys SET retired_at = ?1 WHERE key_id = ?2").bind(w.at, w.keyId));
          break;
        case "revoke-key":
          keyChanges.push(
            db
              .prepare("UPDATE party_keys SET compromised_at = ?1, revoked_leaf = ?2 WHERE key_id = ?3")
              .bind(w.compromisedAt, leafIndex, w.keyId),
          );
          break;
        case "commission": {
          const t = w.tag;
          commissions.push([
            t.gtin,
            t.serial,
            t.lot ?? null,
            t.expiry ?? null,
            t.makerParty,
            t.makerKey,
            toHex(t.signature),
            JSON.stringify(t.state),
            toHex(w.leafHash),
            leafIndex,
          ]);
          break;
        }
        case "event":
          // The first event of a tag in this commit carries the head it extends; later ones
          // extend the earlier ones, and (tag, seq) can be inserted once in any case.
          entries.push([
            w.tagId,
            w.expectLength,
            leafIndex,
            toHex(w.leafHash),
            w.type,
            w.actorParty,
            w.actorKey,
            heads.has(w.tagId) ? null : toHex(w.expectHead),
          ]);
          heads.set(w.tagId, [w.tagId, JSON.stringify(w.state), toHex(w.leafHash), w.expectLength + 1]);
          break;
      }
    }
    out.push(...keyChanges);
    if (writes.some(changesKeys)) out.push(db.prepare(BUMP_KEYS_SQL));
    for (const chunk of jsonChunks(commissions)) {
      out.push(
        db
          .prepare(
            `INSERT INTO tags (gtin, serial, lot, expiry, maker_party, maker_key, signature, state, head, length)
             SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5,
                    unhex(value ->> 6), value ->> 7, unhex(value ->> 8), 1
             FROM json_each(?1)`,
          )
          .bind(chunk),
        db
          .prepare(
            `INSERT INTO tag_entries (tag_id, seq, leaf_index, leaf_hash, type, actor_party, actor_key, logged_at)
             SELECT t.id, 0, j.value ->> 9, unhex(j.value ->> 8), 'commission', t.maker_party, t.maker_key, ?2
             FROM json_each(?1) j JOIN tags t ON t.gtin = j.value ->> 0 AND t.serial = j.value ->> 1`,
          )
          .bind(chunk, loggedAt),
      );
    }
    for (const chunk of jsonChunks(entries)) {
      out.push(
        db
          .prepare(
            // A chain that no longer ends at the expected head yields a NULL leaf_index, which
            // the NOT NULL column refuses: the whole batch fails and nothing is written.
            `INSERT INTO tag_entries (tag_id, seq, leaf_index, leaf_hash, type, actor_party, actor_key, logged_at)
             SELECT j.value ->> 0, j.value ->> 1,
                    CASE WHEN j.value ->> 7 IS NULL
                           OR (t.head = unhex(j.value ->> 7) AND t.length = j.value ->> 1)
                         THEN j.value ->> 2 END,
                    unhex(j.value ->> 3), j.value ->> 4, j.value ->> 5, j.value ->> 6, ?2
             FROM json_each(?1) j LEFT JOIN tags t ON t.id = j.value ->> 0`,
          )
          .bind(chunk, loggedAt),
      );
    }
    for (const chunk of jsonChunks([...heads.values()])) {
      out.push(
        db
          .prepare(
            `UPDATE tags SET state = j.value ->> 1, head = unhex(j.value ->> 2), length = j.value ->> 3
             FROM json_each(?1) AS j WHERE tags.id = j.value ->> 0`,
          )
          .bind(chunk),
      );
    }
    return out;
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
    const r = token?.results[0] as (Omit<TagToken, "signature" | "head"> & { signature: Blob; head: Blob }) | undefined;
    if (!r) return undefined;
    return {
      ...r,
      signature: asBytes(r.signature),
      head: asBytes(r.head),
      scanDays: (days?.results ?? []) as { day: string; count: number }[],
    };
  }

  async chain(tagId: number): Promise<ChainEntryRow[]> {
    const { results } = await this.#db
      .prepare(CHAIN_SQL)
      .bind(tagId)
      .all<Omit<ChainEntryRow, "leafHash" | "leaf"> & { leafHash: Blob; leaf: Blob }>();
    return results.map((r) => ({ ...r, leafHash: asBytes(r.leafHash), leaf: asBytes(r.leaf) }));
  }

  async entryByHash(leafHash: Uint8Array): Promise<{ leafIndex: number; gtin: string; serial: string } | undefined> {
    const r = await this.#db
      .prepare(ENTRY_BY_HASH_SQL)
      .bind(blob(leafHash))
      .first<{ leafIndex: number; gtin: string; serial: string }>();
    return r ?? undefined;
  }

  async addScans(counts: readonly ScanCount[]): Promise<void> {
    if (counts.length === 0) return;
    await this.#db.batch(counts.map((c) => this.#db.prepare(ADD_SCANS_SQL).bind(c.tagId, c.day, c.country, c.count)));
  }

  async scanDays(tagId: number): Promise<{ day: string; count: number }[]> {
    const { results } = await this.#db.prepare(SCAN_DAYS_SQL).bind(tagId).all<{ day: string; count: number }>();
    return results;
  }

  async purgeScans(beforeDay: string): Promise<number> {
    const { meta } = await this.#db.prepare(PURGE_SCANS_SQL).bind(beforeDay).run();
    return meta.changes ?? 0;
  }

  /** Runs `sql` (reading rows from json_each(?1)) over `rows` in chunks and joins the results. */
  async #byJson<T>(sql: string, rows: readonly unknown[]): Promise<T[]> {
    const out: T[] = [];
    for (const chunk of jsonChunks(rows)) out.push(...(await this.#db.prepare(sql).bind(chunk).all<T>()).results);
    return out;
  }
}
