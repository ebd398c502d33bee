// NTAG 424 DNA SUN in AES mode (core/sun.ts): known answers from RFC 4493 (AES-CMAC) and NXP
// AN12196 (PICC data decryption, session key, truncated MAC), each on Node's OpenSSL and on the
// portable @noble/ciphers path, and a property that the two agree on random keys and messages.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nobleAes } from "../src/core/aes.js";
import { fromHex, toHex } from "../src/core/bytes.js";
import { aesCmac, decryptPiccData, sdmMac, verifySun } from "../src/core/sun.js";
import { nodeAes } from "../src/runtime/node/aes.js";

interface Vectors {
  cmac: { label: string; key: string; message: string; mac: string }[];
  sun: {
    label: string;
    metaReadKey: string;
    fileReadKey: string;
    encPiccData: string;
    mac: string;
    uid: string;
    counter: number;
  }[];
  plain: { label: string; fileReadKey: string; uid: string; counter: number; mac: string }[];
  wrongMac: { label: string; metaReadKey: string; fileReadKey: string; encPiccData: string; mac: string }[];
}
const V = JSON.parse(readFileSync(new URL("./vectors/sun-aes.json", import.meta.url), "utf8")) as Vectors;
const hex = (s: string) => fromHex(s.toLowerCase()) as Uint8Array;
const PATHS = [
  ["OpenSSL", nodeAes],
  ["@noble/ciphers", nobleAes],
] as const;

describe.each(PATHS)("SUN, AES mode, on %s", (_name, aes) => {
  it.each(V.cmac.map((v) => [v.label, v] as const))("AES-CMAC: %s", (_label, v) => {
    expect(toHex(aesCmac(aes, hex(v.key), hex(v.message)))).toBe(v.mac);
  });

  it.each(V.sun.map((v) => [v.label, v] as const))("%s", (_label, v) => {
    const picc = decryptPiccData(aes, hex(v.metaReadKey), hex(v.encPiccData));
    expect(picc && [toHex(picc.uid), picc.counter]).toEqual([v.uid.toLowerCase(), v.counter]);
    const keys = { metaRead: hex(v.metaReadKey), fileRead: hex(v.fileReadKey) };
    expect(verifySun(aes, keys, hex(v.encPiccData), hex(v.mac))).toEqual(picc);
  });

  it.each(V.plain.map((v) => [v.label, v] as const))("%s", (_label, v) => {
    expect(toHex(sdmMac(aes, hex(v.fileReadKey), { uid: hex(v.uid), counter: v.counter }))).toBe(v.mac.toLowerCase());
  });

  it.each(V.wrongMac.map((v) => [v.label, v] as const))("refuses %s", (_label, v) => {
    expect(
      verifySun(aes, { metaRead: hex(v.metaReadKey), fileRead: hex(v.fileReadKey) }, hex(v.encPiccData), hex(v.mac)),
    ).toBeUndefined();
  });

  it("refuses junk PICC data without throwing", () => {
    const key = new Uint8Array(16);
    for (const junk of [new Uint8Array(0), new Uint8Array(15), new Uint8Array(16), new Uint8Array(17)]) {
      expect(decryptPiccData(aes, key, junk)).toBeUndefined();
    }
  });
});

describe("the two AES paths", () => {
  it("agree on CMAC for random keys and messages", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ maxLength: 80 }), (key, message) => {
        expect(toHex(aesCmac(nodeAes, key, message))).toBe(toHex(aesCmac(nobleAes, key, message)));
      }),
    );
  });
});
