// NFC tags in tagtrail (core/nfc.ts): per-tag keys, the UID binding, the tag URL's SUN template and
// its SDM offsets (checked by writing a tap into the NDEF file at those offsets, as the tag does),
// and the check of a tap, on both AES paths, against a software tag.
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nobleAes } from "../src/core/aes.js";
import { fromHex, toHex } from "../src/core/bytes.js";
import {
  batchIdOf,
  batchKeyCommitment,
  bindUid,
  checkTap,
  opensUidBinding,
  parseSunParams,
  sealState,
  simulateTap,
  sunTemplate,
  tagKeys,
} from "../src/core/nfc.js";
import { nodeAes } from "../src/runtime/node/aes.js";
import { nodeCrypto } from "../src/runtime/node/crypto.js";

const random = (n: number) => new Uint8Array(randomBytes(n));
const TAG_URL = `https://tags.example.com/01/09506000134352/21/ABC123?s=${"A".repeat(86)}`;
const master = fromHex("00112233445566778899aabbccddeeff") as Uint8Array;
const uid = fromHex("04de5f1eacc040") as Uint8Array;

function tapOf(url: string) {
  const q = new URL(url).searchParams;
  return parseSunParams((n) => q.get(n) ?? undefined);
}

describe.each([
  ["OpenSSL", nodeAes],
  ["@noble/ciphers", nobleAes],
])("NFC tags on %s", (_name, aes) => {
  it("gives each tag and each key number its own key", () => {
    const keys = tagKeys(aes, master, uid);
    const other = tagKeys(aes, master, fromHex("04de5f1eacc041") as Uint8Array);
    const all = [...keys, ...other].map(toHex);
    expect(new Set(all).size).toBe(10);
  });

  it.each([false, true])("a software tag's taps check out (TagTamper %s)", (tamper) => {
    const { url } = sunTemplate(TAG_URL, tamper);
    for (const counter of [0, 1, 61, 0xffffff]) {
      const tap = tapOf(simulateTap(aes, master, uid, url, counter, random, "CC"));
      if (typeof tap === "string") throw new Error(tap);
      expect(checkTap(aes, master, uid, tap)).toEqual({ ok: true, counter, ...(tamper ? { seal: "closed" } : {}) });
    }
  });

  it("reads the seal of a TagTamper tag", () => {
    const { url } = sunTemplate(TAG_URL, true);
    for (const [status, seal] of [
      ["OO", "opened"],
      ["OC", "opened"],
      ["II", "unknown"],
    ] as const) {
      const tap = tapOf(simulateTap(aes, master, uid, url, 5, random, status));
      if (typeof tap === "string") throw new Error(tap);
      expect(checkTap(aes, master, uid, tap)).toEqual({ ok: true, counter: 5, seal });
    }
  });

  it("refuses a tap for another UID, under another key, or with any bit changed", () => {
    const { url } = sunTemplate(TAG_URL, true);
    const tapUrl = simulateTap(aes, master, uid, url, 7, random);
    const tap = tapOf(tapUrl);
    if (typeof tap === "string") throw new Error(tap);
    expect(checkTap(aes, master, fromHex("04de5f1eacc041") as Uint8Array, tap)).toEqual({ ok: false });
    expect(checkTap(aes, random(16), uid, tap)).toEqual({ ok: false });
    for (const field of ["encPiccData", "encFileData", "mac"] as const) {
      for (let bit = 0; bit < 8 * (tap[field]?.length ?? 0); bit += 13) {
        const bytes = Uint8Array.from(tap[field] as Uint8Array);
        bytes[bit >> 3] = (bytes[bit >> 3] as number) ^ (1 << (bit & 7));
        const changed = { ...tap, [field]: bytes };
        if (field === "encFileData") {
          // The MAC covers the file data as mirrored: the input changes with it.
          const again = tapOf(
            tapUrl.replace(toHex(tap.encFileData as Uint8Array).toUpperCase(), toHex(bytes).toUpperCase()),
          );
          expect(typeof again !== "string" && checkTap(aes, master, uid, again)).toEqual({ ok: false });
        } else expect(checkTap(aes, master, uid, changed)).toEqual({ ok: false });
      }
    }
  });
});

describe("the SUN template", () => {
  it.each([false, true])("puts each mirror where the SDM offsets say (TagTamper %s)", (tamper) => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9]{1,20}$/),
        fc.integer({ min: 0, max: 0xffffff }),
        (serial, counter) => {
          const tagUrl = TAG_URL.replace("ABC123", serial);
          const { url, settings } = sunTemplate(tagUrl, tamper);
          const file = fromHex(settings.ndefFile) as Uint8Array;
          expect(file.length).toBeLessThanOrEqual(256);
          // Write a tap into the file at the offsets, as the tag does, and read the URL back.
          const tapped = new URL(simulateTap(nodeAes, master, uid, url, counter, random));
          const put = (offset: number, text: string) => file.set(new TextEncoder().encode(text), offset);
          put(settings.piccDataOffset, tapped.searchParams.get("e") as string);
          put(settings.sdmMacOffset, tapped.searchParams.get("m") as string);
          if (tamper) put(settings.sdmEncOffset as number, tapped.searchParams.get("f") as string);
          const nlen = ((file[0] as number) << 8) | (file[1] as number);
          const short = file[2] === 0xd1;
          const text = new TextDecoder().decode(file.subarray(short ? 7 : 10, 2 + nlen));
          expect(`https://${text}`).toBe(tapped.toString());
          expect(settings.sdmMacInputOffset).toBe(tamper ? settings.sdmEncOffset : settings.sdmMacOffset);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("refuses a URL too long for the tag's NDEF file, naming the size", () => {
    expect(() => sunTemplate(TAG_URL.replace("tags.example.com", "t".repeat(120)), true)).toThrow(/needs \d+ bytes/);
  });

  it("tells a link with no tap data from one with broken tap data", () => {
    expect(tapOf(TAG_URL)).toBe("absent");
    expect(tapOf(`${TAG_URL}&e=00&m=00`)).toBe("malformed");
    expect(tapOf(`${TAG_URL}&e=${"0".repeat(32)}`)).toBe("malformed");
    expect(tapOf(`${TAG_URL}&e=${"z".repeat(32)}&m=${"0".repeat(16)}`)).toBe("malformed");
  });
});

describe("commitments", () => {
  it("binds a UID to one tag and one batch", () => {
    const sha256 = nodeCrypto.sha256;
    const batch = batchIdOf(batchKeyCommitment(sha256, master));
    const tag = { gtin: "09506000134352", serial: "ABC123" };
    const b = bindUid(sha256, tag, batch, uid, random);
    expect(opensUidBinding(sha256, tag, b, uid)).toBe(true);
    expect(opensUidBinding(sha256, { ...tag, serial: "ABC124" }, b, uid)).toBe(false);
    expect(opensUidBinding(sha256, tag, { ...b, batch: "x".repeat(16) }, uid)).toBe(false);
    expect(opensUidBinding(sha256, tag, b, fromHex("04de5f1eacc041") as Uint8Array)).toBe(false);
  });

  it("reads a seal status", () => {
    expect([sealState("CC"), sealState("OC"), sealState("CO"), sealState("II")]).toEqual([
      "closed",
      "opened",
      "opened",
      "unknown",
    ]);
  });
});
