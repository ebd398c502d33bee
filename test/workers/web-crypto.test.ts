// Web Crypto's Ed25519 in workerd (BoringSSL) behind our strict pre-checks must accept exactly
// what the portable strict verifier accepts: the crafted edge cases, and random keys and messages.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nobleCrypto } from "../../src/core/crypto.js";
import { webCryptoCheckSignatures, webCryptoHasEd25519 } from "../../src/runtime/workers/web-crypto.js";
import { edgeCases, msg } from "../support/ed25519-cases.js";

describe("Ed25519 through Web Crypto in workerd", () => {
  it("is available and passes RFC 8032's first known answer", async () => {
    expect(await webCryptoHasEd25519()).toBe(true);
  });

  it("gives the strict answer on every crafted edge case", async () => {
    const got = await webCryptoCheckSignatures(
      edgeCases.map((v) => ({ signature: v.sig, message: msg, publicKey: v.pub })),
    );
    expect(edgeCases.map((v, i) => ({ label: v.label, ok: got[i] }))).toEqual(
      edgeCases.map((v) => ({ label: v.label, ok: v.expected })),
    );
  });

  it("agrees with noble on random keys, messages and corruptions", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 200 }),
        fc.nat(511),
        async (seed, message, bit) => {
          const publicKey = nobleCrypto.ed25519.publicKey(seed);
          const signature = nobleCrypto.ed25519.sign(message, seed);
          const bad = signature.slice();
          bad[bit >> 3] = (bad[bit >> 3] as number) ^ (1 << (bit & 7));
          const badKey = publicKey.slice();
          badKey[bit >> 4] = (badKey[bit >> 4] as number) ^ 1;
          const checks = [
            { signature, message, publicKey },
            { signature: bad, message, publicKey },
            { signature, message, publicKey: badKey },
          ];
          expect(await webCryptoCheckSignatures(checks)).toEqual(
            checks.map((c) => nobleCrypto.ed25519.verify(c.signature, c.message, c.publicKey)),
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});
