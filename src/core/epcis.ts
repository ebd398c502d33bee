// A tag's chain as an EPCIS 2.0 JSON-LD document (GS1 EPCIS 2.0 §7, CBV 2.0 vocabulary), valid
// against GS1's EPCIS JSON Schema. Event IDs are the log leaf hashes as RFC 6920 ni: URIs, so an
// EPCIS consumer can find each event in the transparency log.
import { toHex } from "./bytes.js";
import { CBV, type EntryType, type LogEntry } from "./event.js";

export const EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

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

export function partyUri(p: EpcisParty): string {
  return p.gln ? `https://id.gs1.org/414/${p.gln}` : `urn:tagtrail:party:${encodeURIComponent(p.id)}`;
}

/** GS1 Digital Link URI of an SGTIN, with the canonical id.gs1.org host. */
export function sgtinUri(gtin: string, serial: string): string {
  return `https://id.gs1.org/01/${gtin}/21/${encodeURIComponent(serial)}`;
}

function eventOf(input: EpcisInput): Record<string, unknown> | undefined {
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
  } else {
    return undefined;
  }
  const cbv = CBV[type];
  const actor = partyUri(input.actor);
  return {
    type: cbv.eventType,
    eventID: `ni:///sha-256;${toHex(input.leafHash)}?ver=CBV2.0`,
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
    ...(type === "receive" ? { destinationList: [{ type: "possessing_party", destination: actor }] } : {}),
    ...(country ? { "tagtrail:country": country } : {}),
    "tagtrail:actor": actor,
  };
}

export function epcisDocument(inputs: readonly EpcisInput[], creationDate: string): Record<string, unknown> {
  return {
    "@context": [EPCIS_CONTEXT, { tagtrail: "urn:tagtrail:epcis:" }],
    type: "EPCISDocument",
    schemaVersion: "2.0",
    creationDate,
    epcisBody: { eventList: inputs.map(eventOf).filter((e) => e !== undefined) },
  };
}
