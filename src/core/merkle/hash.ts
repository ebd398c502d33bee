// RFC 9162 §2.1.1 Merkle Tree Hash: domain-separated leaf (0x00) and interior node (0x01) hashing.
import type { Sha256 } from "../crypto.js";

export const HASH_SIZE = 32;

export interface TreeHasher {
  /** RFC 9162 §2.1.1: MTH({d0}) = HASH(0x00 || d0) */
  hashLeaf(data: Uint8Array): Uint8Array;
  /** RFC 9162 §2.1.1: HASH(0x01 || MTH(left) || MTH(right)) */
  hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array;
  /** RFC 9162 §2.1.1: MTH({}) = HASH() */
  emptyRoot(): Uint8Array;
}

/**
 * A tree hasher over a synchronous SHA-256. Inputs are assembled in reused scratch buffers:
 * allocating a fresh array per hash costs more than hashing a short input. Safe because sha256
 * is synchronous and keeps no reference to its input.
 */
export function treeHasher(sha256: Sha256): TreeHasher {
  const empty = sha256(new Uint8Array(0));
  const pair = new Uint8Array(1 + 2 * HASH_SIZE);
  pair[0] = 1;
  let scratch = new Uint8Array(1024);
  return {
    hashLeaf(data) {
      if (data.length + 1 > scratch.length) scratch = new Uint8Array(2 ** Math.ceil(Math.log2(data.length + 1)));
      scratch[0] = 0;
      scratch.set(data, 1);
      return sha256(scratch.subarray(0, data.length + 1));
    },
    hashChildren(left, right) {
      if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) {
        const buf = new Uint8Array(1 + left.length + right.length);
        buf[0] = 1;
        buf.set(left, 1);
        buf.set(right, 1 + left.length);
        return sha256(buf);
      }
      pair.set(left, 1);
      pair.set(right, 1 + HASH_SIZE);
      return sha256(pair);
    },
    emptyRoot: () => empty.slice(),
  };
}
