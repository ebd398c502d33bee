// Commissioning minted tags and appending custody events. Signatures are checked here, once, at
// ingest; every refusal is exact and a refused batch writes nothing. Identical resubmissions
// return the original result.
import { bytesEqual, fromBase64Url, toBase64Url } from "../core/bytes.js";
import { type ChainState, type CustodyEvent, commissionedState, entryBytes, eventSigningBytes } from "../core/event.js";
import { opensUidBinding } from "../core/nfc.js";
import { commissionRefusal } from "../core/rules/commission.js";
import { type Actor, applyEvent } from "../core/rules/custody.js";
import { keyRefusal } from "../core/rules/keys.js";
import { nfcBindingRefusal } from "../core/rules/nfc.js";
import { type TagIdentity, tagSigningBytes } from "../core/tag.js";
import { type DomainWrite, type KeyRow, type TagRow, tagKey } from "../store/domain-store.js";
import { CLOCK_SKEW_MS, type ServiceContext, type SignatureCheck } from "./context.js";
import { type CustodyCode, DomainError, type Refusal } from "./errors.js";
import { mapInSlices, SLICE, yieldToLoop } from "./yield.js";

export interface CommissionItem {
  readonly tag: TagIdentity;
  readonly signature: Uint8Array;
  /** An NFC tag's UID, which opens the commitment its signed identity carries (never logged). */
  readonly nfcUid?: Uint8Array;
}

export interface EventItem {
  readonly event: CustodyEvent;
  readonly signature: Uint8Array;
}

export interface EntryResult {
  readonly gtin: string;
  readonly serial: string;
  readonly leafIndex: number;
  /** base64url leaf hash: the `prev` of the tag's next event. */
  readonly leafHash: string;
  readonly status: "created" | "existing";
}

export class Custody {
  constructor(private readonly ctx: ServiceContext) {}

  async commission(items: readonly CommissionItem[]): Promise<EntryResult[]> {
    const { ctx } = this;
    const now = ctx.now();
    // Independent reads go together: on D1 each is a network round trip.
    const [keys, existing] = await Promise.all([
      ctx.store.keys(items.map((i) => i.tag.maker)),
      ctx.store.tags(items.map((i) => i.tag)),
    ]);
    const batchIds = [...new Set(items.flatMap((i) => (i.tag.nfc ? [i.tag.nfc.batch] : [])))];
    const [parties, batchRows] = await Promise.all([
      ctx.store.parties([...keys.values()].map((k) => k.partyId)),
      Promise.all(batchIds.map((id) => ctx.store.nfcBatch(id))),
    ]);
    const batches = new Map(batchRows.flatMap((b) => (b ? [[b.id, b] as const] : [])));
    const refusals: Refusal<CustodyCode>[] = [];
    // Each item's result: a queued write, or a tag already commissioned identically.
    const results: ({ pending: number } | { existing: TagRow })[] = [];
    const writes: DomainWrite[] = [];
    const inBatch = new Map<string, { item: CommissionItem; write: number }>();

    /** Validates one tag and queues its write; returns the refusal, if any. */
    const signed = await this.#verifyAll(
      await mapInSlices(items, ({ tag, signature }) => {
        const key = keys.get(tag.maker);
        return key && { signature, message: tagSigningBytes(tag), publicKey: key.publicKey };
      }),
    );
    const consider = (item: CommissionItem, index: number): Refusal<CustodyCode> | undefined => {
      const { tag, signature } = item;
      const key = keys.get(tag.maker);
      const maker = key && parties.get(key.partyId);
      const ruled = commissionRefusal(tag.gtin, key, maker, now);
      if (ruled || !maker) return ruled;
      if (!signed[index]) return { code: "bad-signature", detail: "the tag signature does not verify" };
      const id = tagKey(tag.gtin, tag.serial);
      const nfc = item.nfcUid && tag.nfc && { batch: tag.nfc.batch, uid: item.nfcUid };
      if (tag.nfc || item.nfcUid) {
        if (!nfc || !tag.nfc)
          return { code: "nfc-uid-mismatch", detail: `tag ${id}: an NFC binding and its UID come together` };
        const batch = batches.get(nfc.batch);
        const bound = nfcBindingRefusal(
          nfc.batch,
          maker.id,
          batch && { makerParty: batch.makerParty, revoked: batch.compromisedAt !== undefined },
        );
        if (bound) return bound;
        if (!opensUidBinding(ctx.crypto.sha256, tag, tag.nfc, nfc.uid)) {
          return {
            code: "nfc-uid-mismatch",
            detail: `tag ${id}: the UID sent does not open the signed UID commitment`,
          };
        }
      }
      const same = (row: { signature: Uint8Array; lot?: string; expiry?: string; makerKey: string }) =>
        bytesEqual(row.signature, signature) &&
        row.lot === tag.lot &&
        row.expiry === tag.expiry &&
        row.makerKey === tag.maker;
      const stored = existing.get(id);
      if (stored) {
        if (!same(stored)) return { code: "tag-exists", detail: `tag ${id} was commissioned differently` };
        results.push({ existing: stored });
        return undefined;
      }
      const earlier = inBatch.get(id);
      if (earlier) {
        const e = earlier.item;
        if (!same({ signature: e.signature, makerKey: e.tag.maker, ...e.tag })) {
          return { code: "tag-exists", detail: `tag ${id} appears twice, differently` };
        }
        results.push({ pending: earlier.write });
        return undefined;
      }
      const leaf = entryBytes({ kind: "commission", tag, signature: toBase64Url(signature) });
      const leafHash = ctx.log.hasher.hashLeaf(leaf);
      inBatch.set(id, { item, write: writes.length });
      results.push({ pending: writes.length });
      writes.push({
        kind: "commission",
        tag: {
          gtin: tag.gtin,
          serial: tag.serial,
          ...(tag.lot === undefined ? {} : { lot: tag.lot }),
          ...(tag.expiry === undefined ? {} : { expiry: tag.expiry }),
          makerParty: maker.id,
          makerKey: tag.maker,
          signature,
          state: commissionedState(maker.id, tag.claim),
        },
        ...(nfc ? { nfc } : {}),
        leaf,
        leafHash,
      });
    };
    for (const [index, item] of items.entries()) {
      if (index > 0 && index % SLICE === 0) await yieldToLoop();
      const refusal = consider(item, index);
      if (refusal) refusals.push({ index, ...refusal });
    }
    if (refusals.length > 0) throw DomainError.fromRefusals("custody", refusals);
    const appended = writes.length > 0 ? await this.#commit(writes, now) : undefined;
    const answer = async (r: (typeof results)[number]): Promise<EntryResult> => {
      if ("pending" in r) {
        const w = writes[r.pending] as Extract<DomainWrite, { kind: "commission" }>;
        const leafIndex = (appended as number) + r.pending;
        return {
          gtin: w.tag.gtin,
          serial: w.tag.serial,
          leafIndex,
          leafHash: toBase64Url(w.leafHash),
          status: "created",
        };
      }
      // An existing tag answers with its commission entry, as the first submission did.
      const [first] = await ctx.store.chain(r.existing.id);
      if (!first) throw new Error(`tag ${r.existing.gtin}/${r.existing.serial} has no commission entry`);
      return {
        gtin: r.existing.gtin,
        serial: r.existing.serial,
        leafIndex: first.leafIndex,
        leafHash: toBase64Url(first.leafHash),
        status: "existing",
      };
    };
    // A slice at a time: on SQLite each chain read of a resubmitted tag holds the event loop.
    const answers: EntryResult[] = [];
    for (let i = 0; i < results.length; i += SLICE) {
      if (i > 0) await yieldToLoop();
      answers.push(...(await Promise.all(results.slice(i, i + SLICE).map(answer))));
    }
    return answers;
  }

  async events(items: readonly EventItem[]): Promise<EntryResult[]> {
    const { ctx } = this;
    const now = ctx.now();
    const [keys, tags] = await Promise.all([
      ctx.store.keys(items.map((i) => i.event.actor)),
      ctx.store.tags(items.map((i) => i.event)),
    ]);
    const parties = await ctx.store.parties([
      ...[...keys.values()].map((k) => k.partyId),
      ...items.flatMap((i) => (i.event.to ? [i.event.to] : [])),
    ]);
    // Chains as they stand after the batch's earlier events.
    const chains = new Map<string, { tagId: number; state: ChainState; head: Uint8Array; length: number }>();
    for (const [id, t] of tags) chains.set(id, { tagId: t.id, state: t.state, head: t.head, length: t.length });
    const refusals: Refusal<CustodyCode>[] = [];
    const results: EntryResult[] = [];
    const writes: DomainWrite[] = [];

    const signed = await this.#verifyAll(
      await mapInSlices(items, ({ event, signature }) => {
        const key = keys.get(event.actor);
        return key && { signature, message: eventSigningBytes(event), publicKey: key.publicKey };
      }),
    );
    for (const [index, { event, signature }] of items.entries()) {
      if (index > 0 && index % SLICE === 0) await yieldToLoop();
      const refuse = (r: Refusal<CustodyCode>): void => {
        refusals.push({ index, ...r });
      };
      const id = tagKey(event.gtin, event.serial);
      const chain = chains.get(id);
      if (!chain) {
        refuse({ code: "unknown-tag", detail: `tag ${id} was never commissioned` });
        continue;
      }
      const key = keys.get(event.actor);
      const keyProblem = keyRefusal(key, now, "the event");
      if (keyProblem) {
        refuse(keyProblem);
        continue;
      }
      if (!signed[index]) {
        refuse({ code: "bad-signature", detail: "the event signature does not verify" });
        continue;
      }
      const leaf = entryBytes({ kind: "event", event, signature: toBase64Url(signature) });
      const leafHash = ctx.log.hasher.hashLeaf(leaf);
      const prev = fromBase64Url(event.prev);
      if (!prev || !bytesEqual(prev, chain.head)) {
        // An accepted event moved the head past its own prev, so only here can it be a resubmission.
        const known = await ctx.store.entryByHash(leafHash);
        if (known) {
          results.push({
            gtin: event.gtin,
            serial: event.serial,
            leafIndex: known.leafIndex,
            leafHash: toBase64Url(leafHash),
            status: "existing",
          });
          continue;
        }
        refuse({
          code: "wrong-prev",
          detail: "prev is not the hash of the tag's newest entry",
          head: toBase64Url(chain.head),
          length: chain.length,
        });
        continue;
      }
      if (Date.parse(event.time) > now + CLOCK_SKEW_MS) {
        refuse({ code: "time-in-future", detail: "the event time is in the future" });
        continue;
      }
      const actorParty = parties.get((key as KeyRow).partyId);
      const actor: Actor = { party: (key as KeyRow).partyId, roles: actorParty?.roles ?? [] };
      const next = applyEvent(chain.state, event, actor, (id) => parties.has(id));
      if (!next.ok) {
        refuse({ code: next.code, detail: next.detail });
        continue;
      }
      writes.push({
        kind: "event",
        tagId: chain.tagId,
        gtin: event.gtin,
        serial: event.serial,
        expectHead: chain.head,
        expectLength: chain.length,
        state: next.state,
        type: event.type,
        actorParty: actor.party,
        actorKey: event.actor,
        leaf,
        leafHash,
      });
      chains.set(id, { tagId: chain.tagId, state: next.state, head: leafHash, length: chain.length + 1 });
      results.push({
        gtin: event.gtin,
        serial: event.serial,
        leafIndex: -1 - (writes.length - 1),
        leafHash: toBase64Url(leafHash),
        status: "created",
      });
    }
    if (refusals.length > 0) throw DomainError.fromRefusals("custody", refusals);
    if (writes.length === 0) return results;
    const first = await this.#commit(writes, now);
    return results.map((r) => (r.leafIndex < 0 ? { ...r, leafIndex: first + (-1 - r.leafIndex) } : r));
  }

  /** Verifies every signature of a batch at once (in parallel where the runtime can); false where no key. */
  async #verifyAll(checks: readonly (SignatureCheck | undefined)[]): Promise<boolean[]> {
    const present = checks.filter((c): c is SignatureCheck => c !== undefined);
    const results = await this.ctx.checkSignatures(present);
    let next = 0;
    return checks.map((c) => (c === undefined ? false : (results[next++] ?? false)));
  }

  /** Commits; a chain that moved meanwhile or a concurrent duplicate surfaces as the store's error. */
  async #commit(writes: readonly DomainWrite[], now: number): Promise<number> {
    return (await this.ctx.store.commit(writes, now, this.ctx.log.seal)).firstIndex;
  }
}
