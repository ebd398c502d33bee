// AES-128 blocks through Node's OpenSSL: the fast path for CMAC and SUN on Node, held to the
// portable @noble/ciphers path by test/sun.test.ts. ECB carries no state from block to block, so
// a key's cipher objects are kept and reused: a CMAC or a tap check uses one key several times in
// a row, and making a cipher object costs more than the block itself.
import { createCipheriv, createDecipheriv } from "node:crypto";
import type { AesBlock } from "../../core/crypto.js";

/** What a kept cipher object is used for: one block in, one block out. */
interface BlockCipher {
  update(block: Uint8Array): Buffer;
  setAutoPadding(on: boolean): unknown;
}

const KEPT = 64;
const encryptors = new Map<string, BlockCipher>();
const decryptors = new Map<string, BlockCipher>();

function kept(cache: Map<string, BlockCipher>, key: Uint8Array, make: () => BlockCipher): BlockCipher {
  const id = Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString("latin1");
  const known = cache.get(id);
  if (known) return known;
  const c = make();
  c.setAutoPadding(false);
  if (cache.size >= KEPT) cache.delete(cache.keys().next().value as string);
  cache.set(id, c);
  return c;
}

function once(c: BlockCipher, block: Uint8Array): Uint8Array {
  if (block.length !== 16) throw new RangeError("one AES block is 16 bytes");
  const out = c.update(block);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

export const nodeAes: AesBlock = {
  encrypt: (key, block) =>
    once(
      kept(encryptors, key, () => createCipheriv("aes-128-ecb", key, null)),
      block,
    ),
  decrypt: (key, block) =>
    once(
      kept(decryptors, key, () => createDecipheriv("aes-128-ecb", key, null)),
      block,
    ),
};
