// NTAG 424 DNA Secure Unique NFC (SUN) messages, AES mode (NXP AN12196 §3, "SUN message"): the
// tag mirrors, on every tap, its UID and read counter encrypted with the SDM meta-read key, and a
// MAC truncated to 8 bytes under a session key derived from the SDM file-read key. LRP mode is not
// supported yet. AES-CMAC is NIST SP 800-38B / RFC 4493. The AES block cipher is injected: Node's
// OpenSSL on Node (runtime/node), @noble/ciphers as the portable reference (./aes.ts).
import { concatBytes, constantTimeEqual } from "./bytes.js";

/** One AES-128 block, each way: what CMAC and the PICC data need. */
export interface AesBlock {
  encrypt(key: Uint8Array, block: Uint8Array): Uint8Array;
  decrypt(key: Uint8Array, block: Uint8Array): Uint8Array;
}

const BLOCK = 16;
const RB = 0x87; // RFC 4493 §2.3: the constant of the subkey generation for 128-bit blocks

function shiftLeft(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(BLOCK);
  for (let i = 0; i < BLOCK; i++) out[i] = ((b[i] as number) << 1) | ((b[i + 1] ?? 0) >> 7);
  if ((b[0] as number) & 0x80) out[BLOCK - 1] = (out[BLOCK - 1] as number) ^ RB;
  return out;
}

function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  return a.map((v, i) => v ^ (b[i] as number));
}

/** RFC 4493 §2.4: AES-CMAC of `message` under a 16-byte `key`. */
export function aesCmac(aes: AesBlock, key: Uint8Array, message: Uint8Array): Uint8Array {
  if (key.length !== BLOCK) throw new RangeError("AES-128 keys are 16 bytes");
  const k1 = shiftLeft(aes.encrypt(key, new Uint8Array(BLOCK)));
  const k2 = shiftLeft(k1);
  const n = Math.max(1, Math.ceil(message.length / BLOCK));
  const complete = message.length > 0 && message.length % BLOCK === 0;
  const last = new Uint8Array(BLOCK);
  last.set(message.subarray((n - 1) * BLOCK));
  if (!complete) last[message.length - (n - 1) * BLOCK] = 0x80;
  let x = new Uint8Array(BLOCK);
  for (let i = 0; i < n - 1; i++)
    x = aes.encrypt(key, xor(x, message.subarray(i * BLOCK, (i + 1) * BLOCK))) as typeof x;
  return aes.encrypt(key, xor(x, xor(last, complete ? k1 : k2)));
}

/** AN12196: the 8-byte MAC a tag mirrors is the CMAC's odd-numbered bytes (1, 3, …, 15). */
export function truncateMac(cmac: Uint8Array): Uint8Array {
  return Uint8Array.from({ length: 8 }, (_, i) => cmac[2 * i + 1] as number);
}

export interface PiccData {
  /** The tag's 7-byte UID. */
  readonly uid: Uint8Array;
  /** The SDM read counter: 24 bits, one more at every tap. */
  readonly counter: number;
}

/**
 * AN12196 §3.3: decrypts the 16-byte encrypted PICC data with the SDM meta-read key (AES-CBC,
 * zero IV, one block). Undefined unless it holds a 7-byte UID and a counter (PICCDataTag 0xC7).
 * Attacker-controlled input.
 */
export function decryptPiccData(aes: AesBlock, metaReadKey: Uint8Array, enc: Uint8Array): PiccData | undefined {
  if (enc.length !== BLOCK || metaReadKey.length !== BLOCK) return undefined;
  const plain = aes.decrypt(metaReadKey, enc);
  // PICCDataTag: bit 7 UID mirrored, bit 6 counter mirrored, low nibble the UID's length (7).
  if (plain[0] !== 0xc7) return undefined;
  const uid = plain.slice(1, 8);
  const counter = (plain[8] as number) | ((plain[9] as number) << 8) | ((plain[10] as number) << 16);
  return { uid, counter };
}

/** AN12196 §3.4: the session MAC key, CMAC(file-read key, SV2 = 3CC3 0001 0080 ‖ UID ‖ counter LSB first). */
export function sessionMacKey(aes: AesBlock, fileReadKey: Uint8Array, picc: PiccData): Uint8Array {
  const ctr = Uint8Array.of(picc.counter & 0xff, (picc.counter >> 8) & 0xff, (picc.counter >> 16) & 0xff);
  const sv2 = concatBytes(Uint8Array.of(0x3c, 0xc3, 0x00, 0x01, 0x00, 0x80), picc.uid, ctr);
  return aesCmac(aes, fileReadKey, sv2);
}

/** The 8-byte SDMMAC a tag computes over `input` (the mirrored bytes the MAC covers; often none). */
export function sdmMac(aes: AesBlock, fileReadKey: Uint8Array, picc: PiccData, input = new Uint8Array(0)): Uint8Array {
  return truncateMac(aesCmac(aes, sessionMacKey(aes, fileReadKey, picc), input));
}

/** Decrypts a SUN message and checks its MAC in constant time; undefined if either fails. */
export function verifySun(
  aes: AesBlock,
  keys: { readonly metaRead: Uint8Array; readonly fileRead: Uint8Array },
  encPiccData: Uint8Array,
  mac: Uint8Array,
  input = new Uint8Array(0),
): PiccData | undefined {
  const picc = decryptPiccData(aes, keys.metaRead, encPiccData);
  if (!picc || mac.length !== 8) return undefined;
  return constantTimeEqual(sdmMac(aes, keys.fileRead, picc, input), mac) ? picc : undefined;
}
