// A tag's chain as an EPCIS 2.0 JSON-LD document (GS1 EPCIS 2.0 §7, CBV 2.0 vocabulary), valid
// against GS1's EPCIS JSON Schema. Each eventID is the event's EPCIS Event Hash ID (CBV 2.0 §8.9,
// epcis-hash.ts), which any EPCIS tool recomputes from the event alone; the extension
// tagtrail:leafHash names the entry's RFC 9162 log leaf hash as an RFC 6920 ni: URI, so an EPCIS
// consumer can find each event in the transparency log, and the eventID covers it.
import { toBase64Url } from "./bytes.js";
import { nobleCrypto, type Sha256 } from "./crypto.js";
import { eventHash } from "./epcis-hash.js";
import { CBV, type EntryType, type LogEntry } from "./event.js";

export const EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

/** The JSON-LD prefix of tagtrail's extension fields (tagtrail:country, tagtrail:actor, tagtrail:leafHash). */
export const TAGTRAIL_PREFIXES = { tagtrail: "urn:tagtrail:epcis:" } as const;

export interface EpcisParty {
  readonly id: string;
  readonly gln?: string;
}

export interface EpcisInput {
  readonly entry: LogEntry;
  readonly leafHash: Uint8Array;
  /** When the log accepted the entry (ms since epoch). */
  readonly loggedAt: number;
  readonly actor: EpcisParty;
  /** For ship: the receiving party. */
  readonly to?: EpcisParty;
}

/** A holder's device key as an EPCIS owning party: a key, never a person. */
export function holderUri(key: string): string {
  return `urn:tagtrail:holder:${key}`;
}

export function partyUri(p: EpcisParty): string {
  return p.gln ? `https://id.gs1.org/414/${p.gln}` : `urn:tagtrail:party:${encodeURIComponent(p.id)}`;
}

/** RFC 6920 §3 ni: URI of a SHA-256 digest (base64url, no padding), as tagtrail:leafHash carries it. */
export function niSha256(digest: Uint8Array): string {
  return `ni:///sha-256;${toBase64Url(digest)}`;
}

/** GS1 Digital Link URI of an SGTIN, with the canonical id.gs1.org host. */
export function sgtinUri(gtin: string, serial: string): string {
  return `https://id.gs1.org/01/${gtin}/21/${encodeURIComponent(serial)}`;
}

function eventOf(input: EpcisInput, sha256: Sha256): Record<string, unknown> | undefined {
  const { entry } = input;
  let type: EntryType;
  let gtin: string;
  let serial: string;
  let time: string;
  let country: string | undefined;
  if (entry.kind === "commission") {
    type = "commission";
    ({ gtin, serial } = entry.tag);
    time = new Date(input.loggedAt).toISOString();
  } else if (entry.kind === "event") {
    type = entry.event.type;
    ({ gtin, serial, time, country } = entry.event);
  } else if (entry.kind === "holder") {
    type = entry.statement.type;
    ({ gtin, serial } = entry.statement);
    // A holder's statement keeps the day only.
    time = `${entry.statement.day}T00:00:00Z`;
  } else {
    return undefined;
  }
  const cbv = CBV[type];
  const actor = entry.kind === "holder" ? holderUri(entry.statement.holder) : partyUri(input.actor);
  const event = {
    eventTime: time,
    eventTimeZoneOffset: "+00:00",
    epcList: [sgtinUri(gtin, serial)],
    action: cbv.action,
    bizStep: cbv.bizStep,
    disposition: cbv.disposition,
    ...(input.actor.gln ? { bizLocation: { id: `https://id.gs1.org/414/${input.actor.gln}` } } : {}),
    ...(type === "ship" && input.to
      ? {
          sourceList: [{ type: "possessing_party", source: actor }],
          destinationList: [{ type: "possessing_party", destination: partyUri(input.to) }],
        }
      : {}),
    ...(type === "receive" || type === "return"
      ? { destinationList: [{ type: "possessing_party", destination: actor }] }
      : {}),
    // CBV 2.0 owning_party: a claim makes the holder's key the owner; a transfer passes it on.
    ...(entry.kind === "holder" ? ownership(entry.statement, actor) : {}),
    ...(country ? { "tagtrail:country": country } : {}),
    "tagtrail:actor": actor,
    "tagtrail:leafHash": niSha256(input.leafHash),
  };
  // CBV 2.0 §8.9: the hash covers every field but the eventID itself.
  return {
    type: cbv.eventType,
    eventID: eventHash(sha256, { type: cbv.eventType, ...event }, TAGTRAIL_PREFIXES),
    ...event,
  };
}

function ownership(
  s: { type: string; to?: string },
  actor: string,
): { sourceList?: { type: string; source: string }[]; destinationList?: { type: string; destination: string }[] } {
  if (s.type === "claim") return { destinationList: [{ type: "owning_party", destination: actor }] };
  return {
    sourceList: [{ type: "owning_party", source: actor }],
    ...(s.to ? { destinationList: [{ type: "owning_party", destination: holderUri(s.to) }] } : {}),
  };
}

/** `sha256` computes the eventIDs; the portable implementation unless the caller passes its own. */
export function epcisDocument(
  inputs: readonly EpcisInput[],
  creationDate: string,
  sha256: Sha256 = nobleCrypto.sha256,
): Record<string, unknown> {
  return {
    "@context": [EPCIS_CONTEXT, TAGTRAIL_PREFIXES],
    type: "EPCISDocument",
    schemaVersion: "2.0",
    creationDate,
    epcisBody: { eventList: inputs.map((input) => eventOf(input, sha256)).filter((e) => e !== undefined) },
  };
}
