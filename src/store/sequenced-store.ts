// A DomainStore whose commits go to one sequencer (on Workers, a Durable Object; on Node, the
// writer thread) while reads go straight to the database. The sequencer signs the checkpoint with its own copy of the log key,
// so the caller's seal is not used; its answers come back as values (errors do not keep their
// class across an RPC boundary) and are turned back into the port's errors here.
import {
  type ChainEntryRow,
  type DomainStore,
  type DomainWrite,
  DuplicateError,
  HeadMovedError,
  type KeyRow,
  type PartyRow,
  type PrefixHolder,
  type ScanCount,
  type TagRow,
  type TagToken,
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
  store: DomainStore,
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

/** Where scan counts are written, when not through the read connection. */
export type ScanWrites = Pick<DomainStore, "addScans" | "purgeScans">;

export class SequencedDomainStore implements DomainStore {
  constructor(
    private readonly reads: DomainStore,
    private readonly sequence: Sequence,
    private readonly scanWrites: ScanWrites = reads,
  ) {}

  async commit(writes: readonly DomainWrite[], loggedAt: number, _seal: Seal): Promise<AppendResult> {
    const outcome = await this.sequence(writes, loggedAt);
    if (outcome.ok) return outcome.result;
    if (outcome.code === "head-moved") throw new HeadMovedError(outcome.gtin, outcome.serial);
    if (outcome.code === "log-damaged") throw new LogDamageError(outcome.damage);
    throw new DuplicateError(outcome.message);
  }

  party(id: string): Promise<PartyRow | undefined> {
    return this.reads.party(id);
  }
  parties(ids: readonly string[]): Promise<Map<string, PartyRow>> {
    return this.reads.parties(ids);
  }
  overlappingPrefix(prefixes: readonly string[]): Promise<PrefixHolder | undefined> {
    return this.reads.overlappingPrefix(prefixes);
  }
  key(keyId: string): Promise<KeyRow | undefined> {
    return this.reads.key(keyId);
  }
  keys(keyIds: readonly string[]): Promise<Map<string, KeyRow>> {
    return this.reads.keys(keyIds);
  }
  partyKeys(partyId: string): Promise<KeyRow[]> {
    return this.reads.partyKeys(partyId);
  }
  tag(gtin: string, serial: string): Promise<TagRow | undefined> {
    return this.reads.tag(gtin, serial);
  }
  tags(ids: readonly { gtin: string; serial: string }[]): Promise<Map<string, TagRow>> {
    return this.reads.tags(ids);
  }
  tagToken(gtin: string, serial: string): Promise<TagToken | undefined> {
    return this.reads.tagToken(gtin, serial);
  }
  chain(tagId: number): Promise<ChainEntryRow[]> {
    return this.reads.chain(tagId);
  }
  entryByHash(leafHash: Uint8Array): Promise<{ leafIndex: number; gtin: string; serial: string } | undefined> {
    return this.reads.entryByHash(leafHash);
  }
  addScans(counts: readonly ScanCount[]): Promise<void> {
    return this.scanWrites.addScans(counts);
  }
  scanDays(tagId: number): Promise<{ day: string; count: number }[]> {
    return this.reads.scanDays(tagId);
  }
  purgeScans(beforeDay: string): Promise<number> {
    return this.scanWrites.purgeScans(beforeDay);
  }
}
