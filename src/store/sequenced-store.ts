// A DomainStore whose commits go to one sequencer (on Workers, a Durable Object; on Node, the
// writer thread) while reads go straight to the database. The sequencer signs the checkpoint with its own copy of the log key,
// so the caller's seal is not used; its answers come back as values (errors do not keep their
// class across an RPC boundary) and are turned back into the port's errors here.
import {
  type DomainCommits,
  type DomainStore,
  type DomainWrite,
  DuplicateError,
  HeadMovedError,
  type ScanWrites,
  withCommits,
} from "./domain-store.js";
import { type AppendResult, LogDamageError, type Seal } from "./log-store.js";

/** What a sequencer answers for a commit. */
export type CommitOutcome =
  | { readonly ok: true; readonly result: AppendResult }
  | { readonly ok: false; readonly code: "head-moved"; readonly gtin: string; readonly serial: string }
  | { readonly ok: false; readonly code: "duplicate"; readonly message: string }
  | { readonly ok: false; readonly code: "log-damaged"; readonly damage: string };

/** Runs a commit on `store` and reports its outcome as a value (the sequencer's side). */
export async function commitOutcome(
  store: Pick<DomainCommits, "commit">,
  writes: readonly DomainWrite[],
  loggedAt: number,
  seal: Seal,
): Promise<CommitOutcome> {
  try {
    return { ok: true, result: await store.commit(writes, loggedAt, seal) };
  } catch (err) {
    if (err instanceof HeadMovedError) return { ok: false, code: "head-moved", gtin: err.gtin, serial: err.serial };
    if (err instanceof DuplicateError) return { ok: false, code: "duplicate", message: err.message };
    if (err instanceof LogDamageError) return { ok: false, code: "log-damaged", damage: err.damage };
    throw err;
  }
}

export type Sequence = (writes: readonly DomainWrite[], loggedAt: number) => Promise<CommitOutcome>;

/** The caller's side of a sequencer: commits sent to `sequence`, scan counts to `scanWrites`. */
export function sequencedCommits(sequence: Sequence, scanWrites: ScanWrites): DomainCommits {
  return {
    async commit(writes: readonly DomainWrite[], loggedAt: number, _seal: Seal): Promise<AppendResult> {
      const outcome = await sequence(writes, loggedAt);
      if (outcome.ok) return outcome.result;
      if (outcome.code === "head-moved") throw new HeadMovedError(outcome.gtin, outcome.serial);
      if (outcome.code === "log-damaged") throw new LogDamageError(outcome.damage);
      throw new DuplicateError(outcome.message);
    },
    addScans: (counts) => scanWrites.addScans(counts),
    purgeScans: (beforeDay) => scanWrites.purgeScans(beforeDay),
    addReport: (report, limits) => scanWrites.addReport(report, limits),
    advanceTap: (tagId, counter, day) => scanWrites.advanceTap(tagId, counter, day),
  };
}

/**
 * Reads through `store`, commits through `sequence`, and writes scan counts through
 * `scanWrites`: `store` itself unless given (on Node, the writer thread).
 */
export function sequencedStore(store: DomainStore, sequence: Sequence, scanWrites: ScanWrites = store): DomainStore {
  return withCommits(store, sequencedCommits(sequence, scanWrites));
}
