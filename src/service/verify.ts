// The consumer's scan. Cheap by design: signatures were checked at ingest, so a scan compares
// the presented token with the stored one in constant time and re-checks hashes, not signatures.
// It records nothing about the consumer: only a count for the tag and the UTC day.
import { bytesEqual, constantTimeEqual, toBase64, toBase64Url } from "../core/bytes.js";
import { CBV, type ChainState, type EntryType, parseEntryBytes } from "../core/event.js";
import { gtinHasPrefix } from "../core/gs1.js";
import {
  type CloneThresholds,
  counterfeitVerdict,
  DEFAULT_THRESHOLDS,
  judge,
  type Reason,
  type ReasonCode,
  type Verdict,
} from "../core/verdict.js";
import type { ChainEntryRow, PartyRow } from "../store/domain-store.js";
import { type ServiceContext, utcDay } from "./context.js";
import type { ScanCounter } from "./scans.js";

export interface PartyDisplay {
  /** Present only when the party chose to be shown by name. */
  readonly name?: string;
  readonly role: string;
  readonly country: string;
}

export interface JourneyStep {
  readonly type: EntryType;
  readonly bizStep: string;
  readonly disposition: string;
  /** UTC day the log accepted the entry. */
  readonly date: string;
  readonly party: PartyDisplay;
  readonly country?: string;
}

export interface VerifyResult {
  readonly verdict: Verdict;
  readonly reasons: readonly Reason[];
  readonly product: {
    readonly gtin: string;
    readonly serial: string;
    readonly lot?: string;
    readonly expiry?: string;
    readonly manufacturer?: PartyDisplay;
  };
  readonly status?: { readonly custody: ChainState["custody"]; readonly recalled: boolean; readonly stolen: boolean };
  readonly journey: readonly JourneyStep[];
  /** What a client needs to re-check everything offline. */
  readonly proofs?: {
    /** Every entry of the tag's chain: log leaf bytes (base64) and index. */
    readonly entries: readonly { readonly leafIndex: number; readonly leaf: string }[];
    /** RFC 9162 inclusion proof of the chain head against the checkpoint. */
    readonly inclusionProof: readonly string[];
    readonly checkpoint: string;
    readonly logKey: string;
    /** Public keys (base64) of every key that signed an entry, by key ID. */
    readonly keys: Readonly<Record<string, string>>;
  };
}

const ROLE_OF: Record<string, string> = {
  manufacturer: "Manufacturer",
  distributor: "Distributor",
  retailer: "Retailer",
};

export function display(party: PartyRow | undefined, role?: string): PartyDisplay {
  if (!party) return { role: "Unknown", country: "" };
  const r = role ?? party.roles[0] ?? "party";
  return { ...(party.showName ? { name: party.name } : {}), role: ROLE_OF[r] ?? r, country: party.country };
}

const ENTRY_ROLE: Partial<Record<EntryType, string>> = {
  commission: "manufacturer",
  recall: "manufacturer",
  sell: "retailer",
};

export class Verifier {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly scans: ScanCounter,
    private readonly thresholds: CloneThresholds = DEFAULT_THRESHOLDS,
  ) {}

  async verify(gtin: string, serial: string, token: Uint8Array | undefined): Promise<VerifyResult> {
    const { ctx } = this;
    const now = ctx.now();
    const tag = await ctx.store.tag(gtin, serial);
    const product = { gtin, serial };
    if (!tag) {
      const codes: ReasonCode[] = token ? ["not-commissioned"] : ["signature-missing", "not-commissioned"];
      return { ...counterfeitVerdict(codes), product, journey: [] };
    }
    const maker = await ctx.store.party(tag.makerParty);
    const fullProduct = {
      ...product,
      ...(tag.lot === undefined ? {} : { lot: tag.lot }),
      ...(tag.expiry === undefined ? {} : { expiry: tag.expiry }),
      manufacturer: display(maker, "manufacturer"),
    };
    if (!token || !constantTimeEqual(token, tag.signature)) {
      return {
        ...counterfeitVerdict([token ? "signature-invalid" : "signature-missing"]),
        product: fullProduct,
        journey: [],
      };
    }
    this.scans.record(tag.id, now);
    const [chain, scanDays] = await Promise.all([ctx.store.chain(tag.id), this.scans.days(tag.id)]);
    const keys = await ctx.store.keys([...new Set(chain.map((e) => e.actorKey))]);
    const parties = await ctx.store.parties([...new Set(chain.map((e) => e.actorParty))]);
    const makerKey = keys.get(tag.makerKey);
    const commissioned = chain[0];
    const sale = chain.find((e) => e.type === "sell");
    const facts = {
      state: tag.state,
      chainIntact: this.#chainIntact(chain, tag.head),
      makerKeyRevokedAtCommission:
        makerKey?.compromisedAt !== undefined &&
        commissioned !== undefined &&
        makerKey.compromisedAt <= commissioned.loggedAt,
      gtinIsMakers: (maker?.companyPrefixes ?? []).some((p) => gtinHasPrefix(gtin, p)),
      compromisedEvents: chain.filter((e) => {
        const k = keys.get(e.actorKey);
        return e.seq > 0 && k?.compromisedAt !== undefined && k.compromisedAt <= e.loggedAt;
      }).length,
      scans: scanDays,
      ...(sale ? { saleDay: utcDay(sale.loggedAt) } : {}),
    };
    const journey: JourneyStep[] = chain.map((e) => {
      const type = e.type as EntryType;
      const party = parties.get(e.actorParty);
      const country = eventCountry(e);
      return {
        type,
        bizStep: CBV[type].bizStep,
        disposition: CBV[type].disposition,
        date: utcDay(e.loggedAt),
        party: display(party, ENTRY_ROLE[type] ?? party?.roles.find((r) => r !== "manufacturer") ?? party?.roles[0]),
        ...(country ? { country } : {}),
      };
    });
    const head = chain[chain.length - 1] as ChainEntryRow;
    const checkpoint = await ctx.log.checkpoint();
    const inclusionProof = await ctx.log.inclusionProof(head.leafIndex, checkpoint.size);
    const keyMap: Record<string, string> = {};
    for (const [id, k] of keys) keyMap[id] = toBase64(k.publicKey);
    return {
      ...judge(facts, this.thresholds),
      product: fullProduct,
      status: { custody: tag.state.custody, recalled: tag.state.recalled, stolen: tag.state.stolen },
      journey,
      proofs: {
        entries: chain.map((e) => ({ leafIndex: e.leafIndex, leaf: toBase64(e.leaf) })),
        inclusionProof: inclusionProof.map(toBase64),
        checkpoint: checkpoint.note,
        logKey: ctx.log.verifierKey(),
        keys: keyMap,
      },
    };
  }

  /** Re-hashes the chain: each stored leaf hashes to its recorded hash, and each event's prev links up. */
  #chainIntact(chain: readonly ChainEntryRow[], head: Uint8Array): boolean {
    const hasher = this.ctx.log.hasher;
    let prev: string | undefined;
    for (const e of chain) {
      const hash = hasher.hashLeaf(e.leaf);
      if (!bytesEqual(hash, e.leafHash)) return false;
      const entry = parseEntryBytes(e.leaf);
      if (e.seq === 0 ? entry?.kind !== "commission" : entry?.kind !== "event" || entry.event.prev !== prev)
        return false;
      prev = toBase64Url(hash);
    }
    return chain.length > 0 && bytesEqual(hasher.hashLeaf((chain[chain.length - 1] as ChainEntryRow).leaf), head);
  }
}

function eventCountry(e: ChainEntryRow): string | undefined {
  const entry = parseEntryBytes(e.leaf);
  return entry?.kind === "event" ? entry.event.country : undefined;
}
