// The portable AES-128 block cipher (@noble/ciphers): the reference the Node path (OpenSSL) is
// tested against, and what runs where no native AES block primitive is exposed (Web Crypto has
// no ECB mode).
import { ecb } from "@noble/ciphers/aes.js";
import type { AesBlock } from "./crypto.js";

export const nobleAes: AesBlock = {
  encrypt: (key, block) => ecb(key, { disablePadding: true }).encrypt(block),
  decrypt: (key, block) => ecb(key, { disablePadding: true }).decrypt(block),
};
