// Byte helpers shared by the core: encodings, concatenation and constant-time comparison.
// Runtime-neutral: no Node Buffer, so the same code runs on Workers.

const HEX = "0123456789abcdef";

export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += HEX[b >> 4] + (HEX[b & 15] as string);
  return out;
}

/** Parses lowercase or uppercase hex; returns undefined for anything that is not whole bytes of hex. */
export function fromHex(text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return undefined;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

// RFC 4648 §4 (base64) and §5 (base64url) share one encoder and one strict decoder.
const STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

interface Alphabet {
  /** The 64 characters as one-character strings: concatenating them beats building char codes. */
  readonly chars: readonly string[];
  readonly index: Int16Array;
}

function alphabet(chars: string): Alphabet {
  const index = new Int16Array(128).fill(-1);
  for (let i = 0; i < 64; i++) index[chars.charCodeAt(i)] = i;
  return { chars: [...chars], index };
}

const STD_ALPHABET = alphabet(STD);
const URL_ALPHABET = alphabet(URL_SAFE);
const PAD = 61; // "="

function encode64(bytes: Uint8Array, { chars }: Alphabet, pad: boolean): string {
  const full = bytes.length - (bytes.length % 3);
  let out = "";
  for (let i = 0; i < full; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out += (chars[n >> 18] as string) + chars[(n >> 12) & 63] + chars[(n >> 6) & 63] + chars[n & 63];
  }
  const rest = bytes.length - full;
  if (rest > 0) {
    const n = ((bytes[full] as number) << 16) | (rest === 2 ? (bytes[full + 1] as number) << 8 : 0);
    out += (chars[n >> 18] as string) + chars[(n >> 12) & 63];
    if (rest === 2) out += chars[(n >> 6) & 63];
    if (pad) out += rest === 2 ? "=" : "==";
  }
  return out;
}

/**
 * Strict decoding: only the alphabet's characters, padding exactly as required, and the unused
 * bits of the last character zero, so every byte string has exactly one accepted encoding.
 */
function decode64(text: string, { index }: Alphabet, pad: boolean): Uint8Array | undefined {
  let len = text.length;
  if (pad) {
    if (len % 4 !== 0) return undefined;
    if (len > 0 && text.charCodeAt(len - 1) === PAD) len--;
    if (len > 0 && text.charCodeAt(len - 1) === PAD) len--;
    if (text.length - len > 0 && len % 4 < 2) return undefined;
  } else if (len % 4 === 1) {
    return undefined;
  }
  const out = new Uint8Array(Math.floor((len * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? (index[c] as number) : -1;
    if (v < 0) return undefined;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 255;
    }
  }
  if ((acc & ((1 << bits) - 1)) !== 0) return undefined; // non-zero trailing bits
  return out;
}

/** Standard base64 with padding (RFC 4648 §4), as C2SP notes and checkpoints use. */
export function toBase64(bytes: Uint8Array): string {
  return encode64(bytes, STD_ALPHABET, true);
}

/** Strict standard base64 (RFC 4648 §4): padding required, no whitespace. */
export function fromBase64(text: string): Uint8Array | undefined {
  return decode64(text, STD_ALPHABET, true);
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** Compares two byte strings in time that depends only on their lengths, never on their contents. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

/** Ordinary equality for public values (hashes), where timing leaks nothing. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const encoder = new TextEncoder();
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** base64url without padding (RFC 4648 §5), for tokens in URLs. */
export function toBase64Url(bytes: Uint8Array): string {
  return encode64(bytes, URL_ALPHABET, false);
}

/** Strict base64url without padding: one accepted encoding per byte string. */
export function fromBase64Url(text: string): Uint8Array | undefined {
  return decode64(text, URL_ALPHABET, false);
}
