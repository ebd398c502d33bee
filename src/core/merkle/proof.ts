// RFC 9162 §2.1.3.1 and §2.1.4.1 proof generation, split into a pure plan (which subtree hashes a
// proof needs) and a resolution step (hashing stored complete nodes together). Storage adapters
// fetch the planned nodes in one round trip, so a proof costs O(log n) reads and no tree rebuild.
import type { TreeHasher } from "./hash.js";
import { type LeafRange, type NodeId, rangeNodes, splitPoint } from "./range.js";

/** RFC 9162 §2.1.3.1 PATH(m, D[n]): the subtree ranges whose hashes form the proof, leaf first. */
export function inclusionPlan(index: number, size: number): LeafRange[] {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size)) {
    throw new RangeError(`no inclusion proof for index ${index} in a tree of size ${size}`);
  }
  const topDown: LeafRange[] = [];
  let start = 0;
  let end = size;
  let m = index;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (m < k) {
      topDown.push({ start: start + k, end });
      end = start + k;
    } else {
      topDown.push({ start, end: start + k });
      start += k;
      m -= k;
    }
  }
  return topDown.reverse();
}

/** RFC 9162 §2.1.4.1 PROOF(m, D[n]) for 0 ≤ m ≤ n; empty when m is 0 or m = n. */
export function consistencyPlan(size1: number, size2: number): LeafRange[] {
  if (!(Number.isSafeInteger(size1) && Number.isSafeInteger(size2) && size1 >= 0 && size1 <= size2)) {
    throw new RangeError(`no consistency proof from size ${size1} to size ${size2}`);
  }
  if (size1 === 0 || size1 === size2) return [];
  const topDown: LeafRange[] = [];
  let start = 0;
  let end = size2;
  let m = size1;
  let complete = true; // the "b" flag of SUBPROOF: is the old tree's root this very subtree?
  for (;;) {
    const n = end - start;
    if (m === n) {
      if (!complete) topDown.push({ start, end });
      break;
    }
    const k = splitPoint(n);
    if (m <= k) {
      topDown.push({ start: start + k, end });
      end = start + k;
    } else {
      topDown.push({ start, end: start + k });
      start += k;
      m -= k;
      complete = false;
    }
  }
  return topDown.reverse();
}

/** Every stored node a plan needs, without repeats, in a stable order. */
export function planNodes(plan: readonly LeafRange[]): NodeId[] {
  const seen = new Set<string>();
  const out: NodeId[] = [];
  for (const range of plan) {
    for (const node of rangeNodes(range)) {
      const key = `${node.level}/${node.index}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push(node);
      }
    }
  }
  return out;
}

export function nodeKey(node: NodeId): string {
  return `${node.level}/${node.index}`;
}

/** MTH(D[start:end]) from the stored complete nodes that make up the range. */
export function rangeHash(hasher: TreeHasher, range: LeafRange, lookup: (node: NodeId) => Uint8Array): Uint8Array {
  if (range.end === range.start) return hasher.emptyRoot();
  const nodes = rangeNodes(range);
  let acc = lookup(nodes[nodes.length - 1] as NodeId);
  for (let i = nodes.length - 2; i >= 0; i--) acc = hasher.hashChildren(lookup(nodes[i] as NodeId), acc);
  return acc;
}

/** Turns a plan into proof hashes, given the node hashes fetched for planNodes(plan). */
export function resolvePlan(
  hasher: TreeHasher,
  plan: readonly LeafRange[],
  fetched: ReadonlyMap<string, Uint8Array>,
): Uint8Array[] {
  const lookup = (node: NodeId): Uint8Array => {
    const hash = fetched.get(nodeKey(node));
    if (!hash) throw new Error(`node ${nodeKey(node)} missing from storage`);
    return hash;
  };
  return plan.map((range) => rangeHash(hasher, range, lookup));
}
