// A compact range over [0, size): the complete subtree roots along the tree's right edge, one per
// set bit of size. Appending a leaf merges equal-sized neighbours, which yields exactly the nodes
// that the append completes; the root is the right-to-left fold. Used to append to stored logs
// in O(log n) reads and to re-hash a whole log in one streaming pass.
import type { TreeHasher } from "./hash.js";
import { type NodeId, rangeNodes } from "./range.js";

export interface StoredNode extends NodeId {
  readonly hash: Uint8Array;
}

export class CompactRange {
  readonly #hasher: TreeHasher;
  readonly #nodes: StoredNode[];
  #size: number;

  private constructor(hasher: TreeHasher, size: number, nodes: StoredNode[]) {
    this.#hasher = hasher;
    this.#size = size;
    this.#nodes = nodes;
  }

  static empty(hasher: TreeHasher): CompactRange {
    return new CompactRange(hasher, 0, []);
  }

  /** The nodes whose hashes are needed to resume a range at `size` (see rangeNodes). */
  static frontier(size: number): NodeId[] {
    return rangeNodes({ start: 0, end: size });
  }

  /** Resumes from the hashes of CompactRange.frontier(size), in that order. */
  static resume(hasher: TreeHasher, size: number, hashes: readonly Uint8Array[]): CompactRange {
    const ids = CompactRange.frontier(size);
    if (hashes.length !== ids.length) throw new RangeError("frontier hashes do not match the size");
    return new CompactRange(
      hasher,
      size,
      ids.map((id, i) => ({ ...id, hash: hashes[i] as Uint8Array })),
    );
  }

  get size(): number {
    return this.#size;
  }

  /** Appends one leaf hash; `completed` receives every node this append completes, leaf included. */
  append(leafHash: Uint8Array, completed?: (node: StoredNode) => void): void {
    let node: StoredNode = { level: 0, index: this.#size, hash: leafHash };
    completed?.(node);
    for (;;) {
      const last = this.#nodes[this.#nodes.length - 1];
      if (!last || last.level !== node.level) break;
      this.#nodes.pop();
      node = {
        level: node.level + 1,
        index: last.index / 2,
        hash: this.#hasher.hashChildren(last.hash, node.hash),
      };
      completed?.(node);
    }
    this.#nodes.push(node);
    this.#size += 1;
  }

  /** RFC 9162 MTH of the leaves so far. */
  root(): Uint8Array {
    const nodes = this.#nodes;
    if (nodes.length === 0) return this.#hasher.emptyRoot();
    let acc = (nodes[nodes.length - 1] as StoredNode).hash;
    for (let i = nodes.length - 2; i >= 0; i--) acc = this.#hasher.hashChildren((nodes[i] as StoredNode).hash, acc);
    return acc;
  }
}

export interface TreeExtension {
  readonly size: number;
  readonly root: Uint8Array;
  /** Every complete node the new leaves create, leaves (level 0) included. */
  readonly nodes: StoredNode[];
}

/**
 * Appends leaf hashes to a tree of `size` whose right-edge nodes (CompactRange.frontier(size))
 * hash to `frontier`. Pure: storage adapters read the frontier, call this, and write the result
 * in one atomic step guarded by the size they read.
 */
export function extendTree(
  hasher: TreeHasher,
  size: number,
  frontier: readonly Uint8Array[],
  leafHashes: readonly Uint8Array[],
): TreeExtension {
  const range = CompactRange.resume(hasher, size, frontier);
  const nodes: StoredNode[] = [];
  const collect = (node: StoredNode) => nodes.push(node);
  for (const leafHash of leafHashes) range.append(leafHash, collect);
  return { size: range.size, root: range.root(), nodes };
}
