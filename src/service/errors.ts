// Refusals of the domain services, each a stable code from its area's closed union; http/ maps
// codes to statuses (http/errors.ts). A refused batch lists its first MAX_REFUSALS refused items
// and counts them all; nothing of it is written.
import { CodedError } from "../core/errors.js";
import type { CommissionRuleCode } from "../core/rules/commission.js";
import type { CustodyRuleCode } from "../core/rules/custody.js";
import type { HolderRuleCode } from "../core/rules/holder.js";
import type { KeyRuleCode } from "../core/rules/keys.js";
import type { NfcRuleCode } from "../core/rules/nfc.js";
import type { ProductRuleCode } from "../core/rules/product.js";
import type { RecallRuleCode } from "../core/rules/recall.js";

/** The party registry's refusals (operator requests). */
export type RegistryCode =
  | "party-exists"
  | "key-exists"
  | "unknown-party"
  | "unknown-key"
  | "key-retired"
  | "key-revoked"
  | "prefix-overlap"
  | "weak-public-key"
  | "compromise-in-future";

/** Refusals of commissioning and custody events: the core rules' codes and the service's own. */
export type CustodyCode =
  | CommissionRuleCode
  | CustodyRuleCode
  | "bad-signature"
  | "tag-exists"
  | "unknown-tag"
  | "wrong-prev"
  | "time-in-future"
  | NfcRuleCode
  | "nfc-uid-mismatch";

/** Refusals of a holder's claim or transfer. */
export type OwnershipCode =
  | HolderRuleCode
  | "bad-signature"
  | "weak-public-key"
  | "unknown-tag"
  | "wrong-prev"
  | "wrong-day";

/** Refusals of a maker's recall or its lifting. */
export type RecallCode = RecallRuleCode | KeyRuleCode | "bad-signature" | "time-in-future";

/** Refusals of a maker's product statement. */
export type ProductCode = ProductRuleCode | KeyRuleCode | "bad-signature" | "time-in-future";

/** Refusals of a report, or of a maker's request to read them. */
export type ReportCode = KeyRuleCode | "too-many-reports" | "stale-request" | "bad-signature" | "gtin-not-makers";

/** Refusals of an NFC batch key's registration or revocation, and a server that cannot keep them. */
export type NfcCode =
  | NfcRuleCode
  | KeyRuleCode
  | "bad-signature"
  | "time-in-future"
  | "key-mismatch"
  | "nfc-not-configured";

/** Every area's codes. */
export interface DomainCodes {
  readonly registry: RegistryCode;
  readonly custody: CustodyCode;
  readonly history: "unknown-tag";
  readonly ownership: OwnershipCode;
  readonly recall: RecallCode;
  readonly product: ProductCode;
  readonly report: ReportCode;
  readonly nfc: NfcCode;
}
export type Area = keyof DomainCodes;

export interface Refusal<C extends string = string> {
  readonly index?: number;
  readonly code: C;
  readonly detail: string;
  /** For wrong-prev: the tag's current chain head (base64url leaf hash) and length. */
  readonly head?: string;
  readonly length?: number;
}

/** Refused items an error lists at most: a batch of 10,000 bad items needs no 1 MB answer. */
export const MAX_REFUSALS = 100;

export class DomainError<A extends Area = Area> extends CodedError<DomainCodes[A]> {
  constructor(
    readonly area: A,
    code: DomainCodes[A],
    detail: string,
    readonly refusals: readonly Refusal<DomainCodes[A]>[] = [],
    /** How many items were refused, listed or not. */
    readonly refusalCount = refusals.length,
  ) {
    super(code, detail);
  }

  static fromRefusals<A extends Area>(area: A, refusals: readonly Refusal<DomainCodes[A]>[]): DomainError<A> {
    const first = refusals[0] as Refusal<DomainCodes[A]>;
    const n = refusals.length;
    const listed = n > MAX_REFUSALS ? ` (the first ${MAX_REFUSALS} listed)` : "";
    const detail = n === 1 ? first.detail : `${n} items refused${listed}; the first: ${first.detail}`;
    return new DomainError(area, first.code, detail, refusals.slice(0, MAX_REFUSALS), n);
  }
}
