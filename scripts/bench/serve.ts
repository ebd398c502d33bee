// A server for the HTTP benchmarks, run as its own process so the load generator does not share
// its event loop: "bare" is a Hono JSON endpoint on the same stack (the baseline), "tagtrail" the
// real service with a tag whose chain has 10 entries ("tagtrail:claimed": then claimed by its
// buyer, an 11th entry; "tagtrail:nfc": 200 NFC TagTamper tags with such chains, and the URLs of
// 400 successive taps of each, in order, written to <data dir>/taps.json for the load generator).
// Prints "ready <url>" when listening.
import { writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { toBase64Url } from "../../src/core/bytes.js";
import { randomBytesPool, randomSeed } from "../../src/core/crypto.js";
import {
  type CustodyEvent,
  type HolderStatement,
  holderSigningBytes,
  type Role,
  signEvent,
} from "../../src/core/event.js";
import { gtinWithCheckDigit } from "../../src/core/gs1.js";
import { simulateTap, sunTemplate } from "../../src/core/nfc.js";
import { mintTag, tagUrl } from "../../src/core/tag.js";
import { nodeCrypto } from "../../src/runtime/node/crypto.js";
import { registerNfcBatch, walkChain } from "../../src/runtime/node/demo.js";
import { openNodeRuntime } from "../../src/runtime/node/runtime.js";
import { type BenchParty, registerParty } from "./parties.js";

// mode: "bare", "bare:<bytes>", "tagtrail", "tagtrail:claimed", "tagtrail:nfc" or "tagtrail:zipf".
const [mode, dataDir] = process.argv.slice(2);

async function tagtrailApp(claimed: boolean) {
  const service = await openNodeRuntime({
    dataDir: dataDir as string,
    origin: "bench.example/log",
    thresholds: { scansAfterSale: Number.MAX_SAFE_INTEGER, daysAfterSale: 3650 },
  });
  const { parties, custody } = service;
  const add = (id: string, role: Role) => registerParty(parties, id, role);
  const maker = await add("maker", "manufacturer");
  const d1 = await add("d1", "distributor");
  const d2 = await add("d2", "distributor");
  const shop = await add("shop", "retailer");
  const minted = mintTag(
    nodeCrypto,
    maker.seed,
    maker.keyId,
    { gtin: gtinWithCheckDigit("0950600013435"), claimCode: claimed },
    (n) => crypto.getRandomValues(new Uint8Array(n)),
  );
  const [head] = (await custody.commission([minted])).map((r) => r.leafHash);
  // Commission + 9 events: a 10-entry chain.
  const sold = await walkChain(custody, minted.tag, head as string, Date.now, [
    { who: maker, type: "ship", to: "d1" },
    { who: d1, type: "receive" },
    { who: d1, type: "ship", to: "d2" },
    { who: d2, type: "receive" },
    { who: d2, type: "ship", to: "d1" },
    { who: d1, type: "receive" },
    { who: d1, type: "ship", to: "shop" },
    { who: shop, type: "receive" },
    { who: shop, type: "sell" },
  ]);
  if (claimed) {
    const seed = randomSeed();
    const statement: HolderStatement = {
      type: "claim",
      gtin: minted.tag.gtin,
      serial: minted.tag.serial,
      prev: sold,
      holder: toBase64Url(nodeCrypto.ed25519.publicKey(seed)),
      code: minted.claimCode as string,
      day: new Date().toISOString().slice(0, 10),
    };
    const res = await service.app.request("/v1/holder-statements", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        statement,
        signature: toBase64Url(nodeCrypto.ed25519.sign(holderSigningBytes(statement), seed)),
      }),
    });
    if (res.status !== 200) throw new Error(await res.text());
  }
  await profileIfAsked();
  return {
    fetch: service.app.fetch,
    path: tagUrl("", minted.tag.gtin, minted.tag.serial, minted.signature),
    token: toBase64Url(minted.signature),
  };
}

/**
 * 200 NFC tags (NTAG 424 DNA TT) of one registered batch, each with a 10-entry chain to a sale, and
 * 400 taps of each made by a software tag: round by round, so each tag's counter rises over time.
 */
async function nfcApp() {
  const service = await openNodeRuntime({
    dataDir: dataDir as string,
    origin: "bench.example/log",
    thresholds: { scansAfterSale: Number.MAX_SAFE_INTEGER, daysAfterSale: 3650 },
    nfcKek: crypto.getRandomValues(new Uint8Array(32)),
  });
  const { parties, custody } = service;
  const add = (id: string, role: Role) => registerParty(parties, id, role);
  const maker = await add("maker", "manufacturer");
  const d1 = await add("d1", "distributor");
  const shop = await add("shop", "retailer");
  const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));
  const { master, batch } = await registerNfcBatch(service, maker);
  const chips = Array.from({ length: 200 }, () => {
    const uid = Uint8Array.of(4, ...random(6));
    const minted = mintTag(
      nodeCrypto,
      maker.seed,
      maker.keyId,
      { gtin: gtinWithCheckDigit("0950600013436"), nfc: { batch, uid } },
      random,
    );
    return { uid, minted, nfcUid: uid };
  });
  const results = await custody.commission(chips.map((c) => ({ ...c.minted, nfcUid: c.uid })));
  let heads = results.map((r) => r.leafHash);
  const steps: [BenchParty, "ship" | "receive" | "sell", string?][] = [
    [maker, "ship", "d1"],
    [d1, "receive"],
    [d1, "ship", "shop"],
    [shop, "receive"],
    [shop, "ship", "d1"],
    [d1, "receive"],
    [d1, "ship", "shop"],
    [shop, "receive"],
    [shop, "sell"],
  ];
  for (const [who, type, to] of steps) {
    const events = chips.map((c, i) => {
      const event: CustodyEvent = {
        type,
        gtin: c.minted.tag.gtin,
        serial: c.minted.tag.serial,
        prev: heads[i] as string,
        actor: who.keyId,
        time: `${new Date(Date.now() - 1000).toISOString().slice(0, 19)}Z`,
        ...(to ? { to } : {}),
      };
      return { event, signature: signEvent(nodeCrypto, who.seed, event) };
    });
    heads = (await custody.events(events)).map((r) => r.leafHash);
  }
  const templates = chips.map(
    (c) =>
      sunTemplate(tagUrl("https://bench.invalid", c.minted.tag.gtin, c.minted.tag.serial, c.minted.signature), true)
        .url,
  );
  const taps: string[] = [];
  for (let counter = 1; counter <= 400; counter++) {
    for (const [i, c] of chips.entries()) {
      const u = new URL(simulateTap(nodeCrypto.aes, master, c.uid, templates[i] as string, counter, random));
      taps.push(`${u.pathname}${u.search}`);
    }
  }
  writeFileSync(join(dataDir as string, "taps.json"), JSON.stringify(taps));
  return { fetch: service.app.fetch, path: taps[0] as string };
}

/**
 * A realistic verify load: 100,000 commissioned tags (their paths written to <data dir>/paths.json
 * for the load generator, which picks them by a Zipf law), and a writer inside the service that
 * commissions 50 more tags every 100 ms (500 events/s) for as long as the server runs.
 */
async function zipfApp() {
  const service = await openNodeRuntime({
    dataDir: dataDir as string,
    origin: "bench.example/log",
    thresholds: { scansAfterSale: Number.MAX_SAFE_INTEGER, daysAfterSale: 3650 },
  });
  const maker = await registerParty(service.parties, "maker", "manufacturer");
  const random = randomBytesPool();
  const gtin = gtinWithCheckDigit("0950600013437");
  const mint = (n: number) =>
    Array.from({ length: n }, () => mintTag(nodeCrypto, maker.seed, maker.keyId, { gtin }, random));
  const paths: string[] = [];
  for (let done = 0; done < 100_000; done += 10_000) {
    const batch = mint(10_000);
    await service.custody.commission(batch);
    for (const t of batch) paths.push(tagUrl("", t.tag.gtin, t.tag.serial, t.signature));
  }
  writeFileSync(join(dataDir as string, "paths.json"), JSON.stringify(paths));
  // The concurrent writer: 500 commissions a second, each a durable commit of its own batch.
  const pending = mint(50 * 10 * 60);
  let next = 0;
  const writer = setInterval(() => {
    const batch = pending.slice(next, next + 50);
    next += 50;
    if (batch.length > 0) void service.custody.commission(batch).catch((e: unknown) => console.error("writer", e));
  }, 100);
  writer.unref();
  await profileIfAsked();
  return { fetch: service.app.fetch, path: paths[0] as string };
}

/** A bare Hono JSON endpoint; with `bytes`, its body is padded to that size (the verify answer's). */
function bareApp(bytes = 0) {
  const app = new Hono();
  const padding = "x".repeat(Math.max(0, bytes - 80));
  app.get("/01/:gtin/21/:serial", (c) =>
    c.json({
      verdict: "authentic",
      gtin: c.req.param("gtin"),
      serial: c.req.param("serial"),
      ...(bytes ? { padding } : {}),
    }),
  );
  return { fetch: app.fetch, path: "/01/09506000134352/21/Ab3dE5gH7jK9mN1p?s=x" };
}

const { fetch, path } =
  mode === "tagtrail:nfc"
    ? await nfcApp()
    : mode === "tagtrail:zipf"
      ? await zipfApp()
      : mode?.startsWith("tagtrail")
        ? await tagtrailApp(mode === "tagtrail:claimed")
        : bareApp(mode === "bare" ? 0 : Number(mode?.slice(5)));
const server = serve({ fetch, hostname: "127.0.0.1", port: 0 }, () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`ready http://127.0.0.1:${port}${path}\n`);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(0));

/**
 * BENCH_PROFILE=<file>: a CPU profile of this server from the end of its set-up, for
 * BENCH_PROFILE_SECONDS (10), so that the set-up's signing does not hide the serving.
 */
async function profileIfAsked(): Promise<void> {
  const file = process.env.BENCH_PROFILE;
  if (!file) return;
  const { Session } = await import("node:inspector/promises");
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  setTimeout(
    async () => {
      const { profile } = await session.post("Profiler.stop");
      writeFileSync(file, JSON.stringify(profile));
    },
    1000 * Number(process.env.BENCH_PROFILE_SECONDS ?? 10),
  ).unref();
}
