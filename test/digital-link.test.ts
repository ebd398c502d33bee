// GS1 Digital Link paths for a serialised GTIN (core/digital-link.ts): which paths are tag paths,
// as a table with a label per case, and a property test that building and parsing round-trip.
// The verdicts on these paths (authentic, lot-mismatch, unreadable) are in test/lifecycle.test.ts
// on both runtimes; here, over a real Node server, that a mismatching lot is not counted as a scan.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTagPath, tagPath } from "../src/core/digital-link.js";
import { isValidSerial } from "../src/core/gs1.js";
import { parseTagUrl, tagUrl } from "../src/core/tag.js";
import { actor, Client } from "./support/actors.js";
import { spawnNodeServer } from "./support/node-process.js";
import { tempDir } from "./support/temp.js";

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
    ["the other path of AI 01 (upui-path)", `/01/${G}/235/TPX1`, undefined],
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

describe("a lot in the path over HTTP", () => {
  const [maker, dist, shop] = [actor("acme"), actor("distco"), actor("shop")];
  let client: Client;
  let close: () => Promise<void> = async () => {};
  afterAll(async () => close());
  beforeAll(async () => {
    const server = await spawnNodeServer(tempDir(), { TAGTRAIL_ACCESS_LOG: "off", TAGTRAIL_CLONE_SCANS: "3" });
    close = server.close;
    client = new Client(server.base, server.adminToken);
    for (const [a, role] of [
      [maker, "manufacturer"],
      [dist, "distributor"],
      [shop, "retailer"],
    ] as const)
      expect((await client.register(a, [role])).status).toBe(201);
  });

  it("does not count a scan whose lot is not the signed one", async () => {
    const [tag] = client.mint(maker, 1, undefined, "L1");
    if (!tag) throw new Error("mint");
    const c0 = (await client.commission([tag])).body.results[0].leafHash as string;
    await client.walk(tag, c0, [
      [maker, "ship", { to: "distco" }],
      [dist, "receive"],
      [dist, "ship", { to: "shop" }],
      [shop, "receive"],
      [shop, "sell"],
    ]);
    const at = async (lot: string) => {
      const url = new URL(tagUrl(client.base, tag.tag.gtin, tag.tag.serial, tag.signature, lot));
      const v = await client.call("GET", url.pathname + url.search, undefined, { accept: "application/json" });
      return [v.body.verdict, v.body.reasons.map((r: { code: string }) => r.code)];
    };
    // More mismatching scans than the threshold (3 since the sale) would need to add a note...
    for (let i = 0; i < 5; i++) expect(await at("L2")).toEqual(["counterfeit", ["lot-mismatch"]]);
    // ...yet the signed lot's scans are the only ones counted: the note comes on the 4th.
    for (let i = 0; i < 3; i++) expect(await at("L1")).toEqual(["authentic", ["sold"]]);
    expect(await at("L1")).toEqual(["authentic", ["sold", "often-checked"]]);
  });
});
