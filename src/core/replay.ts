// Replays the log from its leaves alone and checks every chain rule: what an independent auditor
// does. Parties and keys come from their own log entries, so nothing the operator says outside
// the log is trusted. (Logged times are not in the leaves, so a revocation takes effect from its
// own entry's position here; the server additionally honours the stated compromise time.)
import { chainEntrySigned } from "./answer.js";
import { fromBase64, fromBase64Url, toBase64Url } from "./bytes.js";
import { opensCommitment } from "./claim.js";
import type { Crypto } from "./crypto.js";
import {
  type ChainState,
  commissionedState,
  nfcBatchSigningBytes,
  type PartyStatement,
  parseEntryBytes,
  productSigningBytes,
  type Role,
  recallSigningBytes,
} from "./event.js";
import { prefixesOverlap } from "./gs1.js";
import { keyId } from "./keys.js";
import { type TreeHasher, treeHasher } from "./merkle/hash.js";
import { commissionRefusal } from "./rules/commission.js";
import { applyEvent } from "./rules/custody.js";
import { applyHolder } from "./rules/holder.js";
import { type KeyLifetime, keyRefusal } from "./rules/keys.js";
import { linkProblem } from "./rules/link.js";
import { type NfcBatchTarget, nfcBatchRefusal, nfcBindingRefusal } from "./rules/nfc.js";
import { productRefusal } from "./rules/product.js";
import { type RecallTarget, recallRefusal } from "./rules/recall.js";
import { tagSigningBytes } from "./tag.js";

export interface Violation {
  readonly index: number;
  readonly code: string;
  readonly detail: string;
}

type Problem = readonly [code: string, detail: string];

/** A key as its log entries state it; its lifetime counted in log positions. */
interface KeyState extends KeyLifetime {
  readonly party: string;
  readonly publicKey: Uint8Array;
  retiredAt?: number;
  compromisedAt?: number;
}

export class LogReplay {
  readonly violations: Violation[] = [];
  readonly parties = new Map<string, PartyStatement>();
  readonly keys = new Map<string, KeyState>();
  readonly tags = new Map<string, { state: ChainState; head: string; length: number }>();
  /** Which maker describes each GTIN. */
  readonly products = new Map<string, string>();
  /** Recalls by their leaf hash (base64url). */
  readonly recalls = new Map<string, { -readonly [K in keyof RecallTarget]: RecallTarget[K] }>();
  /** NFC batches by ID. */
  readonly nfcBatches = new Map<string, { -readonly [K in keyof NfcBatchTarget]: NfcBatchTarget[K] }>();
  readonly #hasher: TreeHasher;
  entries = 0;

  constructor(private readonly crypto: Crypto) {
    this.#hasher = treeHasher(crypto.sha256);
  }

  /**
   * The key, if it was usable at log position `index` (core/rules/keys.ts, counted in positions:
   * a key retired or revoked by entry i signs nothing after i). The leaves do not say when the
   * server learnt of a compromise, so both read as "key-unusable" here.
   */
  #usableKey(index: number, id: string): KeyState | Problem {
    const key = this.keys.get(id);
    const refusal = keyRefusal(key, index, `a statement under key ${id}`);
    if (refusal?.code === "unknown-key") return ["unknown-key", `signed with unregistered key ${id}`];
    if (refusal || !key) return ["key-unusable", `signed with key ${id} after it was retired or revoked`];
    return key;
  }

  /**
   * The party whose key `keyId` signed `message` (a maker's statement outside a chain: a recall, a
   * product description), as the rules need it; the problem if the key or signature fails.
   */
  #signingMaker(
    index: number,
    keyId: string,
    message: Uint8Array,
    signature: string,
    what: string,
  ): { party: string; roles: readonly Role[]; companyPrefixes: readonly string[] } | Problem {
    const key = this.#usableKey(index, keyId);
    if (!("publicKey" in key)) return key;
    const sig = fromBase64Url(signature);
    if (!sig || !this.crypto.ed25519.verify(sig, message, key.publicKey)) return ["bad-signature", `${what} signature`];
    const party = this.parties.get(key.party);
    return { party: key.party, roles: party?.roles ?? [], companyPrefixes: party?.companyPrefixes ?? [] };
  }

  /** The first of `prefixes` an earlier party's prefix overlaps, and a description of that one. */
  #prefixOverlap(prefixes: readonly string[]): [string, string] | undefined {
    for (const other of this.parties.values()) {
      for (const held of other.companyPrefixes) {
        const own = prefixes.find((p) => prefixesOverlap(p, held));
        if (own !== undefined) return [own, `${other.id}'s prefix ${held}`];
      }
    }
    return undefined;
  }

  /** Applies the leaf at `index`, recording a violation if it breaks a rule. */
  apply(index: number, leaf: Uint8Array): void {
    this.entries++;
    const problem = this.#check(index, leaf);
    if (problem) this.violations.push({ index, code: problem[0], detail: problem[1] });
  }

  #check(index: number, leaf: Uint8Array): Problem | undefined {
    const entry = parseEntryBytes(leaf);
    if (!entry) return ["not-an-entry", "leaf is not a tagtrail entry"];
    const leafHash = toBase64Url(this.#hasher.hashLeaf(leaf));
    switch (entry.kind) {
      case "party": {
        const { party } = entry;
        if (this.parties.has(party.id)) return ["duplicate-party", `party ${party.id} registered twice`];
        // Refused by the server, so not applied here either: what the party later signs is flagged too.
        const overlap = this.#prefixOverlap(party.companyPrefixes);
        if (overlap) return ["prefix-overlap", `${party.id}'s prefix ${overlap[0]} overlaps ${overlap[1]}`];
        this.parties.set(party.id, party);
        return undefined;
      }
      case "key": {
        const pub = fromBase64(entry.publicKey);
        if (!pub || pub.length !== 32 || keyId(this.crypto.sha256, pub) !== entry.keyId) {
          return ["bad-key", `key ${entry.keyId} does not match its public key`];
        }
        if (!this.parties.has(entry.party)) return ["unknown-party", `key for unregistered party ${entry.party}`];
        const known = this.keys.get(entry.keyId);
        if (entry.action === "add") {
          if (known) return ["duplicate-key", `key ${entry.keyId} added twice`];
          this.keys.set(entry.keyId, { party: entry.party, publicKey: pub });
        } else if (!known || known.party !== entry.party) {
          return ["unknown-key", `${entry.action} of a key party ${entry.party} does not have`];
        } else if (entry.action === "retire") {
          known.retiredAt = Math.min(known.retiredAt ?? index, index);
        } else {
          known.compromisedAt = Math.min(known.compromisedAt ?? index, index);
        }
        return undefined;
      }
      case "commission": {
        const { tag } = entry;
        const key = this.#usableKey(index, tag.maker);
        if (!("publicKey" in key)) return key;
        const maker = this.parties.get(key.party);
        const ruled = commissionRefusal(tag.gtin, key, maker, index);
        if (ruled) return [ruled.code, `${key.party}: ${ruled.detail}`];
        if (!maker) return ["not-manufacturer", `${key.party} commissioned a tag`];
        const sig = fromBase64Url(entry.signature);
        if (!sig || !this.crypto.ed25519.verify(sig, tagSigningBytes(tag), key.publicKey))
          return ["bad-signature", "tag signature"];
        const id = `${tag.gtin}/${tag.serial}`;
        if (this.tags.has(id)) return ["duplicate-tag", `${id} commissioned twice`];
        if (tag.nfc) {
          const refused = nfcBindingRefusal(tag.nfc.batch, maker.id, this.nfcBatches.get(tag.nfc.batch));
          if (refused) return [refused.code, `${id}: ${refused.detail}`];
        }
        this.tags.set(id, { state: commissionedState(maker.id, tag.claim), head: leafHash, length: 1 });
        return undefined;
      }
      case "event": {
        const { event } = entry;
        const id = `${event.gtin}/${event.serial}`;
        const chain = this.tags.get(id);
        if (!chain) return ["unknown-tag", `event for ${id}, never commissioned`];
        const key = this.#usableKey(index, event.actor);
        if (!("publicKey" in key)) return key;
        if (!chainEntrySigned(this.crypto, entry, new Map([[event.actor, key.publicKey]])))
          return ["bad-signature", "event signature"];
        if (linkProblem(chain.length, entry, chain.head)) return ["wrong-prev", `${id}: prev is not the chain head`];
        const next = applyEvent(
          chain.state,
          event,
          { party: key.party, roles: this.parties.get(key.party)?.roles ?? [] },
          (party) => this.parties.has(party),
        );
        if (!next.ok) return [next.code, `${id}: ${next.detail}`];
        this.tags.set(id, { state: next.state, head: leafHash, length: chain.length + 1 });
        return undefined;
      }
      case "holder": {
        const { statement } = entry;
        const id = `${statement.gtin}/${statement.serial}`;
        const chain = this.tags.get(id);
        if (!chain) return ["unknown-tag", `holder statement for ${id}, never commissioned`];
        if (!chainEntrySigned(this.crypto, entry, new Map())) return ["bad-signature", "holder signature"];
        if (linkProblem(chain.length, entry, chain.head)) return ["wrong-prev", `${id}: prev is not the chain head`];
        const next = applyHolder(chain.state, statement, (commitment, code) =>
          opensCommitment(this.crypto.sha256, statement, commitment, code),
        );
        if (!next.ok) return [next.code, `${id}: ${next.detail}`];
        this.tags.set(id, { state: next.state, head: leafHash, length: chain.length + 1 });
        return undefined;
      }
      case "recall": {
        const { recall } = entry;
        const actor = this.#signingMaker(index, recall.actor, recallSigningBytes(recall), entry.signature, "recall");
        if (!("party" in actor)) return actor;
        const target = recall.lifts === undefined ? undefined : this.recalls.get(recall.lifts);
        const ruled = recallRefusal(recall, actor, target);
        if (ruled) return [ruled.code, `${actor.party}: ${ruled.detail}`];
        if (target) target.lifted = true;
        else this.recalls.set(leafHash, { makerParty: actor.party, gtin: recall.gtin, lifted: false });
        return undefined;
      }
      case "product": {
        const { product } = entry;
        const actor = this.#signingMaker(
          index,
          product.actor,
          productSigningBytes(product),
          entry.signature,
          "product",
        );
        if (!("party" in actor)) return actor;
        const ruled = productRefusal(product, actor, this.products.get(product.gtin));
        if (ruled) return [ruled.code, `${actor.party}: ${ruled.detail}`];
        this.products.set(product.gtin, actor.party);
        return undefined;
      }
      case "nfc-batch": {
        const { batch } = entry;
        const what = "NFC batch";
        const actor = this.#signingMaker(index, batch.actor, nfcBatchSigningBytes(batch), entry.signature, what);
        if (!("party" in actor)) return actor;
        const existing = this.nfcBatches.get(batch.batch);
        const ruled = nfcBatchRefusal(batch, actor, existing);
        if (ruled) return [ruled.code, `${actor.party}: ${ruled.detail}`];
        if (existing) existing.revoked = true;
        else this.nfcBatches.set(batch.batch, { makerParty: actor.party, revoked: false });
        return undefined;
      }
    }
  }
}
