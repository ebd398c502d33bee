// AES-128 blocks through Node's OpenSSL: the fast path for CMAC and SUN on Node, held to the
// portable @noble/ciphers path by test/sun.test.ts.
import { createCipheriv, createDecipheriv } from "node:crypto";
import type { AesBlock } from "../../core/crypto.js";

function once(cipher: ReturnType<typeof createCipheriv> | ReturnType<typeof createDecipheriv>, block: Uint8Array) {
  cipher.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([cipher.update(block), cipher.final()]));
}

export const nodeAes: AesBlock = {
  encrypt: (key, block) => once(createCipheriv("aes-128-ecb", key, null), block),
  decrypt: (key, block) => once(createDecipheriv("aes-128-ecb", key, null), block),
};
