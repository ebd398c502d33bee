// The verdict a consumer sees for a scanned tag: authentic, warning or counterfeit, each reason a
// stable code with a plain-language message. Pure: the verify service gathers the facts.
import type { ChainState } from "./event.js";

export type Verdict = "authentic" | "warning" | "counterfeit";

export interface Reason {
  readonly code: string;
  readonly message: string;
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
  "in-supply-chain": "This product has not been sold by a registered retailer yet.",
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
  if (s.custody === "active" || s.custody === "in_transit") warn.push("in-supply-chain");
  if (facts.compromisedEvents > 0) warn.push("event-key-compromised");
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
  if (warn.length > 0) return { verdict: "warning", reasons: warn.map(reason) };
  return { verdict: "authentic", reasons: [reason("authentic")] };
}
