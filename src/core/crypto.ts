// The crypto port: SHA-256 and Ed25519, synchronous, with a portable implementation over
// @noble/ed25519 and @noble/hashes. Runtimes may plug in a faster implementation (Node's built-in
// OpenSSL) that must agree with this one on every vector: see test/crypto-vectors.test.ts.
import * as ed from "@noble/ed25519";
import { sha256 as nobleSha256, sha512 } from "@noble/hashes/sha2.js";
import { nobleAes } from "./aes.js";
import { concatBytes } from "./bytes.js";

ed.hashes.sha512 = sha512;

export type Sha256 = (data: Uint8Array) => Uint8Array;

export interface Ed25519 {
  /** RFC 8032 §5.1.5: the 32-byte public key of a 32-byte secret seed. */
  publicKey(seed: Uint8Array): Uint8Array;
  /** RFC 8032 §5.1.6: a 64-byte signature. */
  sign(message: Uint8Array, seed: Uint8Array): Uint8Array;
  /** RFC 8032 §5.1.7, strict: see verifyStrict. Never throws; false for any malformed input. */
  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
}

/** One AES-128 block, each way: what CMAC, NFC key diversification and SUN data need (core/sun.ts). */
export interface AesBlock {
  encrypt(key: Uint8Array, block: Uint8Array): Uint8Array;
  decrypt(key: Uint8Array, block: Uint8Array): Uint8Array;
}

export interface Crypto {
  readonly name: string;
  readonly sha256: Sha256;
  readonly ed25519: Ed25519;
  readonly aes: AesBlock;
}

const L = 2n ** 252n + 27742317777372353535851937790883648493n; // RFC 8032 §5.1: group order

function bytesToNumberLE(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i] as number);
  return n;
}

/**
 * Strict RFC 8032 §5.1.7 verification (the zip215: false rules, and then some):
 * A and R must be canonical encodings of curve points (y < p, no x = 0 with the sign bit set),
 * S must be below the group order L, A must not be of small order, and the cofactorless equation
 * [S]B = R + [k]A must hold. The cofactorless form is the stricter of the two the RFC allows and
 * is what OpenSSL checks, so the portable and native paths accept exactly the same signatures.
 */
export function verifyStrict(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (!(signature instanceof Uint8Array && message instanceof Uint8Array && publicKey instanceof Uint8Array)) {
    return false;
  }
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  const rBytes = signature.subarray(0, 32);
  const s = bytesToNumberLE(signature.subarray(32));
  if (s >= L) return false;
  const A = strictPublicKeyPoint(publicKey);
  if (A === undefined) return false;
  let R: ed.Point;
  try {
    R = ed.Point.fromBytes(rBytes, false);
  } catch {
    return false;
  }
  const k = bytesToNumberLE(sha512(concatBytes(rBytes, publicKey, message))) % L;
  const sB = ed.Point.BASE.multiply(s, false);
  const kA = A.multiply(k, false);
  return sB.equals(R.add(kA));
}

/**
 * The public-key half of strict verification (RFC 8032 §5.1.3 decoding, strict): A is the
 * canonical encoding of a point on the curve (y < p, no x = 0 with the sign bit set) that is not
 * of small order. Undefined for anything else.
 */
function strictPublicKeyPoint(publicKey: Uint8Array): ed.Point | undefined {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) return undefined;
  try {
    const A = ed.Point.fromBytes(publicKey, false);
    return A.isSmallOrder() ? undefined : A;
  } catch {
    return undefined;
  }
}

/**
 * A public key strict verification can ever accept (see strictPublicKeyPoint): what a party may
 * register. publicKeyIsStrict below is the cheaper precheck for native verifiers, which decode
 * the point themselves and so need not be told it is on the curve.
 */
export function isValidPublicKey(publicKey: Uint8Array): boolean {
  return strictPublicKeyPoint(publicKey) !== undefined;
}

const P = 2n ** 255n - 19n;
// y-coordinates of the eight small-order points of edwards25519 (orders 1, 2, 4 and 8).
const Y8 = 0x7a03ac9277fdc74ec6cc392cfa53202a0f67100d760b3cba4fd84d3d706a17c7n;
export const SMALL_ORDER_Y: ReadonlySet<bigint> = new Set([0n, 1n, P - 1n, Y8, P - Y8]);

/** A public key strict verification accepts: a canonical encoding (y < p) of a point not of small order. */
export function publicKeyIsStrict(publicKey: Uint8Array): boolean {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) return false;
  let y = 0n;
  for (let i = 31; i >= 0; i--)
    y = (y << 8n) | BigInt(i === 31 ? (publicKey[i] as number) & 0x7f : (publicKey[i] as number));
  return y < P && !SMALL_ORDER_Y.has(y);
}

/**
 * What strict verification demands beyond a native library's own checks (OpenSSL on Node,
 * BoringSSL behind Web Crypto on Workers, which both compare R's bytes with the canonical
 * encoding of [S]B − [k]A, cofactorless): sizes, S < L (RFC 8032 §5.1.7 step 1; checked here
 * too rather than trusted) and a strict public key.
 */
export function passesStrictPrechecks(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (!(signature instanceof Uint8Array && message instanceof Uint8Array)) return false;
  if (signature.length !== 64) return false;
  return bytesToNumberLE(signature.subarray(32)) < L && publicKeyIsStrict(publicKey);
}

export const nobleEd25519: Ed25519 = {
  publicKey: (seed) => ed.getPublicKey(seed),
  sign: (message, seed) => ed.sign(message, seed),
  verify: verifyStrict,
};

/** The portable implementation: pure JavaScript, runs anywhere (Node, Workers, browsers). */
export const nobleCrypto: Crypto = {
  name: "noble",
  sha256: (data) => nobleSha256(data),
  ed25519: nobleEd25519,
  aes: nobleAes,
};

/** Web Crypto's CSPRNG, typed the same under Node's and Workers' declarations of the global. */
function platformRandom<T extends Uint8Array>(array: T): T {
  return (
    globalThis as unknown as { crypto: { getRandomValues<A extends Uint8Array>(a: A): A } }
  ).crypto.getRandomValues(array);
}

/** 32 bytes from the platform CSPRNG (Web Crypto, present on Node ≥ 19 and Workers). */
export function randomSeed(): Uint8Array {
  return platformRandom(new Uint8Array(32));
}

/**
 * A source of random bytes that draws from the platform CSPRNG 64 KiB at a time: one
 * getRandomValues call costs about as much as hashing a few KiB, so minting a million serials
 * one call each would spend a fifth of its time there.
 */
export function randomBytesPool(): (n: number) => Uint8Array {
  let pool = new Uint8Array(0);
  let at = 0;
  return (n) => {
    if (n > 65536) {
      const out = new Uint8Array(n); // getRandomValues fills at most 64 KiB per call
      for (let i = 0; i < n; i += 65536) platformRandom(out.subarray(i, i + 65536));
      return out;
    }
    if (at + n > pool.length) {
      pool = platformRandom(new Uint8Array(65536));
      at = 0;
    }
    const out = pool.slice(at, at + n);
    pool.fill(0, at, at + n); // drawn bytes do not linger in the pool
    at += n;
    return out;
  };
}
