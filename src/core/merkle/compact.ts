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
  readonly #start: number;
  #end: number;

  private constructor(hasher: TreeHasher, start: number, end: number, nodes: StoredNode[]) {
    this.#hasher = hasher;
    this.#start = start;
    this.#end = end;
    this.#nodes = nodes;
  }

  /** An empty range starting at `start` (0 for a whole tree; a multiple of a power of two for a page). */
  static empty(hasher: TreeHasher, start = 0): CompactRange {
    return new CompactRange(hasher, start, start, []);
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
      0,
      size,
      ids.map((id, i) => ({ ...id, hash: hashes[i] as Uint8Array })),
    );
  }

  /** One past the last leaf covered: the tree size, for a range that starts at 0. */
  get size(): number {
    return this.#end;
  }

  /** The range's nodes, largest (leftmost) first. */
  nodes(): readonly StoredNode[] {
    return [...this.#nodes];
  }

  clone(): CompactRange {
    return new CompactRange(this.#hasher, this.#start, this.#end, [...this.#nodes]);
  }

  /** Appends one leaf hash; `completed` receives every node this append completes, leaf included. */
  append(leafHash: Uint8Array, completed?: (node: StoredNode) => void): void {
    this.appendSubtree({ level: 0, index: this.#end, hash: leafHash }, completed);
  }

  /**
   * Appends a complete subtree that starts where the range ends (its level no higher than the
   * range's smallest node, so the range stays a valid decomposition).
   */
  appendSubtree(subtree: StoredNode, completed?: (node: StoredNode) => void): void {
    const width = 2 ** subtree.level;
    const last = this.#nodes[this.#nodes.length - 1];
    if (subtree.index * width !== this.#end || (last && last.level < subtree.level)) {
      throw new RangeError(`subtree ${subtree.level}/${subtree.index} does not continue the range at ${this.#end}`);
    }
    let node = subtree;
    completed?.(node);
    for (;;) {
      const top = this.#nodes[this.#nodes.length - 1];
      if (!top || top.level !== node.level) break;
      this.#nodes.pop();
      node = { level: node.level + 1, index: top.index / 2, hash: this.#hasher.hashChildren(top.hash, node.hash) };
      completed?.(node);
    }
    this.#nodes.push(node);
    this.#end += width;
  }

  /** RFC 9162 MTH of the leaves in the range. */
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
  /** The new tree's right edge, in CompactRange.frontier(size) order: what the next append resumes from. */
  readonly frontier: Uint8Array[];
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
  return { size: range.size, root: range.root(), nodes, frontier: range.nodes().map((n) => n.hash) };
}

/** What re-hashing one page of leaves yields: its compact range, also at chosen sizes inside it. */
export interface PageSummary {
  readonly start: number;
  readonly end: number;
  /** The compact range of [start, end). */
  readonly nodes: readonly StoredNode[];
  /** For each requested size s in (start, end]: the compact range of [start, s). */
  readonly at: ReadonlyMap<number, readonly StoredNode[]>;
}

/**
 * Re-hashes the leaves of one page starting at `start` (a multiple of the page size, a power of
 * two), recording the compact range at each size in `sizes`. Pages are independent, so an audit
 * can summarise them in parallel and fold the results in order (see TransparencyLog.audit).
 */
export function summarizePage(
  hasher: TreeHasher,
  start: number,
  leaves: readonly Uint8Array[],
  sizes: readonly number[],
): PageSummary {
  const range = CompactRange.empty(hasher, start);
  const wanted = new Set(sizes);
  const at = new Map<number, readonly StoredNode[]>();
  for (const leaf of leaves) {
    range.append(hasher.hashLeaf(leaf));
    if (wanted.has(range.size)) at.set(range.size, range.nodes());
  }
  return { start, end: range.size, nodes: range.nodes(), at };
}
