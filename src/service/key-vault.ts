// Secrets at rest: sealed with AES-256-GCM (Web Crypto, the same code on Node and Workers) under
// a key-encryption key the operator keeps outside the database: TAGTRAIL_NFC_KEK in the
// environment on Node, the NFC_KEK secret on Workers. Each sealed value is bound to what it is
// (the associated data names it), so a sealed key moved to another row does not open there.
import { concatBytes, fromBase64, fromBase64Url, fromHex, utf8 } from "../core/bytes.js";

const VERSION = 1;
const NONCE_BYTES = 12;
export const KEK_BYTES = 32;

/** A key-encryption key as the operator gives it: 64 hex digits, or base64/base64url of 32 bytes. */
export function parseKek(text: string): Uint8Array | undefined {
  const t = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(t) ? fromHex(t) : (fromBase64(t) ?? fromBase64Url(t));
  return bytes?.length === KEK_BYTES ? bytes : undefined;
}

type AesKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

export class KeyVault {
  private constructor(private readonly kek: AesKey) {}

  static async create(kek: Uint8Array): Promise<KeyVault> {
    if (kek.length !== KEK_BYTES) throw new RangeError(`a key-encryption key is ${KEK_BYTES} bytes`);
    const key = await crypto.subtle.importKey("raw", kek as Uint8Array<ArrayBuffer>, "AES-GCM", false, [
      "encrypt",
      "decrypt",
    ]);
    return new KeyVault(key);
  }

  /** version (1) ‖ nonce (12) ‖ AES-256-GCM ciphertext and tag, with `context` as associated data. */
  async seal(plain: Uint8Array, context: string): Promise<Uint8Array> {
    const iv = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
    const params = { name: "AES-GCM", iv, additionalData: utf8(context) as Uint8Array<ArrayBuffer> };
    const sealed = new Uint8Array(await crypto.subtle.encrypt(params, this.kek, plain as Uint8Array<ArrayBuffer>));
    return concatBytes(Uint8Array.of(VERSION), iv, sealed);
  }

  /** The plaintext, or undefined if `sealed` was not sealed under this key for `context`. */
  async open(sealed: Uint8Array, context: string): Promise<Uint8Array | undefined> {
    if (sealed[0] !== VERSION || sealed.length < 1 + NONCE_BYTES + 16) return undefined;
    const iv = sealed.slice(1, 1 + NONCE_BYTES);
    const params = { name: "AES-GCM", iv, additionalData: utf8(context) as Uint8Array<ArrayBuffer> };
    try {
      return new Uint8Array(await crypto.subtle.decrypt(params, this.kek, sealed.slice(1 + NONCE_BYTES)));
    } catch {
      return undefined;
    }
  }
}
