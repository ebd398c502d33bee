// GS1 Digital Link paths for a serialised GTIN (core/digital-link.ts): which paths are tag paths,
// as a table with a label per case, and a property test that building and parsing round-trip.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseTagPath, tagPath } from "../src/core/digital-link.js";
import { isValidSerial } from "../src/core/gs1.js";
import { parseTagUrl, tagUrl } from "../src/core/tag.js";

const G = "09506000134352";

describe("GS1 Digital Link tag paths", () => {
  it.each([
    ["serial only", `/01/${G}/21/ABC123`, { gtin: G, serial: "ABC123" }],
    ["lot and serial", `/01/${G}/10/L1/21/ABC123`, { gtin: G, lot: "L1", serial: "ABC123" }],
    ["variant and serial", `/01/${G}/22/V2/21/S`, { gtin: G, cpv: "V2", serial: "S" }],
    ["variant, lot and serial", `/01/${G}/22/V2/10/L1/21/S`, { gtin: G, cpv: "V2", lot: "L1", serial: "S" }],
    ["percent-encoded values", `/01/${G}/10/A%2FB/21/x%25y`, { gtin: G, lot: "A/B", serial: "x%y" }],
    ["no serial", `/01/${G}/10/L1`, undefined],
    ["GTIN only", `/01/${G}`, undefined],
    ["lot after serial", `/01/${G}/21/S/10/L1`, undefined],
    ["lot before variant", `/01/${G}/10/L1/22/V2/21/S`, undefined],
    ["repeated qualifier", `/01/${G}/10/L1/10/L2/21/S`, undefined],
    ["unknown qualifier", `/01/${G}/17/261231/21/S`, undefined],
    ["short names", `/gtin/${G}/ser/S`, undefined],
    ["wrong check digit", "/01/09506000134353/21/S", undefined],
    ["GTIN-13 not padded", "/01/9506000134352/21/S", undefined],
    ["serial too long", `/01/${G}/21/${"A".repeat(21)}`, undefined],
    ["lot outside CSET 82", `/01/${G}/10/L%20 1/21/S`, undefined],
    ["bad percent-encoding", `/01/${G}/21/%E0%A4%A`, undefined],
    ["trailing slash", `/01/${G}/21/S/`, undefined],
    ["empty serial", `/01/${G}/21/`, undefined],
    ["a prefix before /01", `/x/01/${G}/21/S`, undefined],
    ["a dot-segment serial (no URL can carry it)", `/01/${G}/21/..`, undefined],
    ["a dot-segment lot", `/01/${G}/10/./21/S`, undefined],
  ] as const)("%s", (_label, path, expected) => {
    expect(parseTagPath(path)).toEqual(expected);
  });

  it("round-trips every tag it builds, with or without a lot", () => {
    // Every valid value: CSET 82, 1 to 20 characters, not a dot segment.
    const cset82 = fc.stringMatching(/^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$/).filter(isValidSerial);
    fc.assert(
      fc.property(cset82, fc.option(cset82, { nil: undefined }), (serial, lot) => {
        const t = { gtin: G, serial, ...(lot === undefined ? {} : { lot }) };
        expect(parseTagPath(tagPath(t))).toEqual(t);
        const sig = new Uint8Array(64).fill(7);
        expect(parseTagUrl(tagUrl("https://v.example/", G, serial, sig, lot))).toEqual({ ...t, signature: sig });
      }),
    );
  });

  it("never throws on junk", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        parseTagPath(s);
        parseTagUrl(`https://v.example${s}`);
      }),
    );
  });
});
