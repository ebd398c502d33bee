// The storage port of a witness (tlog-witness): per followed log, the latest checkpoint it
// cosigned; and the refused requests it keeps as evidence of a log's misbehaviour.
import type { WitnessedState } from "../core/witness.js";

export interface WitnessStore {
  latest(origin: string): WitnessedState | undefined;
  /**
   * Reads the origin's state, lets `decide` judge the request against it, and stores what it
   * returns as the new state, all in one transaction: two requests never both advance from one
   * state (tlog-witness's rollback race). `decide` must be synchronous.
   */
  advance<T>(
    origin: string,
    decide: (latest: WitnessedState | undefined) => { next?: WitnessedState & { note: string }; result: T },
  ): T;
  /** Keeps a refused request that was signed by the log (possible proof of a fork). */
  keepEvidence(origin: string, status: number, request: string, at: number): void;
}
