// End to end over real HTTP: parties, commissioning, a full custody chain, every refusal (and
// that it wrote nothing), idempotent resubmission, rotation and revocation, each verdict and
// reason, and an offline re-check of the verify proofs. The same suite runs against the service
// as `npm start` runs it (its own Node process on a real SQLite file) and against the Workers
// build under `wrangler dev` (local D1 and the Sequencer Durable Object in workerd).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bytesEqual, fromBase64, toBase64Url } from "../src/core/bytes.js";
import { parseCheckpoint } from "../src/core/checkpoint.js";
import { entryBytes, eventSigningBytes, parseEntryBytes } from "../src/core/event.js";
import { openNote, parseVerifierKey } from "../src/core/note.js";
import { tagSigningBytes } from "../src/core/tag.js";
import { hashLeaf, nobleCrypto, recheckVerifyAnswer, verifyInclusion } from "../src/index.js";
import { type Actor, actor, Client, GTIN } from "./support/actors.js";
import { bothRuntimes, type Target } from "./support/targets.js";

let client: Client;
const maker = actor("acme");
const dist = actor("distco");
const shop = actor("shop");
const other = actor("othershop");

/** Walks a tag through a list of [actor, type, extra] steps, returning the chain head. */
async function walk(
  tag: ReturnType<Client["mint"]>[number],
  head: string,
  steps: [Actor, Parameters<Client["signed"]>[1], Record<string, string>?][],
) {
  for (const [a, type, extra] of steps) {
    const res = await client.events([client.signed(a, type, tag, head, extra ?? {})]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    head = res.body.results[0].leafHash;
  }
  return head;
}

const targets = bothRuntimes("e2e.example/log", { TAGTRAIL_CLONE_SCANS: "3", TAGTRAIL_CLONE_DAYS: "7" });

describe.each(targets)("tagtrail end to end on %s", (_name, start) => {
  let server: Target | undefined;
  afterAll(async () => server?.close());
  beforeAll(async () => {
    server = await start();
    client = new Client(server.base, server.adminToken);
    for (const [a, roles] of [
      [maker, ["manufacturer"]],
      [dist, ["distributor"]],
      [shop, ["retailer"]],
      [other, ["retailer"]],
    ] as const) {
      const res = await client.register(a, [...roles], a === other ? { showName: false } : {});
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
  });

  it("keeps party registration to the operator", async () => {
    const intruder = actor("intruder");
    const body = { id: "x", name: "X", roles: ["retailer"], country: "DE", publicKey: "AAAA" };
    expect((await client.call("POST", "/v1/parties", body)).status).toBe(401);
    expect(
      (await client.call("POST", "/v1/parties", body, { authorization: "Bearer wrong-token-wrong-token" })).status,
    ).toBe(401);
    expect((await client.register(maker, ["manufacturer"])).body.code).toBe("party-exists");
    expect((await client.register(intruder, ["manufacturer"], { companyPrefixes: [] })).status).toBe(400);
  });

  it("commissions minted tags idempotently and refuses bad ones without writing", async () => {
    const tags = client.mint(maker, 5, GTIN, "L42");
    const first = await client.commission(tags);
    expect(first.status).toBe(200);
    expect(first.body.results.map((r: { status: string }) => r.status)).toEqual(Array(5).fill("created"));
    const size = await client.logSize();
    const again = await client.commission(tags);
    expect(again.body.results).toEqual(first.body.results.map((r: object) => ({ ...r, status: "existing" })));
    expect(await client.logSize()).toBe(size);

    const bad = client.mint(maker, 2);
    const forged = { ...bad[1], signature: bad[0]?.signature } as (typeof bad)[number];
    const r1 = await client.commission([bad[0] as (typeof bad)[number], forged]);
    expect([r1.status, r1.body.code]).toEqual([401, "bad-signature"]);
    expect(r1.body.refusals).toEqual([expect.objectContaining({ index: 1, code: "bad-signature" })]);
    const foreignGtin = client.mint(maker, 1, "04012345000009");
    expect((await client.commission(foreignGtin)).body.code).toBe("gtin-not-makers");
    const byRetailer = client.mint(shop, 1);
    expect((await client.commission(byRetailer)).status).toBe(403);
    expect(await client.logSize()).toBe(size);
    expect(
      (await client.verify(bad[0] as (typeof bad)[number])).body.reasons.map((r: { code: string }) => r.code),
    ).toEqual(["not-commissioned"]);
  });

  it("walks a tag maker → distributor → retailer and answers each verdict", async () => {
    const [tag] = client.mint(maker, 1, GTIN, "LOT7");
    if (!tag) throw new Error("mint");
    const commissioned = (await client.commission([tag])).body.results[0].leafHash as string;
    let v = await client.verify(tag);
    // With its maker, in transit, at a distributor: genuine, but not in a shop yet.
    expect([v.body.verdict, v.body.reasons.map((r: { code: string }) => r.code)]).toEqual(["caution", ["not-in-shop"]]);
    {
      // Stage by stage on a second tag (scans before the sale count toward its copied-code signal).
      const [shelf] = client.mint(maker, 1, GTIN, "LOT7");
      if (!shelf) throw new Error("mint");
      const stage = async () => {
        const { body } = await client.verify(shelf);
        return [body.verdict, body.reasons.map((r: { code: string }) => r.code)];
      };
      let h = (await client.commission([shelf])).body.results[0].leafHash as string;
      h = await walk(shelf, h, [[maker, "ship", { to: "distco", country: "DE" }]]);
      expect(await stage()).toEqual(["caution", ["in-transit"]]);
      h = await walk(shelf, h, [[dist, "receive", { country: "NL" }]]);
      expect(await stage()).toEqual(["caution", ["not-in-shop"]]);
      await walk(shelf, h, [
        [dist, "ship", { to: "shop", country: "NL" }],
        [shop, "receive", { country: "FR" }],
      ]);
      // On the shop's shelf, before anyone pays: authentic, saying which shop.
      expect((await client.verify(shelf)).body).toMatchObject({
        verdict: "authentic",
        reasons: [
          {
            code: "at-retailer",
            message: "This genuine product was delivered to Shop Ltd, Germany, where it is on sale.",
            at: { name: "Shop Ltd", role: "retailer", country: "DE" },
          },
        ],
      });
    }
    const head = await walk(tag, commissioned, [
      [maker, "ship", { to: "distco", country: "DE" }],
      [dist, "receive", { country: "NL" }],
      [dist, "ship", { to: "shop", country: "NL" }],
      [shop, "receive", { country: "FR" }],
      [shop, "sell", { country: "FR" }],
    ]);
    v = await client.verify(tag);
    expect(v.status).toBe(200);
    expect(v.body.verdict).toBe("authentic");
    expect(v.body.product).toMatchObject({
      gtin: GTIN,
      serial: tag.tag.serial,
      lot: "LOT7",
      manufacturer: { name: "Acme Ltd", role: "manufacturer", country: "DE" },
    });
    expect(v.body.journey.map((s: { type: string }) => s.type)).toEqual([
      "commission",
      "ship",
      "receive",
      "ship",
      "receive",
      "sell",
    ]);
    expect(v.body.journey.map((s: { disposition: string }) => s.disposition)).toEqual([
      "active",
      "in_transit",
      "active",
      "in_transit",
      "active",
      "retail_sold",
    ]);
    expect(v.body.journey[5].date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(v.body.status).toEqual({ custody: "sold", recalled: false, stolen: false, claimed: false });

    // Offline re-check: chain hashes and links, every signature, and the head's inclusion proof.
    const p = v.body.proofs;
    const vkey = parseVerifierKey(nobleCrypto.sha256, p.logKey);
    const cp = parseCheckpoint(openNote(nobleCrypto, p.checkpoint, [vkey]).text);
    let prev: string | undefined;
    for (const [i, e] of p.entries.entries()) {
      const leaf = fromBase64(e.leaf) as Uint8Array;
      const entry = parseEntryBytes(leaf);
      const key = (k: string) => fromBase64(p.keys[k]) as Uint8Array;
      if (i === 0) {
        if (entry?.kind !== "commission") throw new Error("first entry must commission");
        expect(
          nobleCrypto.ed25519.verify(
            fromBase64(Buffer.from(entry.signature, "base64url").toString("base64")) as Uint8Array,
            tagSigningBytes(entry.tag),
            key(entry.tag.maker),
          ),
        ).toBe(true);
      } else {
        if (entry?.kind !== "event") throw new Error("later entries are events");
        expect(entry.event.prev).toBe(prev);
        expect(
          nobleCrypto.ed25519.verify(
            new Uint8Array(Buffer.from(entry.signature, "base64url")),
            eventSigningBytes(entry.event),
            key(entry.event.actor),
          ),
        ).toBe(true);
      }
      prev = toBase64Url(hashLeaf(leaf));
    }
    expect(prev).toBe(head);
    // The exported re-check agrees, and catches a forged entry or a key it was not given.
    expect(recheckVerifyAnswer(v.body, p.logKey)).toEqual([]);
    const forged = structuredClone(v.body);
    forged.proofs.entries[2].leaf = Buffer.from(
      `${Buffer.from(forged.proofs.entries[2].leaf, "base64").toString()} `,
    ).toString("base64");
    expect(recheckVerifyAnswer(forged, p.logKey).length).toBeGreaterThan(0);
    const otherLog = "other.example/log+00000000+AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    expect(recheckVerifyAnswer(v.body, otherLog)[0]).toMatch(/checkpoint/);
    const last = p.entries[p.entries.length - 1];
    expect(
      verifyInclusion(
        hashLeaf(fromBase64(last.leaf) as Uint8Array),
        last.leafIndex,
        cp.size,
        p.inclusionProof.map((h: string) => fromBase64(h)),
        cp.root,
      ),
    ).toBe(true);

    // Sold: authentic, saying when and where, so a shopper offered it as new can tell. More scans
    // since the sale than the threshold (3 in this server) add a note, never a warning: anyone with
    // a photo of the code can scan it (scan-bombing).
    expect(v.body.reasons).toEqual([
      expect.objectContaining({ code: "sold", at: { name: "Shop Ltd", role: "retailer", country: "DE" } }),
    ]);
    for (let i = 0; i < 3; i++) await client.verify(tag);
    v = await client.verify(tag);
    expect(v.body.verdict).toBe("authentic");
    expect(v.body.reasons.map((r: { code: string }) => r.code)).toEqual(["sold", "often-checked"]);
  });

  it("refuses wrong prev, wrong actor, unknown tag, bad signature and malformed events, writing nothing", async () => {
    const [tag, never] = client.mint(maker, 2);
    if (!tag || !never) throw new Error("mint");
    const c0 = (await client.commission([tag])).body.results[0].leafHash as string;
    const head = await walk(tag, c0, [[maker, "ship", { to: "distco" }]]);
    const size = await client.logSize();

    const stale = await client.events([client.signed(dist, "receive", tag, c0)]);
    expect([stale.status, stale.body.code, stale.body.head, stale.body.length]).toEqual([409, "wrong-prev", head, 2]);
    const notReceiver = await client.events([client.signed(shop, "receive", tag, head)]);
    expect([notReceiver.status, notReceiver.body.code]).toEqual([403, "not-receiver"]);
    const notCustodian = await client.events([client.signed(dist, "ship", tag, head, { to: "shop" })]);
    expect([notCustodian.status, notCustodian.body.code]).toEqual([403, "not-custodian"]);
    const notMaker = await client.events([client.signed(dist, "recall", tag, head)]);
    expect([notMaker.status, notMaker.body.code]).toEqual([403, "not-maker"]);
    const unknown = await client.events([client.signed(dist, "receive", never, head)]);
    expect([unknown.status, unknown.body.code]).toEqual([404, "unknown-tag"]);
    const item = client.signed(dist, "receive", tag, head);
    const badSig = await client.events([{ ...item, signature: client.signed(dist, "receive", tag, c0).signature }]);
    expect([badSig.status, badSig.body.code]).toEqual([401, "bad-signature"]);
    const unknownKey = await client.events([client.signed(actor("ghost"), "receive", tag, head)]);
    expect([unknownKey.status, unknownKey.body.code]).toEqual([401, "unknown-key"]);
    for (const malformed of [
      "{",
      {},
      { events: [] },
      { events: [{ ...item, extra: 1 }] },
      { events: [{ ...item, event: { ...item.event, type: "teleport" } }] },
      { events: [{ ...item, event: { ...item.event, gtin: "09506000134353" } }] },
      { events: [{ ...item, event: { ...item.event, time: "yesterday" } }] },
      { events: [{ ...item, event: { ...item.event, to: "shop" } }] },
      { events: [{ ...item, signature: "AAAA" }] },
    ]) {
      const res = await client.call("POST", "/v1/events", malformed);
      expect([res.status, res.headers.get("content-type")], JSON.stringify(malformed)).toEqual([
        400,
        "application/problem+json",
      ]);
    }
    // Batches beyond 10,000 items and bodies beyond 8 MiB are refused whole.
    const tooMany = await client.call("POST", "/v1/events", { events: Array(10_001).fill(item) });
    expect([tooMany.status, tooMany.body.code]).toEqual([413, "batch-too-large"]);
    const tooBig = await client.call("POST", "/v1/tags", `{"tags":["${"x".repeat(9 * 1024 * 1024)}"]}`);
    expect([tooBig.status, tooBig.body.code]).toEqual([413, "body-too-large"]);
    // A batch with one bad event writes none of it: the second event follows the first, but the
    // retailer is not the custodian.
    const itemHash = toBase64Url(hashLeaf(entryBytes({ kind: "event", event: item.event, signature: item.signature })));
    const mixed = await client.events([item, client.signed(shop, "sell", tag, itemHash)]);
    expect(mixed.body.refusals).toEqual([expect.objectContaining({ index: 1, code: "not-custodian" })]);
    expect(mixed.status).toBe(403);
    expect(await client.logSize()).toBe(size);

    const ok = await client.events([item]);
    expect(ok.status).toBe(200);
    const again = await client.events([item]);
    expect(again.body.results).toEqual(ok.body.results.map((r: object) => ({ ...r, status: "existing" })));
    expect(await client.logSize()).toBe(size + 1);
  });

  it("warns of recalled, stolen and destroyed tags and flags counterfeits", async () => {
    const [recalled, stolen, destroyed, plain] = client.mint(maker, 4);
    if (!recalled || !stolen || !destroyed || !plain) throw new Error("mint");
    const results = (await client.commission([recalled, stolen, destroyed, plain])).body.results;
    await walk(recalled, results[0].leafHash, [[maker, "recall"]]);
    await walk(stolen, results[1].leafHash, [
      [maker, "ship", { to: "distco" }],
      [dist, "report-stolen"],
    ]);
    await walk(destroyed, results[2].leafHash, [[maker, "destroy"]]);
    const codes = async (t: typeof plain, token?: string | null) =>
      (await client.verify(t, token)).body.reasons.map((r: { code: string }) => r.code);
    expect(await codes(recalled)).toEqual(["recalled", "not-in-shop"]);
    expect(await codes(stolen)).toEqual(["reported-stolen", "in-transit"]);
    expect(await codes(destroyed)).toEqual(["destroyed"]);
    expect((await client.verify(plain, null)).body).toMatchObject({
      verdict: "counterfeit",
      reasons: [{ code: "signature-missing" }],
    });
    expect((await client.verify(plain, toBase64Url(recalled.signature))).body.verdict).toBe("counterfeit");
    expect(await codes(plain, "not-base64!")).toEqual(["signature-invalid"]);
  });

  it("words the JSON answer's messages in the reader's language, keeping the codes", async () => {
    const [tag] = client.mint(maker, 1, GTIN);
    if (!tag) throw new Error("mint");
    await client.commission([tag]);
    const path = `/01/${tag.tag.gtin}/21/${tag.tag.serial}?s=${toBase64Url(tag.signature)}`;
    const de = (await client.call("GET", `${path}&lang=de`, undefined, { accept: "application/json" })).body;
    expect([de.lang, de.verdict, de.reasons[0].code]).toEqual(["de", "caution", "not-in-shop"]);
    expect(de.reasons[0].message).toMatch(/noch nicht im Handel/);
    const ja = await client.call("GET", path, undefined, {
      accept: "application/json",
      "accept-language": "ja-JP,ja;q=0.9",
    });
    expect([ja.body.lang, ja.headers.get("vary")]).toEqual(["ja", "accept, accept-language"]);
    expect(ja.body.reasons[0].message).toMatch(/店舗/);
    const en = (await client.call("GET", path, undefined, { accept: "application/json" })).body;
    expect(en.lang).toBe("en");
  });

  it("answers the GS1 Digital Link paths with a lot (and a variant), trusting only the signed lot", async () => {
    const [withLot, without] = [client.mint(maker, 1, GTIN, "LOT-7")[0], client.mint(maker, 1, GTIN)[0]];
    if (!withLot || !without) throw new Error("mint");
    expect((await client.commission([withLot, without])).status).toBe(200);
    const at = async (path: string, accept = "application/json") => client.call("GET", path, undefined, { accept });
    const s = (t: typeof withLot) => `?s=${toBase64Url(t.signature)}`;
    const { gtin, serial } = withLot.tag;
    const plain = (await at(`/01/${gtin}/21/${serial}${s(withLot)}`)).body;
    for (const path of [
      `/01/${gtin}/10/LOT-7/21/${serial}`,
      `/01/${gtin}/22/BLUE/10/LOT-7/21/${serial}`,
      `/01/${gtin}/22/BLUE/21/${serial}`,
    ]) {
      const v = await at(path + s(withLot));
      expect([v.status, v.body.verdict, v.body.reasons], path).toEqual([200, plain.verdict, plain.reasons]);
    }
    const wrongLot = await at(`/01/${gtin}/10/LOT-8/21/${serial}${s(withLot)}`);
    expect([wrongLot.body.verdict, wrongLot.body.reasons.map((r: { code: string }) => r.code)]).toEqual([
      "counterfeit",
      ["lot-mismatch"],
    ]);
    expect(wrongLot.body.proofs).toBeUndefined();
    const noLot = await at(`/01/${without.tag.gtin}/10/LOT-7/21/${without.tag.serial}${s(without)}`);
    expect(noLot.body.reasons.map((r: { code: string }) => r.code)).toEqual(["lot-mismatch"]);
    // A malformed lot: a problem for a program, the unreadable-code page for a person.
    const bad = await at(`/01/${gtin}/10/LOT%207/21/${serial}${s(withLot)}`);
    expect([bad.status, bad.headers.get("content-type")]).toEqual([400, "application/problem+json"]);
    const page = await at(`/01/${gtin}/10/LOT%207/21/${serial}${s(withLot)}`, "text/html");
    expect([page.status, page.body]).toEqual([400, expect.stringContaining("This code cannot be read")]);
  });

  it("rotates and revokes keys: old statements stay valid, new ones under the old key are refused", async () => {
    const [tag] = client.mint(maker, 1);
    if (!tag) throw new Error("mint");
    const c0 = (await client.commission([tag])).body.results[0].leafHash as string;
    const head = await walk(tag, c0, [[maker, "ship", { to: "shop" }]]);

    // Rotation: the retailer adds a new key and retires the old one.
    const { old } = { old: { ...shop } };
    const fresh = actor("shop");
    expect(
      (
        await client.admin("POST", "/v1/parties/shop/keys", {
          publicKey: Buffer.from(fresh.publicKey).toString("base64"),
        })
      ).status,
    ).toBe(201);
    expect((await client.admin("POST", `/v1/parties/shop/keys/${old.keyId}/retire`)).status).toBe(200);
    const refused = await client.events([client.signed(old, "receive", tag, head)]);
    expect([refused.status, refused.body.code]).toEqual([401, "key-retired"]);
    const h2 = await walk(tag, head, [
      [fresh, "receive"],
      [fresh, "sell"],
    ]);
    expect((await client.verify(tag)).body.verdict).toBe("authentic");
    expect(h2).toBeTruthy();

    // Revocation with a compromise time in the past: entries logged since are flagged.
    const before = new Date(Date.now() - 60_000).toISOString().slice(0, 19) + "Z";
    expect(
      (await client.admin("POST", `/v1/parties/shop/keys/${fresh.keyId}/revoke`, { compromisedAt: before })).status,
    ).toBe(200);
    const v = await client.verify(tag);
    expect(v.body.verdict).toBe("warning");
    expect(v.body.reasons.map((r: { code: string }) => r.code)).toContain("event-key-compromised");
    const party = await client.admin("GET", "/v1/parties/shop");
    expect(party.body.keys).toEqual([
      expect.objectContaining({ keyId: old.keyId, retiredAt: expect.any(String) }),
      expect.objectContaining({ keyId: fresh.keyId, compromisedAt: expect.any(String) }),
    ]);

    // A maker key revoked from before commissioning turns its tags counterfeit.
    const [doomed] = client.mint(maker, 1);
    if (!doomed) throw new Error("mint");
    await client.commission([doomed]);
    expect(
      (
        await client.admin("POST", `/v1/parties/acme/keys/${maker.keyId}/revoke`, {
          compromisedAt: "2020-01-01T00:00:00Z",
        })
      ).status,
    ).toBe(200);
    expect((await client.verify(doomed)).body.reasons.map((r: { code: string }) => r.code)).toEqual([
      "maker-key-revoked",
    ]);
    expect((await client.commission(client.mint(maker, 1))).body.code).toBe("key-revoked");
    expect(bytesEqual(new Uint8Array(1), new Uint8Array(1))).toBe(true);
  });
});
