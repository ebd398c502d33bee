// NTAG 424 DNA Secure Unique NFC (SUN) messages, AES mode (NXP AN12196 §3, "SUN message"): the
// tag mirrors, on every tap, its UID and read counter encrypted with the SDM meta-read key, and a
// MAC truncated to 8 bytes under a session key derived from the SDM file-read key. LRP mode is not
// supported yet. AES-CMAC is NIST SP 800-38B / RFC 4493. The AES block cipher is injected: Node's
// OpenSSL on Node (runtime/node), @noble/ciphers as the portable reference (./aes.ts).
import { concatBytes, constantTimeEqual } from "./bytes.js";
import type { AesBlock } from "./crypto.js";

export type { AesBlock } from "./crypto.js";

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

/**
 * RFC 4493 §2.3 subkeys, then the CBC-MAC of `message` zero-padded with 0x80 0x00… to `length`
 * bytes (a multiple of 16), its last block masked with K1 if no padding was needed, else K2.
 * CMAC pads to the next block; AN10922 pads to 32 bytes.
 */
function maskedCbcMac(aes: AesBlock, key: Uint8Array, message: Uint8Array, length: number): Uint8Array {
  if (key.length !== BLOCK) throw new RangeError("AES-128 keys are 16 bytes");
  const k1 = shiftLeft(aes.encrypt(key, new Uint8Array(BLOCK)));
  const complete = message.length === length;
  const m = new Uint8Array(length);
  m.set(message);
  if (!complete) m[message.length] = 0x80;
  const mask = complete ? k1 : shiftLeft(k1);
  let x = new Uint8Array(BLOCK);
  for (let i = 0; i < length; i += BLOCK) {
    const block = m.subarray(i, i + BLOCK);
    x = aes.encrypt(key, xor(x, i + BLOCK === length ? xor(block, mask) : block)) as typeof x;
  }
  return x;
}

/** RFC 4493 §2.4: AES-CMAC of `message` under a 16-byte `key`. */
export function aesCmac(aes: AesBlock, key: Uint8Array, message: Uint8Array): Uint8Array {
  return maskedCbcMac(aes, key, message, Math.max(1, Math.ceil(message.length / BLOCK)) * BLOCK);
}

/**
 * NXP AN10922 §2.2: an AES-128 key diversified from `master` with 1 to 31 bytes of input (by
 * convention UID ‖ application ID ‖ system identifier): CMAC of 0x01 ‖ input, padded to 32 bytes.
 */
export function diversifyAes128(aes: AesBlock, master: Uint8Array, input: Uint8Array): Uint8Array {
  if (input.length < 1 || input.length > 31) throw new RangeError("AN10922 diversification input is 1 to 31 bytes");
  return maskedCbcMac(aes, master, concatBytes(Uint8Array.of(0x01), input), 2 * BLOCK);
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

function counterBytes(counter: number): Uint8Array {
  return Uint8Array.of(counter & 0xff, (counter >> 8) & 0xff, (counter >> 16) & 0xff);
}

/** AN12196 §3.4: a session key, CMAC(file-read key, SV = label ‖ 0001 0080 ‖ UID ‖ counter LSB first). */
function sessionKey(aes: AesBlock, fileReadKey: Uint8Array, label: readonly [number, number], picc: PiccData) {
  const sv = concatBytes(
    Uint8Array.of(label[0], label[1], 0x00, 0x01, 0x00, 0x80),
    picc.uid,
    counterBytes(picc.counter),
  );
  return aesCmac(aes, fileReadKey, sv);
}

/** AN12196 §3.4: the session MAC key (SV2 = 3CC3 …). */
export function sessionMacKey(aes: AesBlock, fileReadKey: Uint8Array, picc: PiccData): Uint8Array {
  return sessionKey(aes, fileReadKey, [0x3c, 0xc3], picc);
}

/** The 8-byte SDMMAC a tag computes over `input` (the mirrored bytes the MAC covers; often none). */
export function sdmMac(
  aes: AesBlock,
  fileReadKey: Uint8Array,
  picc: PiccData,
  input: Uint8Array = new Uint8Array(0),
): Uint8Array {
  return truncateMac(aesCmac(aes, sessionMacKey(aes, fileReadKey, picc), input));
}

/**
 * AN12196 §3.4.4: SDMENCFileData, AES-CBC under the session encryption key (SV1 = C33C …) with
 * IV = E(key, counter ‖ 0¹³). `decrypt` reverses it; the tag (and ./nfc-tag.ts) encrypts.
 */
function fileDataCipher(aes: AesBlock, fileReadKey: Uint8Array, picc: PiccData) {
  const key = sessionKey(aes, fileReadKey, [0xc3, 0x3c], picc);
  const iv = new Uint8Array(BLOCK);
  iv.set(counterBytes(picc.counter));
  return { key, iv: aes.encrypt(key, iv) };
}

export function decryptFileData(
  aes: AesBlock,
  fileReadKey: Uint8Array,
  picc: PiccData,
  enc: Uint8Array,
): Uint8Array | undefined {
  if (enc.length === 0 || enc.length % BLOCK !== 0) return undefined;
  const { key, iv } = fileDataCipher(aes, fileReadKey, picc);
  const out = new Uint8Array(enc.length);
  let prev = iv;
  for (let i = 0; i < enc.length; i += BLOCK) {
    const block = enc.subarray(i, i + BLOCK);
    out.set(xor(aes.decrypt(key, block), prev), i);
    prev = block;
  }
  return out;
}

export function encryptFileData(aes: AesBlock, fileReadKey: Uint8Array, picc: PiccData, plain: Uint8Array): Uint8Array {
  if (plain.length === 0 || plain.length % BLOCK !== 0) throw new RangeError("SDM file data is whole AES blocks");
  const { key, iv } = fileDataCipher(aes, fileReadKey, picc);
  const out = new Uint8Array(plain.length);
  let prev = iv;
  for (let i = 0; i < plain.length; i += BLOCK) {
    prev = aes.encrypt(key, xor(plain.subarray(i, i + BLOCK), prev));
    out.set(prev, i);
  }
  return out;
}

/**
 * The encrypted PICC data a tag mirrors (the reverse of decryptPiccData): 0xC7 ‖ UID ‖ counter,
 * filled up with random bytes, as one AES block under the SDM meta-read key.
 */
export function encryptPiccData(aes: AesBlock, metaReadKey: Uint8Array, picc: PiccData, fill: Uint8Array): Uint8Array {
  if (picc.uid.length !== 7 || fill.length !== 5) throw new RangeError("PICC data is a 7-byte UID and 5 fill bytes");
  return aes.encrypt(metaReadKey, concatBytes(Uint8Array.of(0xc7), picc.uid, counterBytes(picc.counter), fill));
}

/** A SUN message as a tag mirrors it: encrypted PICC data, optional encrypted file data, the MAC. */
export interface SunMessage {
  readonly encPiccData: Uint8Array;
  readonly encFileData?: Uint8Array;
  readonly mac: Uint8Array;
}

/** What a SUN message proves once checked: the tag's UID and counter, and its file data if any. */
export interface SunReading extends PiccData {
  readonly fileData?: Uint8Array;
}

/**
 * Decrypts a SUN message and checks its MAC over `input` (the mirrored bytes from the MAC input
 * offset to the MAC) in constant time; undefined if either fails. Attacker-controlled input.
 */
export function verifySun(
  aes: AesBlock,
  keys: { readonly metaRead: Uint8Array; readonly fileRead: Uint8Array },
  message: SunMessage,
  input: Uint8Array = new Uint8Array(0),
): SunReading | undefined {
  const picc = decryptPiccData(aes, keys.metaRead, message.encPiccData);
  if (!picc || message.mac.length !== 8) return undefined;
  if (!constantTimeEqual(sdmMac(aes, keys.fileRead, picc, input), message.mac)) return undefined;
  if (message.encFileData === undefined) return picc;
  const fileData = decryptFileData(aes, keys.fileRead, picc, message.encFileData);
  return fileData && { ...picc, fileData };
}
