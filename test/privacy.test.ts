// Privacy: verifications from a distinctive client address and user agent, against `npm start`'s
// own process and against the Workers build under `wrangler dev`; afterwards neither string, nor
// its SHA-256 in any common encoding, appears in any file of the data directory (databases, WAL,
// keys; on Workers, the local D1 and Durable Object state) or in anything the server printed.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { toBase64Url } from "../src/core/bytes.js";
import { claimCommitment, randomClaimCode } from "../src/core/claim.js";
import { nobleCrypto } from "../src/core/crypto.js";
import { type HolderStatement, holderSigningBytes } from "../src/core/event.js";
import { actor, Client, gtinOf, type Holder, holderDevice } from "./support/actors.js";
import { spawnNodeServer } from "./support/node-process.js";
import { tempDir } from "./support/temp.js";
import { spawnWranglerDev } from "./support/wrangler-process.js";

const CLIENT_IP = "127.42.13.7";
const FORWARDED_IP = "203.0.113.77";
const AGENT = "PrivacyProbe/9.9 (distinctive-agent-7f3a)";

function needles(s: string): string[] {
  const digest = createHash("sha256").update(s).digest();
  return [s, digest.toString("hex"), digest.toString("base64"), digest.toString("base64url")];
}

function get(url: string, extra: Record<string, string> = {}): Promise<number> {
  return send("GET", url, undefined, extra).then((r) => r.status);
}

/** A request from the distinctive client: its address, agent and forwarded address on every one. */
function send(
  method: string,
  url: string,
  body?: unknown,
  extra: Record<string, string> = {},
  raw?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        localAddress: CLIENT_IP,
        headers: {
          "user-agent": AGENT,
          "x-forwarded-for": FORWARDED_IP,
          accept: "text/html",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...extra,
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => {
          text += c;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(raw ?? (body === undefined ? undefined : JSON.stringify(body)));
  });
}

/** Every place a needle (the client's strings or their SHA-256) was found among `haystacks`. */
function traces(haystacks: [string, Buffer][]): string[] {
  const found: string[] = [];
  for (const s of [CLIENT_IP, FORWARDED_IP, AGENT]) {
    for (const needle of needles(s)) {
      for (const [name, data] of haystacks) if (data.includes(needle)) found.push(`${needle} in ${name}`);
    }
  }
  return found;
}

/**
 * A buyer's life with a product, every consumer request from the distinctive client: the claim
 * page and its script, the holder status, a claim, a transfer by one-time code, its redemption,
 * and scans. Parties and custody are set up by the supply chain (plain requests).
 */
async function ownerJourney(base: string, adminToken: string): Promise<void> {
  const client = new Client(base, adminToken);
  const maker = actor("ownmaker", "9506003");
  const shop = actor("ownshop");
  expect((await client.register(maker, ["manufacturer"])).status).toBe(201);
  expect((await client.register(shop, ["retailer"])).status).toBe(201);
  const [tag] = client.mint(maker, 1, gtinOf(maker.prefix), undefined, true);
  if (!tag?.claimCode) throw new Error("mint");
  await client.walk(tag, (await client.commission([tag])).body.results[0].leafHash, [
    [maker, "ship", { to: "ownshop" }],
    [shop, "receive"],
    [shop, "sell"],
  ]);
  const path = `${tag.tag.gtin}/${tag.tag.serial}`;
  expect(await get(`${base}/claim/01/${tag.tag.gtin}/21/${tag.tag.serial}`)).toBe(200);
  expect(await get(`${base}/assets/claim.js`)).toBe(200);
  const status = async () => JSON.parse((await send("GET", `${base}/v1/tags/${path}/holder`)).body);
  const statement = async (device: Holder, fields: Partial<HolderStatement> & Pick<HolderStatement, "type">) => {
    const st: HolderStatement = {
      gtin: tag.tag.gtin,
      serial: tag.tag.serial,
      prev: (await status()).head,
      holder: device.key,
      day: new Date().toISOString().slice(0, 10),
      ...fields,
    };
    const signature = toBase64Url(nobleCrypto.ed25519.sign(holderSigningBytes(st), device.seed));
    const res = await send("POST", `${base}/v1/holder-statements`, { statement: st, signature });
    expect(res.status, res.body).toBe(200);
  };
  const first = holderDevice();
  await statement(first, { type: "claim", code: tag.claimCode });
  const code = randomClaimCode((n) => crypto.getRandomValues(new Uint8Array(n)));
  const offer = claimCommitment(nobleCrypto.sha256, tag.tag, code, (n) => crypto.getRandomValues(new Uint8Array(n)));
  await statement(first, { type: "transfer", offer });
  await statement(holderDevice(), { type: "claim", code });
  expect(await get(`${base}/01/${tag.tag.gtin}/21/${tag.tag.serial}?s=${toBase64Url(tag.signature)}`)).toBe(200);
  // And reports the product from the page's form.
  const form = new URLSearchParams({
    gtin: tag.tag.gtin,
    serial: tag.tag.serial,
    verdict: "authentic",
    lang: "en",
    place: "shop",
    text: "Seen sealed on a market stall.",
  }).toString();
  const sent = await send(
    "POST",
    `${base}/report`,
    undefined,
    { "content-type": "application/x-www-form-urlencoded" },
    form,
  );
  expect(sent.status, sent.body).toBe(200);
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe("privacy of the verify path", () => {
  it("keeps no trace of the client's address or user agent", async () => {
    const dataDir = tempDir("tagtrail-privacy-");
    // As `npm start` runs: its own process, access log and demo on.
    const node = await spawnNodeServer(dataDir, { TAGTRAIL_DEMO: "on", TAGTRAIL_ACCESS_LOG: "on" });
    const demoUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no demo URL in: ${node.output()}`)), 30_000);
      const check = setInterval(() => {
        const m = /(http:\/\/127\.0\.0\.1:\d+\/01\/\S+)/.exec(node.output());
        if (m) {
          clearInterval(check);
          clearTimeout(timer);
          resolve(m[1] as string);
        }
      }, 50);
    });
    for (let i = 0; i < 25; i++) expect(await get(demoUrl)).toBe(200);
    expect(await get(demoUrl.replace(/\?s=.*/, "?s=forged"))).toBe(200);
    await new Promise((r) => setTimeout(r, 1500)); // past the scan counter's flush
    await node.close();
    const output = node.output();

    const found: string[] = [];
    const haystacks: [string, Buffer][] = files(dataDir).map((f) => [f, readFileSync(f)]);
    haystacks.push(["server output", Buffer.from(output)]);
    for (const s of [CLIENT_IP, FORWARDED_IP, AGENT]) {
      for (const needle of needles(s)) {
        for (const [name, data] of haystacks) if (data.includes(needle)) found.push(`${needle} in ${name}`);
      }
    }
    expect(found).toEqual([]);
    // The access log was on and did log the scans, as route patterns only.
    expect(output).toMatch(/demo GET \/01\/:gtin\/21\/:serial 200 /);
    // The scans were counted: the only trace is a per-day count.
    const db = new Database(join(dataDir, "demo", "tagtrail.db"), { readonly: true });
    const rows = db.prepare("SELECT day, count FROM scan_counts").all() as { day: string; count: number }[];
    db.close();
    expect(rows.length).toBe(1);
    expect(rows[0]?.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(rows[0]?.count).toBe(25);
  });

  it("keeps no trace of them on the Workers build either: only a day count with a country code", async () => {
    const dir = tempDir("tagtrail-privacy-worker-");
    const worker = await spawnWranglerDev("privacy.example/log", { TAGTRAIL_ACCESS_LOG: "on" }, dir);
    try {
      const client = new Client(worker.base, worker.adminToken);
      const maker = actor("privmaker");
      expect((await client.register(maker, ["manufacturer"])).status).toBe(201);
      const [tag] = client.mint(maker, 1);
      if (!tag) throw new Error("mint");
      expect((await client.commission([tag])).status).toBe(200);
      const url = `${worker.base}/01/${tag.tag.gtin}/21/${tag.tag.serial}?s=${toBase64Url(tag.signature)}`;
      // What Cloudflare's edge would add: the client's address as a header.
      for (let i = 0; i < 25; i++) expect(await get(url, { "cf-connecting-ip": FORWARDED_IP })).toBe(200);
      await new Promise((r) => setTimeout(r, 2500)); // past the isolate's scan flush
    } finally {
      await worker.close();
    }
    const found: string[] = [];
    const haystacks: [string, Buffer][] = files(dir).map((f) => [f, readFileSync(f)]);
    haystacks.push(["wrangler dev output", Buffer.from(worker.output())]);
    for (const s of [CLIENT_IP, FORWARDED_IP, AGENT]) {
      for (const needle of needles(s)) {
        for (const [name, data] of haystacks) if (data.includes(needle)) found.push(`${needle} in ${name}`);
      }
    }
    expect(found).toEqual([]);
    expect(worker.output()).toMatch(/GET \/01\/:gtin\/21\/:serial 200 /);
    // The local D1 is a SQLite file: its only trace of the scans is one count per day and country
    // (wrangler dev's placeholder request.cf says "US").
    const d1 = files(dir).filter((f) => f.endsWith(".sqlite") && f.includes("D1"));
    const counts = d1.flatMap((f) => {
      const db = new Database(f, { readonly: true });
      try {
        return db.prepare("SELECT day, country, count FROM scan_counts").all() as Record<string, unknown>[];
      } catch {
        return [];
      } finally {
        db.close();
      }
    });
    expect(counts).toEqual([{ day: new Date().toISOString().slice(0, 10), country: "US", count: 25 }]);
  });

  it.each([
    ["npm start (Node, SQLite)", "node"],
    ["wrangler dev (Workers, D1)", "workers"],
  ] as const)("keeps no trace of a buyer who claims and passes on a product on %s", async (_name, kind) => {
    const dir = tempDir("tagtrail-privacy-owner-");
    const server =
      kind === "node"
        ? await spawnNodeServer(dir, { TAGTRAIL_ACCESS_LOG: "on" })
        : await spawnWranglerDev("owners-privacy.example/log", { TAGTRAIL_ACCESS_LOG: "on" }, dir);
    try {
      await ownerJourney(server.base, server.adminToken);
      await new Promise((r) => setTimeout(r, 2500)); // past the scan counters' flush
    } finally {
      await server.close();
    }
    const haystacks: [string, Buffer][] = files(dir).map((f) => [f, readFileSync(f)]);
    haystacks.push(["server output", Buffer.from(server.output())]);
    expect(traces(haystacks)).toEqual([]);
    expect(server.output()).toMatch(/POST \/v1\/holder-statements 200 /);
    expect(server.output()).toMatch(/POST \/report 200 /);
    // A holder's entries keep the day only: logged at 00:00 UTC.
    const dbs = files(dir).filter((f) => /tagtrail\.db$|\.sqlite$/.test(f));
    const times = dbs.flatMap((f) => {
      const db = new Database(f, { readonly: true });
      try {
        return db
          .prepare("SELECT logged_at FROM tag_entries WHERE type IN ('claim', 'transfer')")
          .pluck()
          .all() as number[];
      } catch {
        return [];
      } finally {
        db.close();
      }
    });
    expect(times.length).toBe(3);
    for (const t of times) expect(t % 86_400_000).toBe(0);
  });
});
