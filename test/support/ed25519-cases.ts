// Crafted Ed25519 signatures that separate strict RFC 8032 verification from lenient ones
// (non-canonical encodings, small-order keys, mixed-torsion R), with the answer strict
// verification must give. Portable: the Node tests and the workerd tests both loop over them.
import * as ed from "@noble/ed25519";
import { sha256, sha512 } from "@noble/hashes/sha2.js";
import { concatBytes } from "../../src/core/bytes.js";

const P = 2n ** 255n - 19n;
const L = 2n ** 252n + 27742317777372353535851937790883648493n;

const le = (n: bigint, len = 32) => {
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) out[i] = Number((n >> BigInt(8 * i)) & 255n);
  return out;
};
const fromLe = (b: Uint8Array) => b.reduceRight((acc, x) => (acc << 8n) | BigInt(x), 0n);

// Crafted signatures, built with a known secret scalar a (A = [a]B).
const a = fromLe(sha256(new TextEncoder().encode("tagtrail test scalar"))) % L;
const A = ed.Point.BASE.multiply(a);
const Abytes = A.toBytes();
export const msg = new TextEncoder().encode("tagtrail edge case");
const challenge = (R: Uint8Array, pub: Uint8Array) => fromLe(sha512(concatBytes(R, pub, msg))) % L;
/** A signature whose R is given as raw bytes for the point [r]B + T, satisfying [S]B = [r]B + [k]A. */
function craft(Rbytes: Uint8Array, r: bigint): Uint8Array {
  const k = challenge(Rbytes, Abytes);
  return concatBytes(Rbytes, le((((r + k * a) % L) + L) % L));
}
export const T8 = ed.Point.fromBytes(le(0x7a03ac9277fdc74ec6cc392cfa53202a0f67100d760b3cba4fd84d3d706a17c7n), false);
const r0 = 123456789n;
const valid = craft(ed.Point.BASE.multiply(r0).toBytes(), r0);
const sNonCanonical = concatBytes(valid.subarray(0, 32), le(fromLe(valid.subarray(32)) + L));
const mixedTorsionR = craft(ed.Point.BASE.multiply(r0).add(T8).toBytes(), r0);
const identityNonCanonical = le(P + 1n); // y = p + 1 encodes y = 1, the identity, non-canonically
const identitySignBit = le(1n | (1n << 255n)); // x = 0 with the sign bit set
export const edgeCases: {
  label: string;
  sig: Uint8Array;
  pub: Uint8Array;
  expected: boolean;
  nobleLenient: boolean;
}[] = [
  { label: "valid", sig: valid, pub: Abytes, expected: true, nobleLenient: true },
  { label: "S + L (non-canonical S)", sig: sNonCanonical, pub: Abytes, expected: false, nobleLenient: false },
  { label: "S = L", sig: concatBytes(valid.subarray(0, 32), le(L)), pub: Abytes, expected: false, nobleLenient: false },
  {
    label: "S = 2^256 - 1",
    sig: concatBytes(valid.subarray(0, 32), new Uint8Array(32).fill(255)),
    pub: Abytes,
    expected: false,
    nobleLenient: false,
  },
  // Passes the cofactored equation (noble's check) but not the cofactorless one (OpenSSL's, ours).
  { label: "mixed-torsion R", sig: mixedTorsionR, pub: Abytes, expected: false, nobleLenient: true },
  {
    label: "R = identity, non-canonical (y = p + 1)",
    sig: craft(identityNonCanonical, 0n),
    pub: Abytes,
    expected: false,
    nobleLenient: false,
  },
  {
    label: "R = identity with the sign bit set",
    sig: craft(identitySignBit, 0n),
    pub: Abytes,
    expected: false,
    nobleLenient: false,
  },
  { label: "R = identity, canonical", sig: craft(le(1n), 0n), pub: Abytes, expected: true, nobleLenient: true },
  {
    label: "A = identity, R = identity, S = 0",
    sig: concatBytes(le(1n), le(0n)),
    pub: le(1n),
    expected: false,
    nobleLenient: false,
  },
  {
    label: "A = identity, non-canonical",
    sig: concatBytes(le(1n), le(0n)),
    pub: identityNonCanonical,
    expected: false,
    nobleLenient: false,
  },
  {
    label: "A of order 8",
    sig: concatBytes(T8.toBytes(), le(0n)),
    pub: T8.toBytes(),
    expected: false,
    nobleLenient: false,
  },
  { label: "A not on the curve", sig: valid, pub: le(2n), expected: false, nobleLenient: false },
  { label: "all-zero signature", sig: new Uint8Array(64), pub: Abytes, expected: false, nobleLenient: false },
  { label: "short signature", sig: valid.subarray(0, 63), pub: Abytes, expected: false, nobleLenient: false },
  { label: "short key", sig: valid, pub: Abytes.subarray(0, 31), expected: false, nobleLenient: false },
];
