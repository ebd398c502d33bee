// What the domain services share: the store, the log, crypto and a clock. Injected by runtimes.
import type { Crypto } from "../core/crypto.js";
import type { TransparencyLog } from "../log/service.js";
import type { DomainStore } from "../store/domain-store.js";

export interface ServiceContext {
  readonly store: DomainStore;
  readonly log: TransparencyLog;
  readonly crypto: Crypto;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  /** Bumped on every key change, so cached verify answers that depend on key status are rebuilt. */
  readonly versions: { keys: number };
}

/** The UTC day of a time, YYYY-MM-DD: the finest time tagtrail shows for anything. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
