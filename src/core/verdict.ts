// The verdict a consumer sees for a scanned tag, each reason a stable code with the facts its
// message needs (a day, a shop, the maker's recall). Pure: the verify service gathers the facts,
// and src/i18n/ words them in the reader's language; nothing here is user-facing text.
//   authentic    genuine, and where it should be: on a registered retailer's shelf, or sold (and
//                then, if claimed, said so: a sealed product on a shelf with a claimed code is a copy)
//   caution      genuine, but not in a shop yet (with its maker or a distributor, or in transit):
//                not alarming for a shopper, a diversion signal for the brand
//   recalled     genuine, and its maker recalled it: the maker's instructions come with it
//   warning      genuine, but something happened to it (stolen, destroyed, a compromised key)
//   counterfeit  not a genuine code
// Scan counts never make a verdict: anyone with a photo of a code can scan it, so many scans add at
// most an informational note, and none once the product is claimed (core/verdict.ts judge).
import type { ChainState } from "./event.js";

export type Verdict = "authentic" | "caution" | "recalled" | "warning" | "counterfeit";
export const VERDICTS: readonly Verdict[] = ["authentic", "caution", "recalled", "warning", "counterfeit"];

/** The role a party plays in a tag's story, as a code the reader's language words. */
export type DisplayRole = "manufacturer" | "distributor" | "retailer" | "repairer" | "owner" | "unknown";

/** How a party appears to a shopper: by name only if it chose to be shown. */
export interface PartyDisplay {
  readonly name?: string;
  readonly role: DisplayRole;
  /** ISO 3166-1 alpha-2, empty when unknown. */
  readonly country: string;
}

/** A maker's recall as a holder sees it. */
export interface RecallNotice {
  /** UTC day the recall was logged. */
  readonly day: string;
  readonly instructions?: string;
  readonly url?: string;
}

/** Every reason a verdict can give, each a stable code. */
export const REASON_CODES = [
  "signature-missing",
  "signature-invalid",
  "not-commissioned",
  "maker-key-revoked",
  "gtin-not-makers",
  "lot-mismatch",
  "recalled",
  "reported-stolen",
  "destroyed",
  "not-in-shop",
  "in-transit",
  "at-retailer",
  "sold",
  "claimed",
  "often-checked",
  "event-key-compromised",
  "authentic",
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** A reason as judged: its code and the facts its message needs. */
export interface ReasonFacts {
  readonly code: ReasonCode;
  /** For at-retailer: the shop it was delivered to; for sold: the shop that sold it. */
  readonly at?: PartyDisplay;
  /** For sold and claimed: the UTC day it was sold or claimed. */
  readonly day?: string;
  /** For recalled: the maker's recall. */
  readonly recall?: RecallNotice;
}

/** A reason as answered: with its message in the reader's language (src/i18n/). */
export interface Reason extends ReasonFacts {
  readonly message: string;
}

export interface Judgement {
  readonly verdict: Verdict;
  readonly reasons: readonly ReasonFacts[];
}

const reason = (code: ReasonCode): ReasonFacts => ({ code });

export interface CloneThresholds {
  /** More scans than this since the sale (or the last claim, transfer or return) adds a note. */
  readonly scansAfterSale: number;
  /** Scans on more distinct days than this since then adds a note. */
  readonly daysAfterSale: number;
}

export const DEFAULT_THRESHOLDS: CloneThresholds = { scansAfterSale: 20, daysAfterSale: 7 };

export interface TagFacts {
  readonly state: ChainState;
  /** Who holds it, and whether that party is a registered retailer. */
  readonly holder?: PartyDisplay & { readonly isRetailer: boolean };
  readonly makerKeyRevokedAtCommission: boolean;
  readonly gtinIsMakers: boolean;
  readonly compromisedEvents: number;
  /** The maker's recalls in force that cover this tag, newest first. */
  readonly recalls: readonly RecallNotice[];
  /** If sold: the UTC day of the (latest) sale. */
  readonly saleDay?: string;
  /** If claimed: the UTC day the current holder got it (claim or transfer). */
  readonly ownedSince?: string;
  /** The UTC day scan counts are read from: the latest sale, claim, transfer or return. */
  readonly signalsSince?: string;
  /** Scan counts by UTC day, this scan included. */
  readonly scans: ReadonlyMap<string, number>;
}

export function counterfeitVerdict(codes: readonly ReasonCode[]): Judgement {
  return { verdict: "counterfeit", reasons: codes.map(reason) };
}

/** Scans since `since` above either threshold: a note, never a verdict. */
function oftenChecked(facts: TagFacts, thresholds: CloneThresholds): boolean {
  if (facts.signalsSince === undefined) return false;
  let scans = 0;
  let days = 0;
  for (const [day, n] of facts.scans) {
    if (day >= facts.signalsSince) {
      scans += n;
      days++;
    }
  }
  return scans > thresholds.scansAfterSale || days > thresholds.daysAfterSale;
}

export function judge(facts: TagFacts, thresholds: CloneThresholds = DEFAULT_THRESHOLDS): Judgement {
  const fake: ReasonCode[] = [];
  if (facts.makerKeyRevokedAtCommission) fake.push("maker-key-revoked");
  if (!facts.gtinIsMakers) fake.push("gtin-not-makers");
  if (fake.length > 0) return counterfeitVerdict(fake);

  const s = facts.state;
  const warn: ReasonCode[] = [];
  if (s.stolen) warn.push("reported-stolen");
  if (s.custody === "destroyed") warn.push("destroyed");
  if (facts.compromisedEvents > 0) warn.push("event-key-compromised");
  // Not in a shop yet: context for a warning, a caution on its own; moot once someone owns it.
  const caution: ReasonCode[] = [];
  if (s.owner === undefined) {
    if (s.custody === "in_transit") caution.push("in-transit");
    else if (s.custody === "active" && !facts.holder?.isRetailer) caution.push("not-in-shop");
  }
  const context = [...warn, ...caution].map(reason);
  const [notice] = facts.recalls;
  if (notice || s.recalled) {
    const recalled: ReasonFacts = notice ? { code: "recalled", recall: notice } : reason("recalled");
    return { verdict: "recalled", reasons: [recalled, ...context] };
  }
  if (warn.length > 0) return { verdict: "warning", reasons: context };
  if (caution.length > 0) return { verdict: "caution", reasons: context };
  if (s.owner !== undefined) {
    const day = facts.ownedSince ?? "";
    return { verdict: "authentic", reasons: [{ code: "claimed", day }] };
  }
  if (s.custody === "sold") {
    const day = facts.saleDay ?? "";
    const at = facts.holder && (({ isRetailer: _, ...shop }) => shop)(facts.holder);
    const sold: ReasonFacts = { code: "sold", day, ...(at ? { at } : {}) };
    return {
      verdict: "authentic",
      reasons: oftenChecked(facts, thresholds) ? [sold, reason("often-checked")] : [sold],
    };
  }
  if (s.custody === "active" && facts.holder?.isRetailer) {
    const { isRetailer: _, ...at } = facts.holder;
    return { verdict: "authentic", reasons: [{ code: "at-retailer", at }] };
  }
  return { verdict: "authentic", reasons: [reason("authentic")] };
}
