// NFC tags (NTAG 424 DNA SUN): the makers' batch keys, and the check of a tap. A batch master key
// reaches the operator once, at registration, and is kept only sealed (./key-vault.ts); the log
// records a commitment to it. A tap is checked against the tag's UID (bound at commissioning) and
// its batch key, and its read counter must rise: the store decides that atomically, so of two taps
// with one counter exactly one is fresh. Per tag only the last counter and its day are kept.
import { toBase64Url } from "../core/bytes.js";
import { entryBytes, type NfcBatchStatement, nfcBatchSigningBytes } from "../core/event.js";
import { batchKeyCommitment, checkTap, NFC_KEY_BYTES, type SunTap, type TapKeys, tapKeys } from "../core/nfc.js";
import { nfcBatchRefusal } from "../core/rules/nfc.js";
import type { NfcFacts } from "../core/verdict.js";
import type { TagToken } from "../store/domain-store.js";
import { CLOCK_SKEW_MS, type ServiceContext, utcDay } from "./context.js";
import { DomainError, type NfcCode } from "./errors.js";
import type { KeyVault } from "./key-vault.js";
import { signingMaker } from "./maker-statement.js";

export interface NfcBatchItem {
  readonly statement: NfcBatchStatement;
  readonly signature: Uint8Array;
  /** register: the batch master key, to be sealed. Never logged, never answered. */
  readonly key?: Uint8Array;
}

export interface NfcBatchResult {
  readonly batch: string;
  readonly leafIndex: number;
  readonly leafHash: string;
  readonly status: "created" | "existing";
}

/** What a sealed batch key is bound to: it opens only as this batch's key. */
const sealContext = (batch: string) => `tagtrail/v1/nfc-batch-key\n${batch}`;

const refuse = (code: NfcCode, detail: string): never => {
  throw new DomainError("nfc", code, detail);
};

export class NfcBatches {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly vault: KeyVault | undefined,
  ) {}

  async apply({ statement: b, signature, key }: NfcBatchItem): Promise<NfcBatchResult> {
    const { ctx } = this;
    const now = ctx.now();
    if (Date.parse(b.time) > now + CLOCK_SKEW_MS) refuse("time-in-future", "the statement's time is in the future");
    const what = b.action === "register" ? "the NFC batch registration" : "the NFC batch revocation";
    const actor = await signingMaker(ctx, "nfc", b.actor, nfcBatchSigningBytes(b), signature, what);
    const leaf = entryBytes({ kind: "nfc-batch", batch: b, signature: toBase64Url(signature) });
    const leafHash = toBase64Url(ctx.log.hasher.hashLeaf(leaf));
    const stored = await ctx.store.nfcBatch(b.batch);
    if (b.action === "register") {
      if (!this.vault) {
        refuse("nfc-not-configured", "this server has no key-encryption key to keep NFC batch keys (TAGTRAIL_NFC_KEK)");
      }
      if (key?.length !== NFC_KEY_BYTES || batchKeyCommitment(ctx.crypto.sha256, key) !== b.commitment) {
        refuse("key-mismatch", "the key sent is not the 16-byte key the signed commitment names");
      }
      // The same registration again (a retry after a lost answer) is answered as the first was.
      if (stored && stored.commitment === b.commitment && stored.makerParty === actor.party) {
        return { batch: b.batch, leafIndex: stored.leafIndex, leafHash, status: "existing" };
      }
    } else if (key !== undefined) refuse("invalid-batch", "a revocation carries no key");
    const target = stored && { makerParty: stored.makerParty, revoked: stored.compromisedAt !== undefined };
    const ruled = nfcBatchRefusal(b, actor, target);
    if (ruled) refuse(ruled.code, ruled.detail);
    if (b.action === "revoke" && Date.parse(b.compromisedAt as string) > now + CLOCK_SKEW_MS) {
      refuse("time-in-future", "the compromise time is in the future");
    }
    const write =
      b.action === "register"
        ? {
            kind: "nfc-batch" as const,
            batch: {
              id: b.batch,
              makerParty: actor.party,
              commitment: b.commitment as string,
              sealedKey: await (this.vault as KeyVault).seal(key as Uint8Array, sealContext(b.batch)),
            },
            leaf,
          }
        : {
            kind: "revoke-nfc-batch" as const,
            id: b.batch,
            compromisedAt: Date.parse(b.compromisedAt as string),
            leaf,
          };
    const { firstIndex } = await ctx.store.commit([write], now, ctx.log.seal);
    return { batch: b.batch, leafIndex: firstIndex, leafHash, status: "created" };
  }
}

interface OpenBatch {
  readonly master: Uint8Array;
  readonly compromisedAt?: number;
  /** The store's shared version it was read at: a revocation moves it. */
  readonly version: number;
}

const OPEN_LIMIT = 1000;
const TAG_KEYS_LIMIT = 50_000;

/** Checks taps of NFC tags for the verifier: the batch keys it opened stay in memory, never elsewhere. */
export class TapChecker {
  readonly #open = new Map<string, OpenBatch>();
  readonly #tagKeys = new Map<string, { master: Uint8Array; keys: TapKeys }>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly vault: KeyVault | undefined,
  ) {}

  /** What this scan's tap shows, for an NFC tag; undefined for a printed code. */
  async check(token: TagToken, tap: SunTap | "absent" | "malformed"): Promise<NfcFacts | undefined> {
    if (token.nfcBatch === null || token.nfcUid === null) return undefined;
    if (tap === "absent") return { tap: "absent" };
    if (tap === "malformed") return { tap: "invalid" };
    const batch = await this.#batch(token.nfcBatch, token.sharedVersion);
    const now = this.ctx.now();
    if (batch.compromisedAt !== undefined && batch.compromisedAt <= now) return { tap: "key-revoked" };
    const checked = checkTap(this.ctx.crypto.aes, this.#keys(token, batch), token.nfcUid, tap);
    if (!checked.ok) return { tap: "invalid" };
    const count = await this.ctx.store.advanceTap(token.id, checked.counter, utcDay(now));
    const seal = checked.seal === undefined ? {} : { seal: checked.seal };
    if (count.fresh) return { tap: "fresh", ...seal };
    if (count.lastCounter === checked.counter) return { tap: "repeat", day: count.lastDay ?? utcDay(now), ...seal };
    return { tap: "replayed", ...seal };
  }

  /** A tag's tap keys, kept per tag (diversifying them is most of a tap check's cost). */
  #keys(token: TagToken, batch: OpenBatch): TapKeys {
    const id = `${token.nfcBatch}/${token.id}`;
    const known = this.#tagKeys.get(id);
    if (known && known.master === batch.master) return known.keys;
    const keys = tapKeys(this.ctx.crypto.aes, batch.master, token.nfcUid as Uint8Array);
    if (this.#tagKeys.size >= TAG_KEYS_LIMIT) this.#tagKeys.delete(this.#tagKeys.keys().next().value as string);
    this.#tagKeys.set(id, { master: batch.master, keys });
    return keys;
  }

  async #batch(id: string, version: number): Promise<OpenBatch> {
    const known = this.#open.get(id);
    if (known && known.version === version) return known;
    const row = await this.ctx.store.nfcBatch(id);
    const master = row && (await this.vault?.open(row.sealedKey, sealContext(id)));
    if (!row || !master) {
      // A tag bound to a batch whose key this server cannot open: its configuration, not the tag.
      return refuse("nfc-not-configured", "this server cannot open the tag's NFC batch key (TAGTRAIL_NFC_KEK)");
    }
    const open: OpenBatch = {
      master,
      version,
      ...(row.compromisedAt === undefined ? {} : { compromisedAt: row.compromisedAt }),
    };
    if (this.#open.size >= OPEN_LIMIT) this.#open.delete(this.#open.keys().next().value as string);
    this.#open.set(id, open);
    return open;
  }
}
