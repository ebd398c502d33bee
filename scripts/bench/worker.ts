// Verify on the Workers build: wrangler dev (workerd, local D1, the Sequencer) on loopback, a tag
// with a 10-entry chain written over its HTTP API, then the same autocannon load as on Node.
import autocannon from "autocannon";
import { toBase64, toBase64Url } from "../../src/core/bytes.js";
import { nobleCrypto, randomSeed } from "../../src/core/crypto.js";
import { type CustodyEvent, type EventType, signEvent } from "../../src/core/event.js";
import { gtinWithCheckDigit } from "../../src/core/gs1.js";
import { keyId } from "../../src/core/keys.js";
import { mintTag, tagUrl } from "../../src/core/tag.js";
import { spawnWranglerDev } from "../../test/support/wrangler-process.js";

export interface LoadResult {
  readonly rps: number;
  readonly p99: number;
  readonly errors: number;
}

async function call(base: string, path: string, body: unknown, token?: string): Promise<{ results: unknown[] }> {
  const res = await fetch(base + path, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { results: unknown[] };
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

interface Party {
  readonly id: string;
  readonly seed: Uint8Array;
  readonly keyId: string;
}

/** Registers a party (a manufacturer gets the bench GTIN's company prefix) with a fresh key. */
async function registerParty(base: string, adminToken: string, id: string, role: string): Promise<Party> {
  const seed = randomSeed();
  const publicKey = nobleCrypto.ed25519.publicKey(seed);
  await call(
    base,
    "/v1/parties",
    {
      id,
      name: id,
      roles: [role],
      country: "DE",
      companyPrefixes: role === "manufacturer" ? ["9506000"] : [],
      publicKey: toBase64(publicKey),
    },
    adminToken,
  );
  return { id, seed, keyId: keyId(nobleCrypto.sha256, publicKey) };
}

/** Registers four parties and walks one tag through commission and nine events; returns its verify path. */
async function seedChain(base: string, adminToken: string): Promise<string> {
  const party = (id: string, role: string) => registerParty(base, adminToken, id, role);
  const maker = await party("maker", "manufacturer");
  const d1 = await party("d1", "distributor");
  const d2 = await party("d2", "distributor");
  const shop = await party("shop", "retailer");
  const minted = mintTag(nobleCrypto, maker.seed, maker.keyId, { gtin: gtinWithCheckDigit("0950600013435") }, (n) =>
    crypto.getRandomValues(new Uint8Array(n)),
  );
  const commissioned = await call(base, "/v1/tags", {
    tags: [{ ...minted.tag, signature: toBase64Url(minted.signature) }],
  });
  let head = (commissioned.results[0] as { leafHash: string }).leafHash;
  const steps: [typeof maker, EventType, string?][] = [
    [maker, "ship", "d1"],
    [d1, "receive"],
    [d1, "ship", "d2"],
    [d2, "receive"],
    [d2, "ship", "d1"],
    [d1, "receive"],
    [d1, "ship", "shop"],
    [shop, "receive"],
    [shop, "sell"],
  ];
  for (const [who, type, to] of steps) {
    const event: CustodyEvent = {
      type,
      gtin: minted.tag.gtin,
      serial: minted.tag.serial,
      prev: head,
      actor: who.keyId,
      time: `${new Date(Date.now() - 60_000).toISOString().slice(0, 19)}Z`,
      ...(to ? { to } : {}),
    };
    const res = await call(base, "/v1/events", {
      events: [{ event, signature: toBase64Url(signEvent(nobleCrypto, who.seed, event)) }],
    });
    head = (res.results[0] as { leafHash: string }).leafHash;
  }
  return tagUrl("", minted.tag.gtin, minted.tag.serial, minted.signature);
}

/**
 * Starts wrangler dev, seeds the chain, loads /healthz (what wrangler dev's proxy and workerd
 * cost with no D1 at all) and then the verify URL; stops wrangler dev.
 */
export async function loadWorkerVerify(
  seconds: number,
  connections: number,
): Promise<{ health: LoadResult; verify: LoadResult }> {
  const worker = await spawnWranglerDev("bench.example/log", {
    TAGTRAIL_ACCESS_LOG: "off",
    TAGTRAIL_CLONE_SCANS: String(Number.MAX_SAFE_INTEGER),
  });
  try {
    const path = await seedChain(worker.base, worker.adminToken);
    const load = async (url: string): Promise<LoadResult> => {
      const headers = { accept: "application/json" };
      await autocannon({ url, connections, duration: 2, headers }); // warm-up
      const r = await autocannon({ url, connections, duration: seconds, headers });
      return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.non2xx + r.timeouts };
    };
    return { health: await load(`${worker.base}/healthz`), verify: await load(worker.base + path) };
  } finally {
    await worker.close();
  }
}

/** Mints and commissions `n` tags in batches of `batch`; returns them with their chain heads. */
async function commissionMany(base: string, maker: Party, n: number, batch: number) {
  const tags = Array.from({ length: n }, () =>
    mintTag(nobleCrypto, maker.seed, maker.keyId, { gtin: gtinWithCheckDigit("0950600013435") }, (k) =>
      crypto.getRandomValues(new Uint8Array(k)),
    ),
  );
  const heads: string[] = [];
  for (let i = 0; i < n; i += batch) {
    const res = await call(base, "/v1/tags", {
      tags: tags.slice(i, i + batch).map((t) => ({ ...t.tag, signature: toBase64Url(t.signature) })),
    });
    heads.push(...(res.results as { leafHash: string }[]).map((r) => r.leafHash));
  }
  return { tags, heads };
}

function shipItem(maker: Party, tag: ReturnType<typeof mintTag>, prev: string, to: string) {
  const event: CustodyEvent = {
    type: "ship",
    gtin: tag.tag.gtin,
    serial: tag.tag.serial,
    prev,
    actor: maker.keyId,
    time: `${new Date(Date.now() - 60_000).toISOString().slice(0, 19)}Z`,
    to,
  };
  return { event, signature: toBase64Url(signEvent(nobleCrypto, maker.seed, event)) };
}

export interface WorkerWrites {
  readonly batchEventsPerSecond: number;
  readonly singleCommitMs: number;
  readonly concurrentCommitsPerSecond: number;
}

/**
 * Writes through the Worker and the Sequencer on wrangler dev: events in batches of 1,000; one
 * event per request, one writer at a time (commit latency); and 16 writers at once (the
 * sequencer's commit rate when every commit is small).
 */
export async function loadWorkerWrites(): Promise<WorkerWrites> {
  const worker = await spawnWranglerDev("bench.example/log", { TAGTRAIL_ACCESS_LOG: "off" });
  try {
    const { base, adminToken } = worker;
    const party = (id: string, role: string) => registerParty(base, adminToken, id, role);
    const maker = await party("maker", "manufacturer");
    await party("dist", "distributor");
    const batch = await commissionMany(base, maker, 2000, 1000);
    const items = batch.tags.map((t, i) => shipItem(maker, t, batch.heads[i] as string, "dist"));
    let started = performance.now();
    for (let i = 0; i < items.length; i += 1000) await call(base, "/v1/events", { events: items.slice(i, i + 1000) });
    const batchEventsPerSecond = (items.length / (performance.now() - started)) * 1000;

    const singles = await commissionMany(base, maker, 400, 400);
    const one = (i: number) =>
      call(base, "/v1/events", {
        events: [shipItem(maker, singles.tags[i] as ReturnType<typeof mintTag>, singles.heads[i] as string, "dist")],
      });
    started = performance.now();
    for (let i = 0; i < 100; i++) await one(i);
    const singleCommitMs = (performance.now() - started) / 100;
    started = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async (_, w) => {
        for (let i = 100 + w; i < 400; i += 16) await one(i);
      }),
    );
    const concurrentCommitsPerSecond = (300 / (performance.now() - started)) * 1000;
    return { batchEventsPerSecond, singleCommitMs, concurrentCommitsPerSecond };
  } finally {
    await worker.close();
  }
}
