// Custody events and the rules of a tag's chain. Every event is signed by its actor and names
// `prev`, the log leaf hash of the tag's previous entry, so each tag carries its own signed hash
// chain whose links are also leaves of the global log. Vocabulary follows EPCIS 2.0 / CBV.
import { type CanonicalValue, statementBytes } from "./canonical.js";
import type { TagIdentity } from "./tag.js";

export const EVENT_TYPES = ["ship", "receive", "sell", "recall", "report-stolen", "destroy"] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export type EntryType = "commission" | EventType;

export const ROLES = ["manufacturer", "distributor", "retailer"] as const;
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
  });
}

/** Log leaves: "tagtrail/v1/entry\n" || JCS(entry). Auditors replay the log from these alone. */
export type LogEntry =
  | { readonly kind: "commission"; readonly tag: TagIdentity; readonly signature: string }
  | { readonly kind: "event"; readonly event: CustodyEvent; readonly signature: string }
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

/** EPCIS 2.0 / CBV 2.0 bizStep and disposition of each entry type. */
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
}

export interface Actor {
  readonly party: string;
  readonly roles: readonly Role[];
}

export type Transition =
  | { readonly ok: true; readonly state: ChainState }
  | { readonly ok: false; readonly status: 403 | 409; readonly code: string; readonly detail: string };

const forbidden = (code: string, detail: string): Transition => ({ ok: false, status: 403, code, detail });
const conflict = (code: string, detail: string): Transition => ({ ok: false, status: 409, code, detail });

export function commissionedState(maker: string): ChainState {
  return { custody: "active", custodian: maker, maker, recalled: false, stolen: false };
}

/**
 * The chain rules: who may append which event in which state. A refusal says whether the actor
 * is not allowed (403) or the tag is not in a state for it (409). `to` has been checked to name
 * a registered party.
 */
export function applyEvent(state: ChainState, e: CustodyEvent, actor: Actor): Transition {
  if (state.custody === "destroyed") return conflict("chain-closed", "the tag was destroyed");
  switch (e.type) {
    case "ship":
      if (actor.party !== state.custodian || state.custody === "in_transit") {
        return state.custody === "in_transit" && actor.party === state.custodian
          ? conflict("already-in-transit", "the tag is already in transit")
          : forbidden("not-custodian", "only the current custodian can ship");
      }
      if (state.custody === "sold") return conflict("chain-closed", "the tag was sold");
      if (state.stolen) return conflict("tag-stolen", "the tag was reported stolen");
      if (!e.to || e.to === actor.party) return conflict("invalid-receiver", "ship names another party as receiver");
      return { ok: true, state: { ...state, custody: "in_transit", pendingTo: e.to } };
    case "receive": {
      if (state.custody !== "in_transit") {
        return state.custody === "sold"
          ? conflict("chain-closed", "the tag was sold")
          : conflict("not-in-transit", "the tag was not shipped");
      }
      if (actor.party !== state.pendingTo) return forbidden("not-receiver", "only the named receiver can receive");
      const { pendingTo: _, ...rest } = state;
      return { ok: true, state: { ...rest, custody: "active", custodian: actor.party } };
    }
    case "sell":
      if (state.custody === "sold") return conflict("chain-closed", "the tag was already sold");
      if (actor.party !== state.custodian || state.custody !== "active") {
        return state.custody === "in_transit" && actor.party === state.custodian
          ? conflict("not-received", "the tag is in transit")
          : forbidden("not-custodian", "only the current custodian can sell");
      }
      if (!actor.roles.includes("retailer")) return forbidden("not-retailer", "only a retailer can sell");
      if (state.stolen) return conflict("tag-stolen", "the tag was reported stolen");
      return { ok: true, state: { ...state, custody: "sold" } };
    case "recall":
      if (actor.party !== state.maker) return forbidden("not-maker", "only the manufacturer can recall");
      if (state.recalled) return conflict("already-recalled", "the tag was already recalled");
      return { ok: true, state: { ...state, recalled: true } };
    case "report-stolen":
      if (actor.party !== state.custodian && actor.party !== state.pendingTo && actor.party !== state.maker) {
        return forbidden("not-custodian", "only the custodian, the receiver or the manufacturer can report a theft");
      }
      if (state.custody === "sold") return conflict("chain-closed", "the tag was sold");
      if (state.stolen) return conflict("already-stolen", "the tag was already reported stolen");
      return { ok: true, state: { ...state, stolen: true } };
    case "destroy":
      if (actor.party !== state.custodian && actor.party !== state.maker) {
        return forbidden("not-custodian", "only the custodian or the manufacturer can destroy");
      }
      return { ok: true, state: { ...state, custody: "destroyed" } };
  }
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
