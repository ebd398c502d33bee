// NFC tags that prove each tap, end to end over real HTTP, on the service as `npm start` runs it
// (Node, a real SQLite file) and on the Workers build under `wrangler dev` (D1 and the Sequencer):
// a maker registers a batch key, personalises and commissions tags with their UIDs bound, and a
// software tag taps them: a fresh tap, the same URL again (a reload), an old URL replayed, a forged
// MAC, the SUN data of another tag, a TagTamper seal opened before and after the sale, 16 concurrent
// taps with one counter (exactly one fresh), and a revoked batch key. Then the whole log replays
// under every rule. Also: the master key is found nowhere in the data directory or the service's
// output, in any encoding, except sealed.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromBase64, toBase64, toBase64Url, toHex } from "../src/core/bytes.js";
import { nobleCrypto } from "../src/core/crypto.js";
import { batchIdOf, batchKeyCommitment, simulateTap, sunTemplate } from "../src/core/nfc.js";
import { LogReplay } from "../src/core/replay.js";
import { mintTag, type SignedTag, tagUrl } from "../src/core/tag.js";
import { recheckVerifyAnswer } from "../src/index.js";
import { type Actor, actor, Client, gtinOf } from "./support/actors.js";
import { spawnNodeServer } from "./support/node-process.js";
import { bothRuntimes, type Target } from "./support/targets.js";
import { tempDir } from "./support/temp.js";

const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));
const codes = (body: { reasons: { code: string }[] }) => body.reasons.map((r) => r.code);
const KEK = toHex(random(32));

/** A maker's batch: its master key, commitment and ID. */
function newBatch() {
  const key = random(16);
  const commitment = batchKeyCommitment(nobleCrypto.sha256, key);
  return { key, commitment, batch: batchIdOf(commitment) };
}

/** One personalised chip: its UID, its signed tag and the URL template written to it. */
function personalise(maker: Actor, batch: { batch: string }, tamper: boolean) {
  const uid = Uint8Array.of(0x04, ...random(6));
  const tag = mintTag(
    nobleCrypto,
    maker.seed,
    maker.keyId,
    { gtin: gtinOf(maker.prefix), nfc: { batch: batch.batch, uid } },
    random,
  );
  const { url } = sunTemplate(tagUrl("https://tags.example", tag.tag.gtin, tag.tag.serial, tag.signature), tamper);
  return { uid, tag, template: url };
}

describe.each(bothRuntimes("nfc.example/log", { TAGTRAIL_NFC_KEK: KEK }))("NFC taps on %s", (_name, start) => {
  let server: Target | undefined;
  let client: Client;
  const maker = actor("maker", "9506001");
  const rival = actor("rival", "9506002");
  const shop = actor("shop");
  const batch = newBatch();
  let a: ReturnType<typeof personalise>;
  let b: ReturnType<typeof personalise>;
  let headA: string;
  let headB: string;
  const tap = (chip: ReturnType<typeof personalise>, counter: number, seal: "CC" | "OO" = "CC", key = batch.key) =>
    simulateTap(nobleCrypto.aes, key, chip.uid, chip.template, counter, random, seal);

  afterAll(async () => server?.close());
  beforeAll(async () => {
    server = await start();
    client = new Client(server.base, server.adminToken);
    for (const [who, roles] of [
      [maker, ["manufacturer"]],
      [rival, ["manufacturer"]],
      [shop, ["retailer"]],
    ] as const) {
      expect((await client.register(who, [...roles])).status).toBe(201);
    }
  });

  it("registers a batch key once, against its commitment, and only for its maker", async () => {
    const wrong = await client.nfcBatch(
      maker,
      { action: "register", batch: batch.batch, commitment: batch.commitment },
      random(16),
    );
    expect([wrong.status, wrong.body.code]).toEqual([400, "key-mismatch"]);
    const first = await client.nfcBatch(
      maker,
      { action: "register", batch: batch.batch, commitment: batch.commitment },
      batch.key,
    );
    expect([first.status, first.body.status]).toEqual([200, "created"]);
    expect(JSON.stringify(first.body)).not.toContain(toBase64Url(batch.key));
    const again = await client.nfcBatch(
      maker,
      { action: "register", batch: batch.batch, commitment: batch.commitment },
      batch.key,
    );
    expect([again.status, again.body.status, again.body.leafIndex]).toEqual([200, "existing", first.body.leafIndex]);
    const theirs = await client.nfcBatch(
      rival,
      { action: "register", batch: batch.batch, commitment: batch.commitment },
      batch.key,
    );
    expect([theirs.status, theirs.body.code]).toEqual([409, "batch-exists"]);
    const retailer = await client.nfcBatch(
      shop,
      { action: "register", ...(({ key: _, ...x }) => x)(newBatch()) },
      undefined,
    );
    expect(retailer.status).toBeGreaterThanOrEqual(400);
  });

  it("binds each tag's UID at commissioning, and refuses a UID that does not open the binding", async () => {
    a = personalise(maker, batch, false);
    b = personalise(maker, batch, true);
    const wrong = await client.commissionNfc([{ tag: a.tag, uid: b.uid }]);
    expect([wrong.status, wrong.body.code]).toEqual([400, "nfc-uid-mismatch"]);
    const res = await client.commissionNfc([
      { tag: a.tag, uid: a.uid },
      { tag: b.tag, uid: b.uid },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    headA = await client.walk(a.tag, res.body.results[0].leafHash, [
      [maker, "ship", { to: "shop" }],
      [shop, "receive"],
    ]);
    headB = await client.walk(b.tag, res.body.results[1].leafHash, [
      [maker, "ship", { to: "shop" }],
      [shop, "receive"],
    ]);
    // A rival's tag cannot be bound to this maker's batch.
    const [theirs] = [personalise(rival, batch, false)];
    const refused = await client.commissionNfc([{ tag: theirs.tag, uid: theirs.uid }]);
    expect([refused.status, refused.body.code]).toEqual([403, "not-batch-maker"]);
  });

  it("answers a fresh tap, a reload, a replayed old URL, a forged MAC and another tag's SUN data", async () => {
    const first = tap(a, 1);
    const fresh = await client.open(first);
    expect([fresh.body.verdict, codes(fresh.body)]).toEqual(["authentic", ["at-retailer", "nfc-tapped"]]);
    expect(recheckVerifyAnswer(fresh.body, fresh.body.proofs.logKey)).toEqual([]);

    const reload = await client.open(first);
    expect([reload.body.verdict, codes(reload.body)]).toEqual(["caution", ["nfc-already-checked"]]);
    expect(reload.body.reasons[0].day).toBe(new Date().toISOString().slice(0, 10));
    expect(reload.body.reasons[0].message).toMatch(/already checked on .*Tap the tag again/);

    expect(codes((await client.open(tap(a, 2))).body)).toContain("nfc-tapped");
    const replayed = await client.open(first);
    expect([replayed.body.verdict, codes(replayed.body)]).toEqual(["counterfeit", ["nfc-replayed"]]);

    const u = new URL(tap(a, 3));
    const m = u.searchParams.get("m") as string;
    u.searchParams.set("m", `${m.slice(0, 15)}${m[15] === "0" ? "1" : "0"}`);
    const forged = await client.open(u.toString());
    expect([forged.body.verdict, codes(forged.body)]).toEqual(["counterfeit", ["nfc-invalid"]]);

    // B's chip tapping, its SUN data pasted onto A's URL: it cannot vouch for A's serial.
    const other = new URL(tap({ ...b, template: a.template }, 9));
    const swapped = await client.open(other.toString());
    expect([swapped.body.verdict, codes(swapped.body)]).toEqual(["counterfeit", ["nfc-invalid"]]);

    // The printed part of the URL alone (a copied link, or a phone that dropped the tap data).
    const bare = await client.verify(a.tag);
    expect([bare.body.verdict, codes(bare.body)]).toEqual(["warning", ["nfc-not-tapped"]]);
    // Broken tap data is no tap.
    const broken = await client.open(`${tap(a, 4).replace(/&m=[0-9A-F]+/, "&m=XYZ")}`);
    expect(broken.body.verdict).toBe("counterfeit");
  });

  it("lets exactly one of 16 concurrent taps with one counter be fresh", async () => {
    const url = tap(a, 100);
    const answers = await Promise.all(Array.from({ length: 16 }, () => client.open(url)));
    const fresh = answers.filter((r) => codes(r.body).includes("nfc-tapped"));
    const reloads = answers.filter((r) => codes(r.body).includes("nfc-already-checked"));
    expect([fresh.length, reloads.length]).toEqual([1, 15]);
  });

  it("makes a TagTamper seal opened before the sale a warning, and after it information", async () => {
    expect(codes((await client.open(tap(b, 1, "CC"))).body)).toEqual(["at-retailer", "nfc-tapped"]);
    const opened = await client.open(tap(b, 2, "OO"));
    expect([opened.body.verdict, codes(opened.body)]).toEqual(["warning", ["seal-opened-before-sale", "nfc-tapped"]]);
    headB = await client.walk(b.tag, headB, [[shop, "sell"]]);
    const after = await client.open(tap(b, 3, "OO"));
    expect([after.body.verdict, codes(after.body)]).toEqual(["authentic", ["sold", "nfc-tapped", "seal-opened"]]);
  });

  it("stops trusting taps once the batch key is revoked, and binds no new tag to it", async () => {
    const byRival = await client.nfcBatch(rival, {
      action: "revoke",
      batch: batch.batch,
      compromisedAt: new Date(Date.now() - 60_000).toISOString().slice(0, 19) + "Z",
    });
    expect([byRival.status, byRival.body.code]).toEqual([403, "not-batch-maker"]);
    const revoked = await client.nfcBatch(maker, {
      action: "revoke",
      batch: batch.batch,
      compromisedAt: new Date(Date.now() - 60_000).toISOString().slice(0, 19) + "Z",
    });
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    const after = await client.open(tap(a, 200));
    expect([after.body.verdict, codes(after.body)]).toEqual(["warning", ["nfc-key-revoked"]]);
    const late = personalise(maker, batch, false);
    const refused = await client.commissionNfc([{ tag: late.tag, uid: late.uid }]);
    expect([refused.status, refused.body.code]).toEqual([409, "batch-revoked"]);
  });

  it("keeps a log that replays under every rule", async () => {
    const size = await client.logSize();
    const replay = new LogReplay(nobleCrypto);
    for (let start = 0; start < size; start += 1000) {
      const res = await client.call("GET", `/v1/log/leaves?start=${start}&count=${Math.min(1000, size - start)}`);
      for (const [i, leaf] of (res.body.leaves as string[]).entries())
        replay.apply(start + i, fromBase64(leaf) as Uint8Array);
    }
    expect(replay.violations).toEqual([]);
    expect(replay.nfcBatches.get(batch.batch)).toEqual({ makerParty: "maker", revoked: true });
  });
});

/** Every file under `dir`, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe("a batch master key at rest", () => {
  it("is nowhere in the data directory or the service's output but sealed", async () => {
    const dataDir = tempDir();
    const node = await spawnNodeServer(dataDir, { TAGTRAIL_NFC_KEK: KEK, TAGTRAIL_ACCESS_LOG: "on" });
    try {
      const client = new Client(node.base, node.adminToken);
      const maker = actor("keeper", "9506003");
      expect((await client.register(maker, ["manufacturer"])).status).toBe(201);
      const batch = newBatch();
      const reg = await client.nfcBatch(
        maker,
        { action: "register", batch: batch.batch, commitment: batch.commitment },
        batch.key,
      );
      expect(reg.status).toBe(200);
      const chip = personalise(maker, batch, true);
      expect((await client.commissionNfc([{ tag: chip.tag, uid: chip.uid }])).status).toBe(200);
      for (const counter of [1, 1, 2]) {
        const res = await client.open(
          simulateTap(nobleCrypto.aes, batch.key, chip.uid, chip.template, counter, random),
        );
        expect(res.status).toBe(200);
      }
      // Force the WAL into the main file too, then search every byte written.
      await client.call("GET", "/v1/log/checkpoint");
      const forms = [
        Buffer.from(batch.key),
        Buffer.from(toHex(batch.key)),
        Buffer.from(toHex(batch.key).toUpperCase()),
        Buffer.from(toBase64(batch.key)),
        Buffer.from(toBase64Url(batch.key)),
      ];
      const found: string[] = [];
      for (const file of files(dataDir)) {
        const bytes = readFileSync(file);
        for (const form of forms) if (bytes.includes(form)) found.push(`${file}: ${form.toString("latin1")}`);
      }
      for (const form of forms)
        if (Buffer.from(node.output()).includes(form)) found.push(`output: ${form.toString("latin1")}`);
      expect(found).toEqual([]);
      // Of the taps, per tag: the highest counter and the day of that tap. Nothing else.
      const db = new Database(join(dataDir, "tagtrail.db"), { readonly: true });
      try {
        const columns = db.prepare("SELECT name FROM pragma_table_info('nfc_tags')").pluck().all();
        expect(columns).toEqual(["tag_id", "batch_id", "uid", "last_counter", "last_day"]);
        const row = db.prepare("SELECT last_counter AS counter, last_day AS day FROM nfc_tags").get();
        expect(row).toEqual({ counter: 2, day: new Date().toISOString().slice(0, 10) });
      } finally {
        db.close();
      }
      // The one key it holds is the sealed one; its commitment is in the log for auditors.
      expect(files(dataDir).some((f) => readFileSync(f).includes(Buffer.from(batch.commitment)))).toBe(true);
    } finally {
      await node.close();
    }
  });
});
