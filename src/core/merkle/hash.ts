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

export function treeHasher(sha256: Sha256): TreeHasher {
  const empty = sha256(new Uint8Array(0));
  return {
    hashLeaf(data) {
      const buf = new Uint8Array(data.length + 1);
      buf.set(data, 1);
      return sha256(buf);
    },
    hashChildren(left, right) {
      const buf = new Uint8Array(1 + left.length + right.length);
      buf[0] = 1;
      buf.set(left, 1);
      buf.set(right, 1 + left.length);
      return sha256(buf);
    },
    emptyRoot: () => empty.slice(),
  };
}
