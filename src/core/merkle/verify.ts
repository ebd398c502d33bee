// RFC 9162 §2.1.3.2 and §2.1.4.2 proof verification. Every argument may come from an attacker:
// anything malformed (wrong hash lengths, sizes out of range, extra or missing hashes, wrong types)
// yields false, never an exception.
import { bytesEqual } from "../bytes.js";
import { HASH_SIZE, type TreeHasher } from "./hash.js";

type Size = number | bigint;

function toSize(value: unknown): bigint | undefined {
  if (typeof value === "bigint") return value >= 0n && value < 2n ** 64n ? value : undefined;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  return undefined;
}

function isHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === HASH_SIZE;
}

function isProof(value: unknown): value is Uint8Array[] {
  return Array.isArray(value) && value.length <= 64 && value.every(isHash);
}

/** RFC 9162 §2.1.3.2: does `proof` show `leafHash` at `index` in the tree of `treeSize` with `root`? */
export function verifyInclusionWith(
  hasher: TreeHasher,
  leafHash: Uint8Array,
  index: Size,
  treeSize: Size,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  const m = toSize(index);
  const n = toSize(treeSize);
  if (m === undefined || n === undefined || m >= n) return false;
  if (!isHash(leafHash) || !isHash(root) || !isProof(proof)) return false;
  let fn = m;
  let sn = n - 1n;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      r = hasher.hashChildren(p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = hasher.hashChildren(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && bytesEqual(r, root);
}

/**
 * RFC 9162 §2.1.4.2: is the tree (size2, root2) an append-only extension of (size1, root1)?
 * Sizes equal: the proof must be empty and the roots equal. size1 = 0: the proof must be empty
 * and root1 the empty-tree hash (every tree extends the empty one).
 */
export function verifyConsistencyWith(
  hasher: TreeHasher,
  size1: Size,
  size2: Size,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): boolean {
  const first = toSize(size1);
  const second = toSize(size2);
  if (first === undefined || second === undefined || first > second) return false;
  if (!isHash(root1) || !isHash(root2) || !isProof(proof)) return false;
  if (first === 0n) return proof.length === 0 && bytesEqual(root1, hasher.emptyRoot());
  if (first === second) return proof.length === 0 && bytesEqual(root1, root2);
  if (proof.length === 0) return false;

  // Step 2: a first tree that is a complete subtree is its own first proof node.
  const path = (first & (first - 1n)) === 0n ? [root1, ...proof] : [...proof];
  let fn = first - 1n;
  let sn = second - 1n;
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr = path[0] as Uint8Array;
  let sr = fr;
  for (let i = 1; i < path.length; i++) {
    const c = path[i] as Uint8Array;
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      fr = hasher.hashChildren(c, fr);
      sr = hasher.hashChildren(c, sr);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      sr = hasher.hashChildren(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && bytesEqual(fr, root1) && bytesEqual(sr, root2);
}
