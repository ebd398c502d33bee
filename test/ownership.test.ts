// Life after the sale and recalls, end to end over real HTTP, on the service as `npm start` runs it
// (Node, a real SQLite file) and on the Workers build under `wrangler dev` (D1 and the Sequencer):
// claims with the code from inside the packaging, a second claim refused, 16 concurrent claimers of
// one product of whom exactly one wins, transfers (by one-time code and to a device key), release
// and return, repair, recalls by lot, serials and GTIN and their lifting, scan-bombing, and that
// the whole log still replays under every rule with every proof re-checkable.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromBase64, toBase64Url } from "../src/core/bytes.js";
import { claimCommitment, formatClaimCode, normalizeClaimCode, randomClaimCode } from "../src/core/claim.js";
import { nobleCrypto } from "../src/core/crypto.js";
import { LogReplay } from "../src/core/replay.js";
import type { SignedTag } from "../src/core/tag.js";
import { recheckVerifyAnswer } from "../src/index.js";
import { type Actor, actor, Client, gtinOf, holderDevice } from "./support/actors.js";
import { epcisValidator } from "./support/epcis-schema.js";
import { bothRuntimes, type Target } from "./support/targets.js";

const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));
const codes = (body: { reasons: { code: string }[] }) => body.reasons.map((r) => r.code);

const targets = bothRuntimes("owners.example/log", { TAGTRAIL_CLONE_SCANS: "3" });

describe.each(targets)("ownership and recalls on %s", (_name, start) => {
  let server: Target | undefined;
  let client: Client;
  const maker = actor("maker", "9506001");
  const rival = actor("rival", "9506002");
  const shop = actor("shop");
  const fixer = actor("fixer");
  const GTIN = gtinOf(maker.prefix);

  afterAll(async () => server?.close());
  beforeAll(async () => {
    server = await start();
    client = new Client(server.base, server.adminToken);
    for (const [a, roles] of [
      [maker, ["manufacturer"]],
      [rival, ["manufacturer"]],
      [shop, ["retailer"]],
      [fixer, ["repairer"]],
    ] as const) {
      const res = await client.register(a, [...roles]);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
  });

  const walk = (tag: SignedTag, head: string, steps: Parameters<Client["walk"]>[2]) => client.walk(tag, head, steps);

  /** A claimable product on the shop's shelf, then sold; returns it with its claim code and head. */
  async function sold(lot?: string) {
    const [tag] = client.mint(maker, 1, GTIN, lot, true);
    if (!tag?.claimCode) throw new Error("mint");
    const head = (await client.commission([tag])).body.results[0].leafHash as string;
    return {
      tag,
      code: tag.claimCode,
      head: await walk(tag, head, [
        [maker, "ship", { to: "shop" }],
        [shop, "receive"],
        [shop, "sell"],
      ]),
    };
  }

  const head = async (tag: SignedTag) => (await client.holderStatus(tag)).body.head as string;

  it("claims a bought product once, and says so to anyone who scans it", async () => {
    const { tag, code, head: h } = await sold();
    expect((await client.holderStatus(tag)).body).toMatchObject({ claimable: true, custody: "sold" });
    const before = await client.verify(tag);
    expect([before.body.verdict, codes(before.body)]).toEqual(["authentic", ["sold"]]);

    // A typed code, as printed, normalises to the code.
    expect(normalizeClaimCode(formatClaimCode(code).toLowerCase())).toBe(code);
    const wrong = await client.holder(holderDevice(), "claim", tag, h, { code: randomClaimCode(random) });
    expect([wrong.status, wrong.body.code]).toEqual([403, "wrong-claim-code"]);

    const owner = holderDevice();
    const claim = await client.holder(owner, "claim", tag, h, { code });
    expect(claim.status, JSON.stringify(claim.body)).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    const v = await client.verify(tag);
    expect(v.body).toMatchObject({
      verdict: "authentic",
      reasons: [{ code: "claimed", day: today }],
      status: { claimed: true, custody: "sold" },
    });
    expect(v.body.reasons[0].message).toContain("If you are buying it sealed in a shop, it is a copy");
    expect(v.body.journey.at(-1)).toMatchObject({ type: "claim", date: today, party: { role: "owner", country: "" } });
    const logKey = (await client.call("GET", "/v1/log/key")).body as string;
    expect(recheckVerifyAnswer(v.body, logKey.trim())).toEqual([]);

    // Resubmitting the same claim is idempotent; anyone else's claim is refused.
    const again = await client.holder(owner, "claim", tag, h, { code });
    expect(again.body.status).toBe("existing");
    const second = await client.holder(holderDevice(), "claim", tag, await head(tag), { code });
    expect([second.status, second.body.code]).toEqual([409, "already-claimed"]);
    expect((await client.holderStatus(tag)).body).toMatchObject({ claimable: false, owner: owner.key, since: today });
  });

  it("keeps a claim for the buyer: none before the sale, no old code after a return, no destroying a sold product", async () => {
    const [tag] = client.mint(maker, 1, GTIN, undefined, true);
    if (!tag?.claimCode) throw new Error("mint");
    let h = await walk(tag, (await client.commission([tag])).body.results[0].leafHash, [
      [maker, "ship", { to: "shop" }],
      [shop, "receive"],
    ]);
    // A box opened on the shelf: its code cannot take the buyer's claim.
    const early = await client.holder(holderDevice(), "claim", tag, h, { code: tag.claimCode });
    expect([early.status, early.body.code]).toEqual([409, "not-sold"]);
    h = await walk(tag, h, [[shop, "sell"]]);
    const destroy = await client.events([client.signed(shop, "destroy", tag, h)]);
    expect([destroy.status, destroy.body.code]).toEqual([409, "chain-closed"]);
    // Returned unclaimed, with no fresh code: the old card no longer opens anything.
    h = await walk(tag, h, [
      [shop, "return"],
      [shop, "sell"],
    ]);
    const stale = await client.holder(holderDevice(), "claim", tag, h, { code: tag.claimCode });
    expect([stale.status, stale.body.code]).toEqual([409, "not-claimable"]);
  });

  it("lets exactly one of 16 concurrent claimers win", async () => {
    const { tag, code, head: h } = await sold();
    const devices = Array.from({ length: 16 }, holderDevice);
    const answers = await Promise.all(devices.map((d) => client.holder(d, "claim", tag, h, { code })));
    const won = answers.filter((a) => a.status === 200);
    expect(won).toHaveLength(1);
    for (const a of answers.filter((x) => x.status !== 200)) {
      expect(a.status, JSON.stringify(a.body)).toBe(409);
      expect(["already-claimed", "wrong-prev"]).toContain(a.body.code);
    }
    const winner = devices[answers.indexOf(won[0] as (typeof answers)[number])];
    expect((await client.holderStatus(tag)).body.owner).toBe(winner?.key);
    const history = (await client.call("GET", `/v1/tags/${tag.tag.gtin}/${tag.tag.serial}/events`)).body;
    expect(history.entries.filter((e: { entry: { kind: string } }) => e.entry.kind === "holder")).toHaveLength(1);
  });

  it("passes a product on by one-time code and by device key, and takes it back after a release", async () => {
    const { tag, code, head: h } = await sold();
    const first = holderDevice();
    expect((await client.holder(first, "claim", tag, h, { code })).status).toBe(200);

    // Resale: the seller's device offers a one-time code; the buyer's device claims with it.
    const transferCode = randomClaimCode(random);
    const offer = claimCommitment(nobleCrypto.sha256, tag.tag, transferCode, random);
    const stranger = holderDevice();
    const notTheirs = await client.holder(stranger, "transfer", tag, await head(tag), { offer });
    expect([notTheirs.status, notTheirs.body.code]).toEqual([403, "not-holder"]);
    expect((await client.holder(first, "transfer", tag, await head(tag), { offer })).status).toBe(200);
    expect((await client.holderStatus(tag)).body).toMatchObject({ claimable: true });
    const second = holderDevice();
    const redeem = await client.holder(second, "claim", tag, await head(tag), { code: transferCode });
    expect(redeem.status, JSON.stringify(redeem.body)).toBe(200);
    const stale = await client.holder(first, "transfer", tag, await head(tag), { to: stranger.key });
    expect([stale.status, stale.body.code]).toEqual([403, "not-holder"]);

    // A gift, device to device.
    const third = holderDevice();
    expect((await client.holder(second, "transfer", tag, await head(tag), { to: third.key })).status).toBe(200);
    expect((await client.holderStatus(tag)).body.owner).toBe(third.key);

    // A return: refused while claimed, accepted after the holder's release, with a fresh claim code.
    const refused = await client.events([client.signed(shop, "return", tag, await head(tag))]);
    expect([refused.status, refused.body.code]).toEqual([409, "claimed"]);
    expect((await client.holder(third, "transfer", tag, await head(tag))).status).toBe(200);
    const nextCode = randomClaimCode(random);
    const claim = claimCommitment(nobleCrypto.sha256, tag.tag, nextCode, random);
    const notSeller = await client.events([client.signed(maker, "return", tag, await head(tag), { claim })]);
    expect([notSeller.status, notSeller.body.code]).toEqual([403, "not-custodian"]);
    let h2 = await walk(tag, await head(tag), [[shop, "return", { claim }]]);
    let v = await client.verify(tag);
    expect([v.body.verdict, codes(v.body), v.body.status.custody]).toEqual(["authentic", ["at-retailer"], "active"]);
    expect(v.body.journey.map((s: { type: string }) => s.type).slice(-7)).toEqual([
      "sell",
      "claim",
      "transfer",
      "claim",
      "transfer",
      "transfer",
      "return",
    ]);

    // Sold again, and the next buyer claims with the shop's fresh code.
    h2 = await walk(tag, h2, [[shop, "sell"]]);
    expect((await client.holder(holderDevice(), "claim", tag, h2, { code: nextCode })).status).toBe(200);
    v = await client.verify(tag);
    expect(codes(v.body)).toEqual(["claimed"]);

    const epcis = (await client.call("GET", `/v1/tags/${tag.tag.gtin}/${tag.tag.serial}/events?format=epcis`)).body;
    const validate = epcisValidator();
    expect(validate(epcis), JSON.stringify(validate.errors)).toBe(true);
    const events = epcis.epcisBody.eventList as { bizStep: string; disposition: string; destinationList?: unknown }[];
    expect(events.find((e) => e.disposition === "returned")?.bizStep).toBe("receiving");
    expect(events.filter((e) => e.bizStep === "accepting").length).toBe(6);
  });

  it("records repairs by the maker or a registered repairer only", async () => {
    const { tag, head: h } = await sold();
    const byShop = await client.events([client.signed(shop, "repair", tag, h)]);
    expect([byShop.status, byShop.body.code]).toEqual([403, "not-repairer"]);
    const h2 = await walk(tag, h, [
      [fixer, "repair"],
      [maker, "repair"],
    ]);
    expect(h2).not.toBe(h);
    const v = await client.verify(tag);
    expect(
      v.body.journey.slice(-2).map((s: { type: string; party: { role: string } }) => [s.type, s.party.role]),
    ).toEqual([
      ["repair", "repairer"],
      ["repair", "manufacturer"],
    ]);
  });

  it("recalls by lot, by serials and by GTIN with the maker's instructions, and lifts a recall", async () => {
    const inLot = [await sold("RC-1"), await sold("RC-1")];
    const otherLot = await sold("RC-2");
    const instructions = "Stop using it and return it to the shop for a refund.";
    const url = "https://maker.example/recall/rc-1";
    const size = await client.logSize();
    const r = await client.recall(maker, { action: "recall", gtin: GTIN, lot: "RC-1", instructions, url });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    // One entry for the whole lot: no per-item events.
    expect(await client.logSize()).toBe(size + 1);
    for (const { tag } of inLot) {
      const v = await client.verify(tag);
      expect(v.body).toMatchObject({
        verdict: "recalled",
        reasons: [{ code: "recalled", recall: { instructions, url } }],
        status: { recalled: true },
      });
    }
    expect((await client.verify(otherLot.tag)).body.verdict).toBe("authentic");
    const first = inLot[0]?.tag as SignedTag;
    const page = await client.call(
      "GET",
      `/01/${first.tag.gtin}/21/${first.tag.serial}?s=${toBase64Url(first.signature)}`,
      undefined,
      { accept: "text/html" },
    );
    expect(page.body).toContain("Recalled by its maker");
    expect(page.body).toContain(instructions);
    expect(page.body).toContain(`href="${url}"`);

    // Only the maker of the GTIN recalls it, and only the maker lifts its recall, once.
    const foreign = await client.recall(rival, { action: "recall", gtin: GTIN, instructions });
    expect([foreign.status, foreign.body.code]).toEqual([403, "gtin-not-makers"]);
    const lift = await client.recall(maker, { action: "lift", gtin: GTIN, lifts: r.body.leafHash });
    expect(lift.status, JSON.stringify(lift.body)).toBe(200);
    // The same lift sent again (a retry after a lost answer) is answered as the first was.
    const resent = await client.call("POST", "/v1/recalls", client.lastRecall);
    expect([resent.status, resent.body]).toEqual([200, { ...lift.body, status: "existing" }]);
    for (const { tag } of inLot) expect((await client.verify(tag)).body.verdict).toBe("authentic");
    // Another lift of it (a different statement) is refused.
    const twice = await client.recall(maker, { action: "lift", gtin: GTIN, lifts: r.body.leafHash }, 60_000);
    expect([twice.status, twice.body.code]).toEqual([409, "already-lifted"]);

    // By serials, then the whole GTIN.
    const one = inLot[1]?.tag as SignedTag;
    expect(
      (await client.recall(maker, { action: "recall", gtin: GTIN, serials: [one.tag.serial], instructions })).status,
    ).toBe(200);
    expect((await client.verify(one)).body.verdict).toBe("recalled");
    expect((await client.verify(inLot[0]?.tag as SignedTag)).body.verdict).toBe("authentic");
    const all = await client.recall(maker, { action: "recall", gtin: GTIN, instructions: "Do not use." });
    expect((await client.verify(otherLot.tag)).body.verdict).toBe("recalled");
    await client.recall(maker, { action: "lift", gtin: GTIN, lifts: all.body.leafHash });
    expect((await client.verify(otherLot.tag)).body.verdict).toBe("authentic");
  });

  it("shows the maker's own name for its product, in the reader's language, and nobody else's", async () => {
    const { tag } = await sold();
    const fields = {
      gtin: GTIN,
      domain: "maker.example",
      names: { en: "Diver watch 300", de: "Taucheruhr 300" },
      descriptions: { en: "Automatic, 300 m." },
      image: "https://img.maker.example/diver.png",
      support: "https://maker.example/support",
    };
    const described = await client.describe(maker, fields);
    expect(described.status, JSON.stringify(described.body)).toBe(200);
    const v = await client.verify(tag);
    expect(v.body.product.info).toEqual({
      domain: "maker.example",
      names: fields.names,
      descriptions: fields.descriptions,
      image: fields.image,
      support: fields.support,
    });
    const page = async (lang: string) =>
      (
        await client.call(
          "GET",
          `/01/${tag.tag.gtin}/21/${tag.tag.serial}?s=${toBase64Url(tag.signature)}&lang=${lang}`,
          undefined,
          {
            accept: "text/html",
          },
        )
      ).body as string;
    expect(await page("de")).toContain("Taucheruhr 300");
    const fr = await page("fr");
    expect(fr).toContain("Diver watch 300"); // no French name: English
    expect(fr).toContain("maker.example");
    expect(fr).toContain('href="https://maker.example/support"');
    // The page never loads the image: that would tell the maker's server who scanned.
    expect(fr).not.toContain("img.maker.example");
    // Only the GTIN's maker may describe it, with a valid signature and links on its own domain.
    const rivalGtin = await client.describe(rival, fields);
    expect([rivalGtin.status, rivalGtin.body.code]).toEqual([403, "gtin-not-makers"]);
    const forged = await client.describe(maker, fields, rival);
    expect([forged.status, forged.body.code]).toEqual([401, "bad-signature"]);
    const offDomain = await client.describe(maker, { ...fields, support: "https://maker-support.example/" });
    expect([offDomain.status, offDomain.body.code]).toEqual([400, "invalid-product"]);
    // A newer statement by the maker replaces the older one at once.
    expect((await client.describe(maker, { ...fields, names: { en: "Diver watch 300 II" } })).status).toBe(200);
    expect((await client.verify(tag)).body.product.info.names).toEqual({ en: "Diver watch 300 II" });
  });

  it("takes anonymous reports, and shows a maker its products' reports only from the third", async () => {
    const { tag } = await sold();
    const report = (text: string, t = tag) =>
      client.call("POST", "/v1/reports", {
        gtin: t.tag.gtin,
        serial: t.tag.serial,
        verdict: "authentic",
        place: "market",
        text,
      });
    expect((await report("Sold sealed at a market stall, very cheap.")).status).toBe(202);
    expect((await report("Same code on two boxes.\nBoth sealed.")).status).toBe(202);
    const few = await client.readReports(maker, GTIN);
    expect([few.status, few.body]).toEqual([200, { gtin: GTIN, enough: false, threshold: 3 }]);
    // From a person's browser: the page's form, answered with a page in the form's language.
    const form = await client.call(
      "POST",
      "/report",
      new URLSearchParams({
        gtin: tag.tag.gtin,
        serial: tag.tag.serial,
        verdict: "authentic",
        lang: "de",
        place: "online",
        text: "Angebot auf einer Auktionsseite",
      }).toString(),
      { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
    );
    expect([form.status, form.body]).toEqual([200, expect.stringContaining("Danke.")]);
    // A program posting the form gets a problem document, never a page.
    const bad = await client.call("POST", "/report", "gtin=1&text=", {
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    });
    expect([bad.status, bad.headers.get("content-type")]).toEqual([400, "application/problem+json"]);
    const read = await client.readReports(maker, GTIN);
    expect(read.body).toMatchObject({ gtin: GTIN, enough: true });
    expect(read.body.count).toBeGreaterThanOrEqual(3);
    expect(read.body.reports[0]).toEqual({
      serial: tag.tag.serial,
      verdict: "authentic",
      day: new Date().toISOString().slice(0, 10),
      place: "online",
      text: "Angebot auf einer Auktionsseite",
    });
    // Only the maker, with its own key, now.
    expect((await client.readReports(rival, GTIN)).body.code).toBe("gtin-not-makers");
    expect((await client.readReports(maker, GTIN, { signWith: rival })).body.code).toBe("bad-signature");
    const stale = await client.readReports(maker, GTIN, { time: "2026-01-01T00:00:00Z" });
    expect([stale.status, stale.body.code]).toEqual([401, "stale-request"]);
    // At most 20 reports a tag a day, counted without knowing who sends them.
    for (let i = 3; i < 20; i++) expect((await report(`report ${i}`)).status).toBe(202);
    const over = await report("one too many");
    expect([over.status, over.body.code]).toEqual([429, "too-many-reports"]);
    expect((await report("<script>", tag)).status).toBe(429);
    const junk = await client.call("POST", "/v1/reports", {
      gtin: GTIN,
      serial: "x",
      verdict: "great",
      place: "shop",
      text: "",
    });
    expect(junk.status).toBe(400);
  });

  it("never turns a claimed product into a warning however often its code is scanned", async () => {
    const { tag, code, head: h } = await sold();
    const unclaimed = await sold();
    expect((await client.holder(holderDevice(), "claim", tag, h, { code })).status).toBe(200);
    for (let i = 0; i < 40; i++) {
      await client.verify(tag);
      await client.verify(unclaimed.tag);
    }
    const v = await client.verify(tag);
    expect([v.body.verdict, codes(v.body)]).toEqual(["authentic", ["claimed"]]);
    // Unclaimed: at most a note beside the sale, and still authentic.
    const u = await client.verify(unclaimed.tag);
    expect([u.body.verdict, codes(u.body)]).toEqual(["authentic", ["sold", "often-checked"]]);
  });

  it("keeps the log replayable under every rule", async () => {
    const size = await client.logSize();
    const replay = new LogReplay(nobleCrypto);
    for (let start = 0; start < size; start += 1000) {
      const count = Math.min(1000, size - start);
      const page = await client.call("GET", `/v1/log/leaves?start=${start}&count=${count}`);
      for (const [i, b64] of (page.body.leaves as string[]).entries()) {
        replay.apply(start + i, fromBase64(b64) as Uint8Array);
      }
    }
    expect(replay.violations).toEqual([]);
    expect(replay.entries).toBe(size);
  });
});
