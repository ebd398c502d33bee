// The verdict a consumer sees for a scanned tag, each reason a stable code with a plain-language
// message. Pure: the verify service gathers the facts.
//   authentic    genuine, and where it should be: on a registered retailer's shelf, or sold
//   caution      genuine, but not in a shop yet (with its maker or a distributor, or in transit):
//                not alarming for a shopper, a diversion signal for the brand
//   warning      genuine, but something happened to it (recalled, stolen, destroyed, …)
//   counterfeit  not a genuine code
import type { ChainState } from "./event.js";

export type Verdict = "authentic" | "caution" | "warning" | "counterfeit";

/** How a party appears to a shopper: by name only if it chose to be shown. */
export interface PartyDisplay {
  readonly name?: string;
  readonly role: string;
  readonly country: string;
}

export interface Reason {
  readonly code: string;
  readonly message: string;
  /** For at-retailer: the shop it was delivered to, so a shopper elsewhere can tell. */
  readonly at?: PartyDisplay;
}

export const REASONS = {
  "signature-missing": "The code carries no signature, so it cannot be checked.",
  "signature-invalid": "The code's signature does not match the one the manufacturer registered.",
  "not-commissioned": "No manufacturer ever registered this code.",
  "maker-key-revoked": "The manufacturer's key that signed this code was compromised before it was registered.",
  "gtin-not-makers": "The product number does not belong to the manufacturer that signed this code.",
  recalled: "The manufacturer has recalled this product.",
  "reported-stolen": "This product was reported stolen.",
  destroyed: "This product was recorded as destroyed.",
  "not-in-shop": "This genuine product has not reached a shop yet: it is still with its manufacturer or a distributor.",
  "in-transit": "This genuine product is on its way between two companies and has not reached a shop yet.",
  "at-retailer": "This genuine product was delivered to a registered shop.",
  "many-scans-after-sale": "This code has been checked many times since it was sold: it may have been copied.",
  "many-days-after-sale":
    "This code has been checked on many different days since it was sold: it may have been copied.",
  "event-key-compromised": "Part of this product's history was signed with a key that was later reported compromised.",
  authentic: "This product was registered by its manufacturer and its history checks out.",
} as const;

export type ReasonCode = keyof typeof REASONS;

const reason = (code: ReasonCode): Reason => ({ code, message: REASONS[code] });

export interface CloneThresholds {
  /** More scans than this since the sale day is a copied-code signal. */
  readonly scansAfterSale: number;
  /** Scans on more distinct days than this since the sale day is a copied-code signal. */
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
  /** UTC day of the sale, if sold. */
  readonly saleDay?: string;
  /** Scan counts by UTC day, this scan included. */
  readonly scans: ReadonlyMap<string, number>;
}

export function counterfeitVerdict(codes: readonly ReasonCode[]): { verdict: Verdict; reasons: Reason[] } {
  return { verdict: "counterfeit", reasons: codes.map(reason) };
}

export function judge(
  facts: TagFacts,
  thresholds: CloneThresholds = DEFAULT_THRESHOLDS,
): { verdict: Verdict; reasons: Reason[] } {
  const fake: ReasonCode[] = [];
  if (facts.makerKeyRevokedAtCommission) fake.push("maker-key-revoked");
  if (!facts.gtinIsMakers) fake.push("gtin-not-makers");
  if (fake.length > 0) return counterfeitVerdict(fake);

  const warn: ReasonCode[] = [];
  const s = facts.state;
  if (s.recalled) warn.push("recalled");
  if (s.stolen) warn.push("reported-stolen");
  if (s.custody === "destroyed") warn.push("destroyed");
  if (facts.compromisedEvents > 0) warn.push("event-key-compromised");
  // Not in a shop yet: context for a warning, a caution on its own.
  const caution: ReasonCode[] = [];
  if (s.custody === "in_transit") caution.push("in-transit");
  else if (s.custody === "active" && !facts.holder?.isRetailer) caution.push("not-in-shop");
  if (facts.saleDay !== undefined) {
    let scans = 0;
    let days = 0;
    for (const [day, n] of facts.scans) {
      if (day >= facts.saleDay) {
        scans += n;
        days++;
      }
    }
    if (scans > thresholds.scansAfterSale) warn.push("many-scans-after-sale");
    if (days > thresholds.daysAfterSale) warn.push("many-days-after-sale");
  }
  if (warn.length > 0) return { verdict: "warning", reasons: [...warn, ...caution].map(reason) };
  if (caution.length > 0) return { verdict: "caution", reasons: caution.map(reason) };
  if (s.custody === "active" && facts.holder?.isRetailer) {
    const { isRetailer: _, ...at } = facts.holder;
    const where = at.name ? `${at.name}, ${at.country}` : `a ${at.role.toLowerCase()} in ${at.country}`;
    return {
      verdict: "authentic",
      reasons: [
        { code: "at-retailer", message: `This genuine product was delivered to ${where}, where it is on sale.`, at },
      ],
    };
  }
  return { verdict: "authentic", reasons: [reason("authentic")] };
}
