// What every log adapter reads before an append, shared so each adapter only says how to read:
// the head row, the newest checkpoint, the right-edge nodes, the last leaf and its stored hash,
// and (when that checkpoint is older than the head) the nodes of a consistency proof to it.
import { CompactRange } from "../core/merkle/compact.js";
import type { TreeHasher } from "../core/merkle/hash.js";
import { consistencyPlan, nodeKey, planNodes } from "../core/merkle/proof.js";
import type { NodeId } from "../core/merkle/range.js";
import { rederiveHead } from "../core/merkle/rederive.js";
import { type AppendBasis, LogDamageError, type Seal, type StoredCheckpoint, type TreeHead } from "./log-store.js";

/** The stored nodes an append reads, given the head size and the newest checkpoint's size. */
export function basisNodeIds(size: number, checkpointSize?: number): NodeId[] {
  const ids = CompactRange.frontier(size);
  if (size > 0) ids.push({ level: 0, index: size - 1 });
  if (checkpointSize !== undefined && checkpointSize < size)
    ids.push(...planNodes(consistencyPlan(checkpointSize, size)));
  return ids;
}

/** Assembles the basis from what was read (nodes keyed by nodeKey, as LogStore.nodes returns them). */
export function toBasis(
  head: TreeHead,
  nodes: ReadonlyMap<string, Uint8Array>,
  lastLeaf: Uint8Array | undefined,
  checkpoint: StoredCheckpoint | undefined,
): AppendBasis {
  const lastHash = head.size > 0 ? nodes.get(nodeKey({ level: 0, index: head.size - 1 })) : undefined;
  return {
    size: head.size,
    root: head.root,
    frontier: CompactRange.frontier(head.size).map((id) => nodes.get(nodeKey(id))),
    ...(head.size > 0
      ? { lastLeaf: { ...(lastLeaf ? { data: lastLeaf } : {}), ...(lastHash ? { hash: lastHash } : {}) } }
      : {}),
    ...(checkpoint ? { checkpoint } : {}),
    ...(checkpoint && checkpoint.size < head.size ? { consistencyNodes: nodes } : {}),
  };
}

/**
 * The right edge to extend: checked by the log's seal, or (an append with no signature, as in
 * tests of the store alone) re-derived from the stored tree by itself.
 */
export function checkedFrontier(hasher: TreeHasher, basis: AppendBasis, seal: Seal | undefined): readonly Uint8Array[] {
  if (seal) return seal.check(basis);
  const derived = rederiveHead(hasher, basis);
  if (!derived.ok) throw new LogDamageError(derived.damage);
  return derived.frontier;
}

/**
 * Leaf rows read by index range, up to the first gap: what follows a missing row must never be
 * taken for it (LogReads.leaves). `bytes` turns a row's column into bytes.
 */
export function contiguousLeaves<R extends { readonly idx: number }>(
  start: number,
  rows: readonly R[],
  bytes: (row: R) => Uint8Array,
): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const row of rows) {
    if (row.idx !== start + out.length) break;
    out.push(bytes(row));
  }
  return out;
}
