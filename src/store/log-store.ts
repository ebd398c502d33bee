// The storage port for the transparency log. Adapters (SQLite on Node, D1 on Workers) implement
// it; the log service and the HTTP app depend only on this interface.
import { CodedError } from "../core/errors.js";
import type { NodeId } from "../core/merkle/range.js";
import type { StoredTreeBasis } from "../core/merkle/rederive.js";

export interface TreeHead {
  readonly size: number;
  readonly root: Uint8Array;
}

export interface AppendResult extends TreeHead {
  /** Index of the first appended leaf; the rest follow in order. */
  readonly firstIndex: number;
}

export interface StoredCheckpoint {
  readonly size: number;
  readonly note: string;
}

/** A published checkpoint: the signed note with the cosignatures that met the policy. */
export interface PublishedCheckpoint extends StoredCheckpoint {
  /** Milliseconds since the epoch. */
  readonly publishedAt: number;
}

/** What an append read of the stored tree before extending it (see core/merkle/rederive.ts). */
export interface AppendBasis extends StoredTreeBasis {
  /** The newest stored checkpoint. */
  readonly checkpoint?: StoredCheckpoint;
  /** When that checkpoint is older than the head: the stored nodes of the consistency proof to it. */
  readonly consistencyNodes?: ReadonlyMap<string, Uint8Array>;
}

/**
 * The log's part in a commit, called inside it: `check` re-derives the stored tree the append
 * read and returns the right edge to extend (it throws LogDamageError, aborting the commit, if
 * the tree is not the one the log last signed); `sign` signs the new tree head.
 */
export interface Seal {
  check(basis: AppendBasis): readonly Uint8Array[];
  sign(head: TreeHead): string;
}

/**
 * The stored log is not what the log signed or wrote: a missing leaf, a node or leaf whose bytes
 * changed. Writes stop (the log never signs over damage); `tagtrail fsck` locates it.
 */
export class LogDamageError extends CodedError<"log-damaged"> {
  constructor(readonly damage: string) {
    super("log-damaged", `log storage damaged: ${damage}`);
  }
}

/** What the log service reads of the stored log. */
export interface LogReads {
  head(): Promise<TreeHead>;
  /** What the next append would read of the stored tree (the log re-derives it at open). */
  basis(): Promise<AppendBasis>;
  /** Hashes of stored complete nodes, keyed by nodeKey(); missing nodes are absent from the map. */
  nodes(ids: readonly NodeId[]): Promise<Map<string, Uint8Array>>;
  leaf(index: number): Promise<Uint8Array | undefined>;
  /**
   * The stored leaves at indices [start, start + count), in order. A missing row ends the answer
   * early (it never shifts later leaves into its place): callers check the length.
   */
  leaves(start: number, count: number): Promise<Uint8Array[]>;
  latestCheckpoint(): Promise<StoredCheckpoint | undefined>;
  checkpointsFrom(size: number, limit: number): Promise<StoredCheckpoint[]>;
  /** The newest published checkpoint, if any. */
  latestPublished(): Promise<PublishedCheckpoint | undefined>;
  /** A setting fixed at creation: stores `value` under `key` unless one is stored, and returns the stored one. */
  meta(key: string, value: string): Promise<string>;
}

/** What writes the log: appends, and a checkpoint for a head stored without one. */
export interface LogAppends {
  /**
   * Appends leaves atomically and durably: all or none, and only acknowledged once on disk.
   * `seal`, if given, checks the stored tree and signs the new head; its checkpoint note is
   * stored in the same commit. Without it the stored tree is still re-derived (no signature).
   * New leaves are hashed from the bytes as stored.
   */
  appendLeaves(leaves: readonly Uint8Array[], seal?: Seal): Promise<AppendResult>;
  saveCheckpoint(checkpoint: StoredCheckpoint): Promise<void>;
  /** Records a publication (replacing an earlier one of the same size: fresher cosignatures). */
  savePublished(published: PublishedCheckpoint): Promise<void>;
}

export interface LogStore extends LogReads, LogAppends {}
