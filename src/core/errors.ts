// The one shape of a fault below http/: an Error with a stable code from its area's closed union
// (as sigstore-js's VerificationError). Only http/ knows which HTTP status a code means.
export class CodedError<C extends string = string> extends Error {
  constructor(
    readonly code: C,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
