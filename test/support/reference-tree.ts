// A deliberately naive RFC 9162 Merkle tree, written straight from the spec's recursive
// definitions (§2.1.1 MTH, §2.1.3.1 PATH, §2.1.4.1 PROOF/SUBPROOF). Tests compare the real
// implementation's roots and proofs against it.
import { sha256 } from "@noble/hashes/sha2.js";
import { concatBytes } from "../../src/core/bytes.js";

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function refLeafHash(d: Uint8Array): Uint8Array {
  return sha256(concatBytes(Uint8Array.of(0), d));
}

export function refNodeHash(l: Uint8Array, r: Uint8Array): Uint8Array {
  return sha256(concatBytes(Uint8Array.of(1), l, r));
}

export function refRoot(d: readonly Uint8Array[]): Uint8Array {
  if (d.length === 0) return sha256(new Uint8Array(0));
  if (d.length === 1) return refLeafHash(d[0] as Uint8Array);
  const k = largestPowerOfTwoBelow(d.length);
  return refNodeHash(refRoot(d.slice(0, k)), refRoot(d.slice(k)));
}

export function refPath(m: number, d: readonly Uint8Array[]): Uint8Array[] {
  if (d.length <= 1) return [];
  const k = largestPowerOfTwoBelow(d.length);
  if (m < k) return [...refPath(m, d.slice(0, k)), refRoot(d.slice(k))];
  return [...refPath(m - k, d.slice(k)), refRoot(d.slice(0, k))];
}

function subproof(m: number, d: readonly Uint8Array[], b: boolean): Uint8Array[] {
  const n = d.length;
  if (m === n) return b ? [] : [refRoot(d)];
  const k = largestPowerOfTwoBelow(n);
  if (m <= k) return [...subproof(m, d.slice(0, k), b), refRoot(d.slice(k))];
  return [...subproof(m - k, d.slice(k), false), refRoot(d.slice(0, k))];
}

export function refConsistency(m: number, d: readonly Uint8Array[]): Uint8Array[] {
  if (m === 0 || m === d.length) return [];
  return subproof(m, d, true);
}

/** Leaves 0..n-1 with distinct, varied contents. */
export function makeLeaves(n: number, salt = 0): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => new TextEncoder().encode(`leaf ${salt}:${i}:${"x".repeat(i % 7)}`));
}
