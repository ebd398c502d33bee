// Refusals of the domain services: a stable code and the HTTP status it maps to. A batch that is
// refused lists its first MAX_REFUSALS refused items and counts them all; nothing of it is written.
export type RefusalStatus = 400 | 401 | 403 | 404 | 409 | 413;

export interface Refusal {
  readonly index?: number;
  readonly status: RefusalStatus;
  readonly code: string;
  readonly detail: string;
  /** For wrong-prev: the tag's current chain head (base64url leaf hash) and length. */
  readonly head?: string;
  readonly length?: number;
}

/** Refused items an error lists at most: a batch of 10,000 bad items needs no 1 MB answer. */
export const MAX_REFUSALS = 100;

export class DomainError extends Error {
  constructor(
    readonly status: RefusalStatus,
    readonly code: string,
    detail: string,
    readonly refusals: readonly Refusal[] = [],
    /** How many items were refused, listed or not. */
    readonly refusalCount = refusals.length,
  ) {
    super(detail);
    this.name = "DomainError";
  }

  static fromRefusals(refusals: readonly Refusal[]): DomainError {
    const first = refusals[0] as Refusal;
    const n = refusals.length;
    const listed = n > MAX_REFUSALS ? ` (the first ${MAX_REFUSALS} listed)` : "";
    const detail = n === 1 ? first.detail : `${n} items refused${listed}; the first: ${first.detail}`;
    return new DomainError(first.status, first.code, detail, refusals.slice(0, MAX_REFUSALS), n);
  }
}
