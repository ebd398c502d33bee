// Builds the complete-node map of a tree from its leaves, to drive the pure proof planner in unit
// tests of the core. Storage adapters are tested against real databases elsewhere.
import { nobleCrypto } from "../../src/core/crypto.js";
import { CompactRange } from "../../src/core/merkle/compact.js";
import { treeHasher } from "../../src/core/merkle/hash.js";
import { consistencyPlan, inclusionPlan, nodeKey, resolvePlan } from "../../src/core/merkle/proof.js";

export const hasher = treeHasher(nobleCrypto.sha256);

export function completeNodes(leaves: readonly Uint8Array[]): Map<string, Uint8Array> {
  const nodes = new Map<string, Uint8Array>();
  const range = CompactRange.empty(hasher);
  for (const leaf of leaves) range.append(hasher.hashLeaf(leaf), (n) => nodes.set(nodeKey(n), n.hash));
  return nodes;
}

export function plannedInclusion(nodes: Map<string, Uint8Array>, index: number, size: number): Uint8Array[] {
  return resolvePlan(hasher, inclusionPlan(index, size), nodes);
}

export function plannedConsistency(nodes: Map<string, Uint8Array>, m: number, n: number): Uint8Array[] {
  return resolvePlan(hasher, consistencyPlan(m, n), nodes);
}
