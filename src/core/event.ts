// Custody events and log entries as data: what is signed, what a leaf holds, the state a chain is
// in. Every event is signed by its actor and names `prev`, the log leaf hash of the tag's previous
// entry, so each tag carries its own signed hash chain whose links are also leaves of the global
// log. Vocabulary follows EPCIS 2.0 / CBV. The rules over this data live in core/rules/.
import { type CanonicalValue, statementBytes } from "./canonical.js";
import type { TagIdentity } from "./tag.js";

export const EVENT_TYPES = [
  "ship",
  "receive",
  "sell",
  "recall",
  "report-stolen",
  "destroy",
  "return",
  "repair",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
/** What a product's holder (a consumer's device key, not a registered party) signs. */
export const HOLDER_TYPES = ["claim", "transfer"] as const;
export type HolderType = (typeof HOLDER_TYPES)[number];

/** Is this entry type a holder's statement (signed by a device key, not a party)? */
export function isHolderType(type: string): type is HolderType {
  return (HOLDER_TYPES as readonly string[]).includes(type);
}
export type EntryType = "commission" | EventType | HolderType;

/** A repairer is a party the operator registered to record repairs of products it did not make. */
export const ROLES = ["manufacturer", "distributor", "retailer", "repairer"] as const;
export type Role = (typeof ROLES)[number];

/** What an actor signs for one custody event. */
export interface CustodyEvent {
  readonly type: EventType;
  readonly gtin: string;
  readonly serial: string;
  /** base64url of the RFC 9162 leaf hash of the tag's previous log entry. */
  readonly prev: string;
  /** Key ID of the signing key. */
  readonly actor: string;
  /** The party the goods are shipped to (ship only). */
  readonly to?: string;
  /** When it happened, as the actor states it: RFC 3339 UTC, second precision. */
  readonly time: string;
  /** ISO 3166-1 alpha-2 country where it happened. */
  readonly country?: string;
  /** return: a fresh claim commitment (core/claim.ts) for the next buyer, printed on the receipt. */
  readonly claim?: string;
}

export function eventSigningBytes(e: CustodyEvent): Uint8Array {
  return statementBytes("event", {
    type: e.type,
    gtin: e.gtin,
    serial: e.serial,
    prev: e.prev,
    actor: e.actor,
    to: e.to,
    time: e.time,
    country: e.country,
    claim: e.claim,
  });
}

/**
 * What a product's holder signs, with a key its own device made (no account, no name): a claim
 * with the claim code, or a transfer to a new holder. Only the key and the day are kept.
 */
export interface HolderStatement {
  readonly type: HolderType;
  readonly gtin: string;
  readonly serial: string;
  /** base64url of the leaf hash of the tag's previous log entry. */
  readonly prev: string;
  /** base64url Ed25519 public key that signs: for a claim the new holder's, for a transfer the current one's. */
  readonly holder: string;
  /** claim: the code that opens the chain's open claim commitment (spent by the claim, so public). */
  readonly code?: string;
  /** transfer: the new holder's public key (a hand-over, device to device). */
  readonly to?: string;
  /** transfer: a fresh claim commitment instead: the new holder claims with the one-time code. */
  readonly offer?: string;
  /** UTC day (YYYY-MM-DD): a holder's statement carries no time of day. */
  readonly day: string;
}

export function holderSigningBytes(h: HolderStatement): Uint8Array {
  return statementBytes("holder", {
    type: h.type,
    gtin: h.gtin,
    serial: h.serial,
    prev: h.prev,
    holder: h.holder,
    code: h.code,
    to: h.to,
    offer: h.offer,
    day: h.day,
  });
}

/**
 * A maker's recall, or the lifting of one: one signed statement for a GTIN, a GTIN's lot, or a
 * list of its serials. It is a log entry of its own; every affected tag's answer reflects it.
 */
export interface RecallStatement {
  readonly action: "recall" | "lift";
  /** Key ID of the maker's signing key. */
  readonly actor: string;
  readonly gtin: string;
  /** recall: only this lot of the GTIN. */
  readonly lot?: string;
  /** recall: only these serials of the GTIN. */
  readonly serials?: readonly string[];
  /** recall: what the holder should do, in the maker's words. */
  readonly instructions?: string;
  /** recall: an https URL of the maker's notice. */
  readonly url?: string;
  /** lift: base64url leaf hash of the recall entry it lifts. */
  readonly lifts?: string;
  /** RFC 3339 UTC, second precision. */
  readonly time: string;
}

/**
 * What a maker says about a product it makes (a GTIN): its name in each language, a short
 * description, an image and a support page on its own web domain. Signed and logged, so nobody
 * else can rename a product; a later statement by the same maker replaces an earlier one.
 */
export interface ProductStatement {
  /** Key ID of the maker's signing key. */
  readonly actor: string;
  readonly gtin: string;
  /** The maker's web domain, shown beside the name so a look-alike site stands out. */
  readonly domain: string;
  /** The product's name by language tag (en, de, zh-Hans, …). */
  readonly names: Readonly<Record<string, string>>;
  /** A short description by language tag. */
  readonly descriptions?: Readonly<Record<string, string>>;
  /** https URL of an image, on `domain` or a subdomain of it. */
  readonly image?: string;
  /** https URL of the maker's support page, on `domain` or a subdomain of it. */
  readonly support?: string;
  /** RFC 3339 UTC, second precision. */
  readonly time: string;
}

export function productSigningBytes(p: ProductStatement): Uint8Array {
  return statementBytes("product", {
    actor: p.actor,
    gtin: p.gtin,
    domain: p.domain,
    names: p.names,
    descriptions: p.descriptions,
    image: p.image,
    support: p.support,
    time: p.time,
  });
}

export function recallSigningBytes(r: RecallStatement): Uint8Array {
  return statementBytes("recall", {
    action: r.action,
    actor: r.actor,
    gtin: r.gtin,
    lot: r.lot,
    serials: r.serials,
    instructions: r.instructions,
    url: r.url,
    lifts: r.lifts,
    time: r.time,
  });
}

/**
 * A maker's NFC batch key (core/nfc.ts): registered with a commitment to the key (the key itself
 * goes to the operator, sealed, never into the log), or revoked from a compromise time on.
 */
export interface NfcBatchStatement {
  readonly action: "register" | "revoke";
  /** Key ID of the maker's signing key. */
  readonly actor: string;
  /** The batch ID: the first 16 characters of the key's commitment. */
  readonly batch: string;
  /** register: base64url SHA-256 commitment to the batch master key (core/nfc.ts batchKeyCommitment). */
  readonly commitment?: string;
  /** revoke: RFC 3339 UTC from which the key is considered compromised. */
  readonly compromisedAt?: string;
  /** RFC 3339 UTC, second precision. */
  readonly time: string;
}

export function nfcBatchSigningBytes(b: NfcBatchStatement): Uint8Array {
  return statementBytes("nfc-batch", {
    action: b.action,
    actor: b.actor,
    batch: b.batch,
    commitment: b.commitment,
    compromisedAt: b.compromisedAt,
    time: b.time,
  });
}

/** Log leaves: "tagtrail/v1/entry\n" || JCS(entry). Auditors replay the log from these alone. */
export type LogEntry =
  | { readonly kind: "commission"; readonly tag: TagIdentity; readonly signature: string }
  | { readonly kind: "event"; readonly event: CustodyEvent; readonly signature: string }
  | { readonly kind: "holder"; readonly statement: HolderStatement; readonly signature: string }
  | { readonly kind: "recall"; readonly recall: RecallStatement; readonly signature: string }
  | { readonly kind: "product"; readonly product: ProductStatement; readonly signature: string }
  | { readonly kind: "nfc-batch"; readonly batch: NfcBatchStatement; readonly signature: string }
  | { readonly kind: "party"; readonly party: PartyStatement }
  | {
      readonly kind: "key";
      readonly action: "add" | "retire" | "revoke";
      readonly party: string;
      readonly keyId: string;
      readonly publicKey: string;
      /** revoke: RFC 3339 time from which the key is considered compromised. */
      readonly compromisedAt?: string;
    };

export interface PartyStatement {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly country: string;
  readonly gln?: string;
  readonly companyPrefixes: readonly string[];
  readonly showName: boolean;
}

export function entryBytes(entry: LogEntry): Uint8Array {
  // Entries are plain data (strings, booleans, arrays, objects); JCS omits undefined members.
  return statementBytes("entry", entry as unknown as { readonly [key: string]: CanonicalValue | undefined });
}

/**
 * EPCIS 2.0 / CBV 2.0 bizStep and disposition of each entry type. A claim and a transfer change
 * ownership (CBV "accepting", with owning_party source and destination); a return is received
 * back as "returned".
 */
export const CBV: Record<
  EntryType,
  { bizStep: string; disposition: string; eventType: "ObjectEvent"; action: "ADD" | "OBSERVE" | "DELETE" }
> = {
  commission: { bizStep: "commissioning", disposition: "active", eventType: "ObjectEvent", action: "ADD" },
  ship: { bizStep: "shipping", disposition: "in_transit", eventType: "ObjectEvent", action: "OBSERVE" },
  receive: { bizStep: "receiving", disposition: "active", eventType: "ObjectEvent", action: "OBSERVE" },
  sell: { bizStep: "retail_selling", disposition: "retail_sold", eventType: "ObjectEvent", action: "OBSERVE" },
  recall: { bizStep: "holding", disposition: "recalled", eventType: "ObjectEvent", action: "OBSERVE" },
  "report-stolen": { bizStep: "other", disposition: "stolen", eventType: "ObjectEvent", action: "OBSERVE" },
  destroy: { bizStep: "destroying", disposition: "destroyed", eventType: "ObjectEvent", action: "DELETE" },
  return: { bizStep: "receiving", disposition: "returned", eventType: "ObjectEvent", action: "OBSERVE" },
  repair: { bizStep: "repairing", disposition: "active", eventType: "ObjectEvent", action: "OBSERVE" },
  claim: { bizStep: "accepting", disposition: "retail_sold", eventType: "ObjectEvent", action: "OBSERVE" },
  transfer: { bizStep: "accepting", disposition: "retail_sold", eventType: "ObjectEvent", action: "OBSERVE" },
};

/** Where a tag is in its life. */
export interface ChainState {
  readonly custody: "active" | "in_transit" | "sold" | "destroyed";
  /** Party holding the goods (the shipper while in transit). */
  readonly custodian: string;
  /** Party a shipment is addressed to, while in transit. */
  readonly pendingTo?: string;
  readonly maker: string;
  readonly recalled: boolean;
  readonly stolen: boolean;
  /** The holder's public key (base64url), once claimed: a device's key, never a person. */
  readonly owner?: string;
  /** The open claim commitment (core/claim.ts): the commission's, a transfer offer's or a return's. */
  readonly claim?: string;
}

/** A chain's state right after commissioning: held by its maker. Events move it (rules/custody.ts). */
export function commissionedState(maker: string, claim?: string): ChainState {
  return { custody: "active", custodian: maker, maker, recalled: false, stolen: false, ...(claim ? { claim } : {}) };
}

const ENTRY_PREFIX = new TextEncoder().encode("tagtrail/v1/entry\n");

/** Reads log leaf bytes back into an entry; undefined if they are not a tagtrail entry. */
export function parseEntryBytes(leaf: Uint8Array): LogEntry | undefined {
  if (leaf.length < ENTRY_PREFIX.length || ENTRY_PREFIX.some((b, i) => leaf[i] !== b)) return undefined;
  try {
    return JSON.parse(
      new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(leaf.subarray(ENTRY_PREFIX.length)),
    ) as LogEntry;
  } catch {
    return undefined;
  }
}

/** Signs a custody event with the actor's seed (what a distributor's or retailer's client does). */
export function signEvent(
  crypto: { ed25519: { sign(m: Uint8Array, s: Uint8Array): Uint8Array } },
  seed: Uint8Array,
  event: CustodyEvent,
): Uint8Array {
  return crypto.ed25519.sign(eventSigningBytes(event), seed);
}
