// Addressing of complete subtrees ("nodes") in an RFC 9162 tree, and the decomposition of a
// leaf range into them. A node (level, index) covers leaves [index·2^level, (index+1)·2^level).
// Storage keeps only complete nodes: they never change once the log has grown past them.

export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/** A half-open leaf range [start, end). */
export interface LeafRange {
  readonly start: number;
  readonly end: number;
}

/**
 * The complete subtrees that make up MTH(D[start:end]) for a range that occurs in an RFC 9162
 * tree (start is a multiple of the smallest power of two ≥ end − start), largest first.
 * The range hash is the right-to-left fold of their hashes with hashChildren.
 */
export function rangeNodes(range: LeafRange): NodeId[] {
  const nodes: NodeId[] = [];
  let start = range.start;
  let remaining = range.end - range.start;
  while (remaining > 0) {
    const level = floorLog2(remaining);
    const size = 2 ** level;
    nodes.push({ level, index: start / size });
    start += size;
    remaining -= size;
  }
  return nodes;
}

/** Largest power of two strictly less than n (n ≥ 2): the split point k of RFC 9162 §2.1.1. */
export function splitPoint(n: number): number {
  let k = 2 ** floorLog2(n);
  if (k === n) k /= 2;
  return k;
}

/** The leaf range a node covers. */
export function nodeRange(node: NodeId): LeafRange {
  const size = 2 ** node.level;
  return { start: node.index * size, end: (node.index + 1) * size };
}

/** ⌊log2 n⌋ for a safe integer n ≥ 1, exact where Math.log2 would round (near 2^53). */
export function floorLog2(n: number): number {
  if (n < 2 ** 32) return 31 - Math.clz32(n);
  return 63 - Math.clz32(Math.floor(n / 2 ** 32));
}
