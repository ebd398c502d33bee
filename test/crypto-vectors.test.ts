// The portable (noble) and native (Node/OpenSSL) crypto must agree on every vector: RFC 8032's
// known answers, random keys and messages, and crafted edge cases that separate strict RFC 8032
// verification from lenient ones (non-canonical encodings, small-order keys, mixed-torsion R).
import * as ed from "@noble/ed25519";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { concatBytes, fromHex, toHex } from "../src/core/bytes.js";
import { type Crypto, nobleCrypto, SMALL_ORDER_Y } from "../src/core/crypto.js";
import { nodeCrypto } from "../src/runtime/node/crypto.js";
import { edgeCases, msg, T8 } from "./support/ed25519-cases.js";

const impls: Crypto[] = [nobleCrypto, nodeCrypto];
const hex = (h: string) => fromHex(h) as Uint8Array;

interface Rfc8032 {
  vectors: { label: string; secretKey: string; publicKey: string; message: string; signature: string }[];
}
const rfc: Rfc8032 = JSON.parse(
  (await import("node:fs")).readFileSync(new URL("./vectors/rfc8032-ed25519.json", import.meta.url), "utf8"),
);

describe("RFC 8032 §7.1 known answers", () => {
  for (const v of rfc.vectors) {
    for (const c of impls) {
      it(`${v.label} (${c.name})`, () => {
        expect(toHex(c.ed25519.publicKey(hex(v.secretKey)))).toBe(v.publicKey);
        expect(toHex(c.ed25519.sign(hex(v.message), hex(v.secretKey)))).toBe(v.signature);
        expect(c.ed25519.verify(hex(v.signature), hex(v.message), hex(v.publicKey))).toBe(true);
      });
    }
  }
});

describe("SHA-256", () => {
  it("both implementations agree, including the FIPS 180 'abc' vector", () => {
    for (const c of impls) {
      expect(toHex(c.sha256(new TextEncoder().encode("abc")))).toBe(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
      );
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (d) => {
        expect(toHex(nodeCrypto.sha256(d))).toBe(toHex(nobleCrypto.sha256(d)));
      }),
    );
  });
});

describe("random keys and messages", () => {
  it("sign identically and verify alike, including after corruption", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 200 }),
        fc.nat(511),
        (seed, msg, bit) => {
          const pub = nobleCrypto.ed25519.publicKey(seed);
          expect(toHex(nodeCrypto.ed25519.publicKey(seed))).toBe(toHex(pub));
          const sig = nobleCrypto.ed25519.sign(msg, seed);
          expect(toHex(nodeCrypto.ed25519.sign(msg, seed))).toBe(toHex(sig));
          const bad = sig.slice();
          bad[bit >> 3] = (bad[bit >> 3] as number) ^ (1 << (bit & 7));
          for (const c of impls) {
            expect(c.ed25519.verify(sig, msg, pub)).toBe(true);
            expect(c.ed25519.verify(bad, msg, pub)).toBe(false);
            expect(c.ed25519.verify(sig, concatBytes(msg, Uint8Array.of(0)), pub)).toBe(false);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("strict verification edge cases", () => {
  for (const v of edgeCases) {
    it(v.label, () => {
      for (const c of impls)
        expect({ impl: c.name, ok: c.ed25519.verify(v.sig, msg, v.pub) }).toEqual({ impl: c.name, ok: v.expected });
      let lenient = false;
      try {
        lenient = ed.verify(v.sig, msg, v.pub, { zip215: false });
      } catch {}
      expect(lenient).toBe(v.nobleLenient);
    });
  }

  it("the small-order blocklist is exactly the y-coordinates of the eight-torsion subgroup", () => {
    expect(T8.multiply(8n).is0()).toBe(true);
    expect(T8.multiply(4n).is0()).toBe(false);
    const ys = new Set<bigint>();
    let p = ed.Point.ZERO;
    for (let i = 0; i < 8; i++) {
      ys.add(p.toAffine().y);
      p = p.add(T8);
    }
    expect([...ys].sort()).toEqual([...SMALL_ORDER_Y].sort());
  });
});

describe("the verify pool", () => {
  it("agrees with one-by-one verification on a mixed batch, across worker threads", async () => {
    const { openSignaturePool } = await import("../src/runtime/node/signature-pool.js");
    const pool = openSignaturePool(2);
    try {
      const checks = Array.from({ length: 200 }, (_, i) => {
        const seed = new Uint8Array(32).fill(i);
        const message = new TextEncoder().encode(`message ${i}`);
        const signature = nodeCrypto.ed25519.sign(message, seed);
        if (i % 7 === 0) signature[5] = (signature[5] as number) ^ 1;
        return { signature, message, publicKey: nodeCrypto.ed25519.publicKey(seed) };
      });
      const expected = checks.map((c) => nobleCrypto.ed25519.verify(c.signature, c.message, c.publicKey));
      expect(await pool.checkSignatures(checks)).toEqual(expected);
      expect(expected.filter((ok) => !ok)).toHaveLength(29);
      const edge = edgeCases.map((v) => ({ signature: v.sig, message: msg, publicKey: v.pub }));
      expect(await pool.checkSignatures([...edge, ...edge, ...edge])).toEqual(
        [...edgeCases, ...edgeCases, ...edgeCases].map((v) => v.expected),
      );
    } finally {
      await pool.close();
    }
  });
});

describe("randomBytesPool", () => {
  it("hands out fresh bytes of the asked length, across pool refills", async () => {
    const { randomBytesPool } = await import("../src/core/crypto.js");
    const random = randomBytesPool();
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const b = random(32);
      expect(b.length).toBe(32);
      seen.add(toHex(b));
    }
    expect(seen.size).toBe(5000); // 160,000 bytes: more than two refills, no repeats
    expect(random(70_000).length).toBe(70_000);
  });
});
