// Key identifiers for parties' Ed25519 keys: a stable, short, collision-resistant name for a
// public key that is safe to print, index and put in URLs.
import { concatBytes, toHex } from "./bytes.js";
import { domainPrefix } from "./canonical.js";
import type { Sha256 } from "./crypto.js";

/** key ID = "ed25519:" || hex(SHA-256("tagtrail/v1/key-id\n" || 0x01 || publicKey)[0:16]). */
export function keyId(sha256: Sha256, publicKey: Uint8Array): string {
  if (publicKey.length !== 32) throw new TypeError("Ed25519 public keys are 32 bytes");
  const digest = sha256(concatBytes(new TextEncoder().encode(domainPrefix("key-id")), Uint8Array.of(1), publicKey));
  return `ed25519:${toHex(digest.subarray(0, 16))}`;
}

export const KEY_ID_PATTERN = /^ed25519:[0-9a-f]{32}$/;
