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
  "nfc-tapped",
  "nfc-already-checked",
  "nfc-replayed",
  "nfc-invalid",
  "nfc-key-revoked",
  "nfc-not-tapped",
  "seal-opened-before-sale",
  "seal-opened",
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** A reason as judged: its code and the facts its message needs. */
export interface ReasonFacts {
  readonly code: ReasonCode;
  /** For at-retailer: the shop it was delivered to; for sold: the shop that sold it. */
  readonly at?: PartyDisplay;
  /** For sold and claimed: the UTC day it was sold or claimed; for nfc-already-checked, of that tap. */
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

/**
 * What an NFC tag's tap showed (core/nfc.ts, counters kept by the store):
 *   fresh        a counter higher than any seen: the tag itself answered this tap
 *   repeat       the counter of the last tap seen: the same link opened again (a reload)
 *   replayed     a counter lower than one already seen: a link copied from an earlier tap
 *   invalid      SUN data that does not decrypt or whose MAC fails for this tag
 *   key-revoked  the tag's batch key was revoked: its taps prove nothing any more
 *   absent       an NFC tag's link without tap data (printed, typed or copied)
 */
export interface NfcFacts {
  readonly tap: "fresh" | "repeat" | "replayed" | "invalid" | "key-revoked" | "absent";
  /** repeat: the UTC day that tap was first checked. */
  readonly day?: string;
  /** A TagTamper tag's seal, as the tap mirrored it. */
  readonly seal?: "closed" | "opened" | "unknown";
}

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
  /** For an NFC tag: what this tap showed. */
  readonly nfc?: NfcFacts;
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
  const tap = facts.nfc?.tap;
  if (tap === "invalid") fake.push("nfc-invalid");
  if (tap === "replayed") fake.push("nfc-replayed");
  if (fake.length > 0) return counterfeitVerdict(fake);

  const s = facts.state;
  const inHand = s.custody === "sold" || s.owner !== undefined;
  const sealOpened = facts.nfc?.seal === "opened";
  const warn: ReasonCode[] = [];
  if (s.stolen) warn.push("reported-stolen");
  if (s.custody === "destroyed") warn.push("destroyed");
  if (facts.compromisedEvents > 0) warn.push("event-key-compromised");
  if (tap === "key-revoked") warn.push("nfc-key-revoked");
  if (tap === "absent") warn.push("nfc-not-tapped");
  if (sealOpened && !inHand) warn.push("seal-opened-before-sale");
  // Not in a shop yet: context for a warning, a caution on its own; moot once someone owns it.
  const caution: ReasonFacts[] = [];
  if (tap === "repeat") caution.push({ code: "nfc-already-checked", day: facts.nfc?.day ?? "" });
  if (s.owner === undefined) {
    if (s.custody === "in_transit") caution.push(reason("in-transit"));
    else if (s.custody === "active" && !facts.holder?.isRetailer) caution.push(reason("not-in-shop"));
  }
  // What the tap proved, and a seal opened after the sale: information beside any verdict.
  const proven: ReasonFacts[] = [
    ...(tap === "fresh" ? [reason("nfc-tapped")] : []),
    ...(sealOpened && inHand ? [reason("seal-opened")] : []),
  ];
  const context = [...warn.map(reason), ...caution, ...proven];
  const [notice] = facts.recalls;
  if (notice || s.recalled) {
    const recalled: ReasonFacts = notice ? { code: "recalled", recall: notice } : reason("recalled");
    return { verdict: "recalled", reasons: [recalled, ...context] };
  }
  if (warn.length > 0) return { verdict: "warning", reasons: context };
  if (caution.length > 0) return { verdict: "caution", reasons: context };
  if (s.owner !== undefined) {
    const day = facts.ownedSince ?? "";
    return { verdict: "authentic", reasons: [{ code: "claimed", day }, ...proven] };
  }
  if (s.custody === "sold") {
    const day = facts.saleDay ?? "";
    const at = facts.holder && (({ isRetailer: _, ...shop }) => shop)(facts.holder);
    const sold: ReasonFacts = { code: "sold", day, ...(at ? { at } : {}) };
    // A tap the tag itself answered is no copied code: scan counts say nothing then.
    const often = tap !== "fresh" && oftenChecked(facts, thresholds);
    return { verdict: "authentic", reasons: [sold, ...(often ? [reason("often-checked")] : []), ...proven] };
  }
  if (s.custody === "active" && facts.holder?.isRetailer) {
    const { isRetailer: _, ...at } = facts.holder;
    return { verdict: "authentic", reasons: [{ code: "at-retailer", at }, ...proven] };
  }
  return { verdict: "authentic", reasons: [reason("authentic"), ...proven] };
}
