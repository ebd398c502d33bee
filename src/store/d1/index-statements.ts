// The index rows of a D1 commit, as statements that run in the same batch() as its log append
// (./domain-store.ts). Guards live in the schema, not in an open transaction: an event inserts its
// chain entry at (tag, expected length), which exists already if the chain moved; a tag, party
// or key can be inserted once, and a party only with company prefixes no other party's overlap;
// a key can be retired or revoked once (triggers, migrations/0003).
import { toHex } from "../../core/bytes.js";
import { changesSharedFacts, type DomainWrite } from "../domain-store.js";
import {
  BUMP_SHARED_SQL,
  INSERT_NFC_BATCH_SQL,
  INSERT_PARTY_SQL,
  INSERT_RECALL_SQL,
  LIFT_RECALL_SQL,
  REVOKE_NFC_BATCH_SQL,
  recallParams,
  UPSERT_PRODUCT_SQL,
} from "../sql/rows.js";
import { blob, type D1Database, type D1PreparedStatement, jsonChunks } from "./d1.js";

/** The index rows of a commit whose leaves start at `first`, in dependency order. */
export function indexStatements(
  db: D1Database,
  writes: readonly DomainWrite[],
  first: number,
  loggedAt: number,
): D1PreparedStatement[] {
  const out: D1PreparedStatement[] = [];
  const commissions: unknown[] = [];
  const nfcTags: unknown[] = [];
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
        if (w.nfc) nfcTags.push([t.gtin, t.serial, w.nfc.batch, toHex(w.nfc.uid)]);
        break;
      }
      case "nfc-batch": {
        const b = w.batch;
        keyChanges.push(
          db.prepare(INSERT_NFC_BATCH_SQL).bind(b.id, b.makerParty, b.commitment, blob(b.sealedKey), leafIndex),
        );
        break;
      }
      case "revoke-nfc-batch":
        // Revoked once: the schema's trigger (migrations/0007) refuses a second.
        keyChanges.push(db.prepare(REVOKE_NFC_BATCH_SQL).bind(w.compromisedAt, leafIndex, w.id));
        break;
      case "recall":
        keyChanges.push(
          db
            .prepare(INSERT_RECALL_SQL)
            .bind(...recallParams(w, leafIndex, loggedAt).map((v) => (v instanceof Uint8Array ? blob(v) : v))),
        );
        break;
      case "product":
        keyChanges.push(
          db
            .prepare(UPSERT_PRODUCT_SQL)
            .bind(w.product.gtin, w.product.makerParty, JSON.stringify(w.product.statement), leafIndex),
        );
        break;
      case "lift-recall":
        keyChanges.push(db.prepare(LIFT_RECALL_SQL).bind(leafIndex, blob(w.lifts)));
        break;
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
  if (writes.some(changesSharedFacts)) out.push(db.prepare(BUMP_SHARED_SQL));
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
  for (const chunk of jsonChunks(nfcTags)) {
    out.push(
      db
        .prepare(
          `INSERT INTO nfc_tags (tag_id, batch_id, uid)
           SELECT t.id, j.value ->> 2, unhex(j.value ->> 3)
           FROM json_each(?1) j JOIN tags t ON t.gtin = j.value ->> 0 AND t.serial = j.value ->> 1`,
        )
        .bind(chunk),
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
