// The storage port for the transparency log. Adapters (SQLite on Node, D1 on Workers) implement
// it; the log service and the HTTP app depend only on this interface.
import type { NodeId } from "../core/merkle/range.js";

export interface TreeHead {
  readonly size: number;
  readonly root: Uint8Array;
}

export interface AppendResult extends TreeHead {
  /** Index of the first appended leaf; the rest follow in order. */
  readonly firstIndex: number;
}

/** Signs a tree head, returning the checkpoint note. */
export type Seal = (head: TreeHead) => string;

export interface StoredCheckpoint {
  readonly size: number;
  readonly note: string;
}

export interface LogStore {
  /**
   * Appends leaves atomically and durably: all or none, and only acknowledged once on disk.
   * `seal`, if given, signs the new tree head; its checkpoint note is stored in the same commit.
   */
  appendLeaves(leaves: readonly Uint8Array[], seal?: Seal): Promise<AppendResult>;
  head(): Promise<TreeHead>;
  /** Hashes of stored complete nodes, keyed by nodeKey(); missing nodes are absent from the map. */
  nodes(ids: readonly NodeId[]): Promise<Map<string, Uint8Array>>;
  leaf(index: number): Promise<Uint8Array | undefined>;
  /** Up to `count` leaves from `start`, in index order. */
  leaves(start: number, count: number): Promise<Uint8Array[]>;
  latestCheckpoint(): Promise<StoredCheckpoint | undefined>;
  checkpointsFrom(size: number, limit: number): Promise<StoredCheckpoint[]>;
  saveCheckpoint(checkpoint: StoredCheckpoint): Promise<void>;
  /** A setting fixed at creation: stores `value` under `key` unless one is stored, and returns the stored one. */
  meta(key: string, value: string): Promise<string>;
}
