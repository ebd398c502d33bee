// Faults of the log service, each with a stable code that the HTTP layer maps to a status.
export type LogErrorCode =
  | "entry-not-found"
  | "size-out-of-range"
  | "invalid-range"
  | "origin-mismatch"
  | "audit-failed";

export class LogError extends Error {
  constructor(
    readonly code: LogErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "LogError";
  }
}
