// Faults of the log service, each with a stable code that the HTTP layer maps to a status.
import { CodedError } from "../core/errors.js";

export type LogErrorCode =
  | "entry-not-found"
  | "size-out-of-range"
  | "invalid-range"
  | "origin-mismatch"
  | "audit-failed";

export class LogError extends CodedError<LogErrorCode> {}
