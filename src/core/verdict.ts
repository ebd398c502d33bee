// The verdict a consumer sees for a scanned tag, each reason a stable code with a plain-language
// message. Pure: the verify service gathers the facts.
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

/** How a party appears to a shopper: by name only if it chose to be shown. */
export interface PartyDisplay {
  readonly name?: string;
  readonly role: string;
  readonly country: string;
}

/** A maker's recall as a holder sees it. */
export interface RecallNotice {
  /** UTC day the recall was logged. */
  readonly day: string;
  readonly instructions?: string;
  readonly url?: string;
}

export interface Reason {
  readonly code: string;
  readonly message: string;
  /** For at-retailer: the shop it was delivered to; for sold: the shop that sold it. */
  readonly at?: PartyDisplay;
  /** For sold and claimed: the UTC day it was sold or claimed. */
  readonly day?: string;
  /** For recalled: the maker's instructions. */
  readonly recall?: RecallNotice;
}

export const REASONS = {
  "signature-missing": "The code carries no signature, so it cannot be checked.",
  "signature-invalid": "The code's signature does not match the one the manufacturer registered.",
  "not-commissioned": "No manufacturer ever registered this code.",
  "maker-key-revoked": "The manufacturer's key that signed this code was compromised before it was registered.",
  "gtin-not-makers": "The product number does not belong to the manufacturer that signed this code.",
  "lot-mismatch": "The lot number in this code does not match the one its manufacturer signed.",
  recalled: "The manufacturer has recalled this product.",
  "reported-stolen": "This product was reported stolen.",
  destroyed: "This product was recorded as destroyed.",
  "not-in-shop": "This genuine product has not reached a shop yet: it is still with its manufacturer or a distributor.",
  "in-transit": "This genuine product is on its way between two companies and has not reached a shop yet.",
  "at-retailer": "This genuine product was delivered to a registered shop.",
  sold: "This genuine product was sold by a registered shop. If it is offered to you as new, it is a copy.",
  claimed:
    "This genuine product was bought and claimed by its owner. If you are buying it sealed in a shop, it is a copy.",
  "often-checked":
    "This code has been checked on many days since it was sold. That is normal when a product changes hands; if you are buying it as new, ask for its claim code.",
  "event-key-compromised": "Part of this product's history was signed with a key that was later reported compromised.",
  authentic: "This product was registered by its manufacturer and its history checks out.",
} as const;

export type ReasonCode = keyof typeof REASONS;

const reason = (code: ReasonCode): Reason => ({ code, message: REASONS[code] });

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

export function counterfeitVerdict(codes: readonly ReasonCode[]): { verdict: Verdict; reasons: Reason[] } {
  return { verdict: "counterfeit", reasons: codes.map(reason) };
}

function describe(p: PartyDisplay): string {
  return p.name ? `${p.name}, ${p.country}` : `a ${p.role.toLowerCase()} in ${p.country}`;
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

export function judge(
  facts: TagFacts,
  thresholds: CloneThresholds = DEFAULT_THRESHOLDS,
): { verdict: Verdict; reasons: Reason[] } {
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
    const recalled: Reason = notice
      ? {
          code: "recalled",
          message: `The manufacturer recalled this product on ${notice.day}.${notice.instructions ? ` ${notice.instructions}` : ""}`,
          recall: notice,
        }
      : reason("recalled");
    return { verdict: "recalled", reasons: [recalled, ...context] };
  }
  if (warn.length > 0) return { verdict: "warning", reasons: context };
  if (caution.length > 0) return { verdict: "caution", reasons: context };
  if (s.owner !== undefined) {
    const day = facts.ownedSince ?? "";
    return {
      verdict: "authentic",
      reasons: [
        {
          code: "claimed",
          message: `This genuine product was claimed by its owner on ${day}. If you are buying it sealed in a shop, it is a copy.`,
          day,
        },
      ],
    };
  }
  if (s.custody === "sold") {
    const day = facts.saleDay ?? "";
    const at = facts.holder && (({ isRetailer: _, ...shop }) => shop)(facts.holder);
    const sold: Reason = {
      code: "sold",
      message: `This genuine product was sold${at ? ` by ${describe(at)}` : ""} on ${day}. If it is offered to you as new, it is a copy.`,
      day,
      ...(at ? { at } : {}),
    };
    return {
      verdict: "authentic",
      reasons: oftenChecked(facts, thresholds) ? [sold, reason("often-checked")] : [sold],
    };
  }
  if (s.custody === "active" && facts.holder?.isRetailer) {
    const { isRetailer: _, ...at } = facts.holder;
    return {
      verdict: "authentic",
      reasons: [
        {
          code: "at-retailer",
          message: `This genuine product was delivered to ${describe(at)}, where it is on sale.`,
          at,
        },
      ],
    };
  }
  return { verdict: "authentic", reasons: [reason("authentic")] };
}
