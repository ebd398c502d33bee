// A product's life after the sale, signed by its holder's device: the claim (with the claim code
// from inside the packaging) and transfers to a new holder. One statement a request; the chain's
// head guards it, so of many concurrent claims of one product exactly one is appended.
// Nothing about the person is read or kept: the holder key (random per product) and the UTC day.
import { bytesEqual, fromBase64Url, toBase64Url } from "../core/bytes.js";
import { opensCommitment } from "../core/claim.js";
import { isValidPublicKey } from "../core/crypto.js";
import { type ChainState, entryBytes, type HolderStatement, holderSigningBytes, isHolderType } from "../core/event.js";
import { applyHolder } from "../core/rules/holder.js";
import { HeadMovedError } from "../store/domain-store.js";
import type { ServiceContext } from "./context.js";
import { utcDay } from "./context.js";
import type { EntryResult } from "./custody.js";
import { DomainError } from "./errors.js";

const DAY_MS = 86_400_000;

export interface HolderItem {
  readonly statement: HolderStatement;
  readonly signature: Uint8Array;
}

/** What the claim page needs to know of a product: never who owns it, only which key. */
export interface HolderStatus {
  readonly gtin: string;
  readonly serial: string;
  /** base64url leaf hash of the newest entry: the `prev` of the next statement. */
  readonly head: string;
  readonly length: number;
  /** Is a claim code open (the commission's, a transfer offer's or a return's)? */
  readonly claimable: boolean;
  /** The holder's public key (base64url), once claimed. */
  readonly owner?: string;
  /** UTC day the current holder got it. */
  readonly since?: string;
  readonly custody: ChainState["custody"];
}

export class Ownership {
  constructor(private readonly ctx: ServiceContext) {}

  async status(gtin: string, serial: string): Promise<HolderStatus> {
    const tag = await this.ctx.store.tag(gtin, serial);
    if (!tag) throw new DomainError("ownership", "unknown-tag", `tag ${gtin}/${serial} was never commissioned`);
    const { owner } = tag.state;
    const got =
      owner === undefined ? undefined : (await this.ctx.store.chain(tag.id)).findLast((e) => isHolderType(e.type));
    return {
      gtin,
      serial,
      head: toBase64Url(tag.head),
      length: tag.length,
      claimable: tag.state.claim !== undefined && owner === undefined,
      ...(owner === undefined ? {} : { owner }),
      ...(got ? { since: utcDay(got.loggedAt) } : {}),
      custody: tag.state.custody,
    };
  }

  async apply(item: HolderItem): Promise<EntryResult> {
    try {
      return await this.#apply(item);
    } catch (err) {
      // Another statement moved the chain between the read and the commit: read again, so the
      // loser of a race hears why (already claimed, not the holder) rather than "retry".
      if (err instanceof HeadMovedError) return await this.#apply(item);
      throw err;
    }
  }

  async #apply({ statement: s, signature }: HolderItem): Promise<EntryResult> {
    const { ctx } = this;
    const now = ctx.now();
    const refuse = (code: ConstructorParameters<typeof DomainError<"ownership">>[1], detail: string): never => {
      throw new DomainError("ownership", code, detail);
    };
    // The device's clock may be a day either side of UTC midnight; the log keeps today's day.
    if (![now - DAY_MS, now, now + DAY_MS].map(utcDay).includes(s.day)) {
      refuse("wrong-day", `day ${s.day} is not today (UTC ${utcDay(now)})`);
    }
    for (const key of [s.holder, s.to]) {
      const pub = key === undefined ? undefined : fromBase64Url(key);
      if (key !== undefined && !(pub?.length === 32 && isValidPublicKey(pub))) {
        refuse("weak-public-key", "a holder key must be a valid Ed25519 public key of full order");
      }
    }
    const tag = await ctx.store.tag(s.gtin, s.serial);
    if (!tag) return refuse("unknown-tag", `tag ${s.gtin}/${s.serial} was never commissioned`);
    const [signed] = await ctx.checkSignatures([
      { signature, message: holderSigningBytes(s), publicKey: fromBase64Url(s.holder) as Uint8Array },
    ]);
    if (!signed) refuse("bad-signature", "the holder's signature does not verify");
    const leaf = entryBytes({ kind: "holder", statement: s, signature: toBase64Url(signature) });
    const leafHash = ctx.log.hasher.hashLeaf(leaf);
    const prev = fromBase64Url(s.prev);
    const linked = prev !== undefined && bytesEqual(prev, tag.head);
    if (!linked) {
      const known = await ctx.store.entryByHash(leafHash);
      if (known) {
        const at = { leafIndex: known.leafIndex, leafHash: toBase64Url(leafHash) };
        return { gtin: s.gtin, serial: s.serial, ...at, status: "existing" };
      }
    }
    // The rules first: a claim of a product claimed meanwhile is "already claimed", not "retry".
    const next = applyHolder(tag.state, s, (commitment, code) =>
      opensCommitment(ctx.crypto.sha256, s, commitment, code),
    );
    if (!next.ok) return refuse(next.code, next.detail);
    if (!linked) {
      const detail = "prev is not the hash of the tag's newest entry";
      const head = { head: toBase64Url(tag.head), length: tag.length };
      throw new DomainError("ownership", "wrong-prev", detail, [{ code: "wrong-prev", detail, ...head }]);
    }
    // Logged at the start of the day it states (checked above to be within a day of now): a
    // holder's entry keeps no time of day, and its EPCIS event and journey step say the same day.
    const day = Date.parse(`${s.day}T00:00:00Z`);
    const { firstIndex } = await ctx.store.commit(
      [
        {
          kind: "event",
          tagId: tag.id,
          gtin: s.gtin,
          serial: s.serial,
          expectHead: tag.head,
          expectLength: tag.length,
          state: next.state,
          type: s.type,
          actorParty: "",
          actorKey: s.holder,
          leaf,
          leafHash,
        },
      ],
      day,
      ctx.log.seal,
    );
    return {
      gtin: s.gtin,
      serial: s.serial,
      leafIndex: firstIndex,
      leafHash: toBase64Url(leafHash),
      status: "created",
    };
  }
}
