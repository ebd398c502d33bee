// Re-deriving a stored tree head before it is extended and signed. A log must never sign a tree
// it has not re-derived from what it stores: a flipped bit in a right-edge node or in the head
// row would otherwise be signed into a checkpoint that forks the log's own history (CT's Yeti
// 2022 and Nessie 2024 logs died of exactly this). Pure: adapters read, this judges.
import { bytesEqual, toHex } from "../bytes.js";
import { CompactRange } from "./compact.js";
import type { TreeHasher } from "./hash.js";
import { consistencyPlan, nodeKey, resolvePlan } from "./proof.js";
import { verifyConsistencyWith } from "./verify.js";

/** What an append reads of the stored tree before extending it. */
export interface StoredTreeBasis {
  /** Size in the stored head row. */
  readonly size: number;
  /** Root in the stored head row. */
  readonly root: Uint8Array;
  /** Stored hashes of CompactRange.frontier(size), in that order; undefined where a row is missing. */
  readonly frontier: readonly (Uint8Array | undefined)[];
  /** The last leaf's stored bytes and stored leaf hash (node 0/size-1), when size > 0. */
  readonly lastLeaf?: { readonly data?: Uint8Array; readonly hash?: Uint8Array };
}

/** The tree the log last signed, with the stored nodes for a consistency proof to the head when it is older. */
export interface SignedBasis {
  readonly size: number;
  readonly root: Uint8Array;
  /** Stored nodes for planNodes(consistencyPlan(size, head size)), needed when size < head size. */
  readonly consistencyNodes?: ReadonlyMap<string, Uint8Array>;
}

export type Rederived =
  | { readonly ok: true; readonly frontier: readonly Uint8Array[] }
  | { readonly ok: false; readonly damage: string };

const short = (h: Uint8Array) => toHex(h).slice(0, 16);

/**
 * Checks that the right edge hashes to the stored head's root, that the last leaf's bytes hash
 * to its stored leaf hash, and that the stored tree extends the last signed one (the same root at
 * the same size; otherwise an RFC 9162 §2.1.4 consistency proof built from stored nodes).
 * Returns the frontier to extend, or the damage found, in words an operator can act on.
 */
export function rederiveHead(hasher: TreeHasher, stored: StoredTreeBasis, signed?: SignedBasis): Rederived {
  const ids = CompactRange.frontier(stored.size);
  if (stored.frontier.length !== ids.length) {
    return {
      ok: false,
      damage: `the right edge of a tree of ${stored.size} has ${ids.length} nodes, read ${stored.frontier.length}`,
    };
  }
  const frontier: Uint8Array[] = [];
  for (const [i, id] of ids.entries()) {
    const hash = stored.frontier[i];
    if (hash?.length !== 32) return { ok: false, damage: `right-edge node ${nodeKey(id)} is missing or malformed` };
    frontier.push(hash);
  }
  const root = CompactRange.resume(hasher, stored.size, frontier).root();
  if (!bytesEqual(root, stored.root)) {
    return {
      ok: false,
      damage: `the right edge of the tree (size ${stored.size}) hashes to ${short(root)}…, but the stored tree head says ${short(stored.root)}…: a node on the right edge or the head row is damaged`,
    };
  }
  if (stored.size > 0) {
    const last = stored.lastLeaf;
    if (!last?.data) return { ok: false, damage: `leaf ${stored.size - 1}, the last one, is missing` };
    if (!last.hash || !bytesEqual(hasher.hashLeaf(last.data), last.hash)) {
      return {
        ok: false,
        damage: `leaf ${stored.size - 1}'s bytes do not hash to its stored leaf hash (node 0/${stored.size - 1})`,
      };
    }
  }
  if (signed) {
    if (signed.size > stored.size) {
      return {
        ok: false,
        damage: `the log signed a checkpoint at size ${signed.size}, but the stored tree has only ${stored.size} leaves`,
      };
    }
    if (signed.size === stored.size) {
      if (!bytesEqual(signed.root, root)) {
        return {
          ok: false,
          damage: `the stored tree (size ${stored.size}) hashes to ${short(root)}…, not to the root of the last signed checkpoint, ${short(signed.root)}…`,
        };
      }
    } else {
      let proof: Uint8Array[];
      try {
        proof = resolvePlan(hasher, consistencyPlan(signed.size, stored.size), signed.consistencyNodes ?? new Map());
      } catch {
        return {
          ok: false,
          damage: `nodes needed to prove consistency from size ${signed.size} to ${stored.size} are missing`,
        };
      }
      if (!verifyConsistencyWith(hasher, signed.size, stored.size, proof, signed.root, root)) {
        return {
          ok: false,
          damage: `the stored tree (size ${stored.size}) is not consistent with the last signed checkpoint (size ${signed.size})`,
        };
      }
    }
  }
  return { ok: true, frontier };
}
