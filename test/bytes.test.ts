// Base64 and base64url against Node's Buffer for every length and random contents, plus the
// strictness rules: exactly one accepted encoding per byte string.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromBase64, fromBase64Url, fromHex, toBase64, toBase64Url, toHex } from "../src/core/bytes.js";

describe("base64 encodings", () => {
  it("match Node's Buffer and round-trip", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const b = Buffer.from(bytes);
        expect(toBase64(bytes)).toBe(b.toString("base64"));
        expect(toBase64Url(bytes)).toBe(b.toString("base64url"));
        expect(toHex(fromBase64(toBase64(bytes)) as Uint8Array)).toBe(toHex(bytes));
        expect(toHex(fromBase64Url(toBase64Url(bytes)) as Uint8Array)).toBe(toHex(bytes));
        expect(toHex(fromHex(toHex(bytes)) as Uint8Array)).toBe(toHex(bytes));
      }),
      { numRuns: 500 },
    );
  });

  it("refuse non-canonical and malformed text", () => {
    for (const bad of [
      "A",
      "AA",
      "AAA",
      "AB==",
      "AAB=",
      "A===",
      "====",
      "AA=A",
      "AA==AA==",
      " AA=",
      "AA\n=",
      "A-==",
      "A_==",
      "é",
    ]) {
      expect(fromBase64(bad), bad).toBeUndefined();
    }
    for (const bad of ["A", "AB", "AAB", "AA==", "A+", "A/", "=", "AAAAA"])
      expect(fromBase64Url(bad), bad).toBeUndefined();
    expect(fromBase64("")).toEqual(new Uint8Array(0));
    expect(fromBase64Url("AA")).toEqual(new Uint8Array([0]));
    expect(fromBase64("AAA=")).toEqual(new Uint8Array([0, 0]));
  });
});
