// What the domain services share: the store, the log, crypto and a clock. Injected by runtimes.
import type { Crypto } from "../core/crypto.js";
import type { TransparencyLog } from "../log/transparency-log.js";
import type { DomainStore } from "../store/domain-store.js";

export interface SignatureCheck {
  readonly signature: Uint8Array;
  readonly message: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** Strict Ed25519 verification of many signatures; a runtime may spread them over cores. */
export type CheckSignatures = (checks: readonly SignatureCheck[]) => Promise<boolean[]>;

/** Verification one by one with the context's crypto: the portable default. */
export function checkEach(crypto: Crypto): CheckSignatures {
  return async (checks) => checks.map((c) => crypto.ed25519.verify(c.signature, c.message, c.publicKey));
}

export interface ServiceContext {
  readonly store: DomainStore;
  readonly log: TransparencyLog;
  readonly crypto: Crypto;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  readonly checkSignatures: CheckSignatures;
}

/** How far ahead of the server's clock a signed statement's own time may be (clock skew). */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** The UTC day of a time, YYYY-MM-DD: the finest time tagtrail shows for anything. */
export function utcDay(ms: number): string {
  // Every scan asks for today's day: the string is made once per day, not once per scan.
  const index = Math.floor(ms / DAY_MS);
  if (index === lastDay.index) return lastDay.text;
  const text = new Date(ms).toISOString().slice(0, 10);
  lastDay = { index, text };
  return text;
}

const DAY_MS = 86_400_000;
let lastDay = { index: Number.NaN, text: "" };
