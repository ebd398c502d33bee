// Refusals of the domain services: a stable code and the HTTP status it maps to. A batch that is
// refused lists every refused item; nothing of it is written.
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

export class DomainError extends Error {
  constructor(
    readonly status: RefusalStatus,
    readonly code: string,
    detail: string,
    readonly refusals: readonly Refusal[] = [],
  ) {
    super(detail);
    this.name = "DomainError";
  }

  static fromRefusals(refusals: readonly Refusal[]): DomainError {
    const first = refusals[0] as Refusal;
    const detail =
      refusals.length === 1 ? first.detail : `${refusals.length} items refused; the first: ${first.detail}`;
    return new DomainError(first.status, first.code, detail, refusals);
  }
}
