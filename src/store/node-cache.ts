// The log adapters' cache of upper Merkle nodes. Complete nodes never change, so the upper levels
// (one node per 256 leaves and above: 1/128 of the tree, a few MB at 10M leaves) stay in memory
// once read. Every proof crosses them, so a proof reads only its bottom eight levels from storage.
import { nodeKey } from "../core/merkle/proof.js";
import type { NodeId } from "../core/merkle/range.js";

/** The lowest level kept: 2^8 = 256 leaves under each node. */
const UPPER_LEVEL = 8;
/** Nodes held before the cache starts over. */
const UPPER_LIMIT = 1 << 20;

export class UpperNodeCache {
  readonly #nodes = new Map<string, Uint8Array>();

  /** The hash of `id` if it is an upper node read before; lower nodes are never held. */
  get(id: NodeId): Uint8Array | undefined {
    return id.level >= UPPER_LEVEL ? this.#nodes.get(nodeKey(id)) : undefined;
  }

  /** Keeps the hash of `id`, just read from storage, if it is an upper node. */
  keep(id: NodeId, hash: Uint8Array): void {
    if (id.level < UPPER_LEVEL) return;
    if (this.#nodes.size >= UPPER_LIMIT) this.#nodes.clear();
    this.#nodes.set(nodeKey(id), hash);
  }
}
