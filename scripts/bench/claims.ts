// Claims: a buyer's claim is one holder-signed entry a request (the claim page sends one), so
// its cost is a one-entry durable commit plus a signature check. The baseline, measured in the
// same run on the same database, is a one-event custody commit (a retailer's sale, one a request).
import { toBase64Url } from "../../src/core/bytes.js";
import { randomBytesPool, randomSeed } from "../../src/core/crypto.js";
import { type CustodyEvent, type HolderStatement, holderSigningBytes, signEvent } from "../../src/core/event.js";
import { gtinWithCheckDigit } from "../../src/core/gs1.js";
import { mintTag, type SignedTag } from "../../src/core/tag.js";
import { nodeCrypto } from "../../src/runtime/node/crypto.js";
import { openNodeRuntime } from "../../src/runtime/node/runtime.js";
import { registerParty } from "./parties.js";
import { fmt, line, rate, section, withScratch } from "./report.js";

const GTIN = gtinWithCheckDigit("0950600013435");
const random = randomBytesPool();

export async function benchClaims(products = 4000, writers = 16): Promise<void> {
  section(`Claims: one holder-signed claim a request over the HTTP app, durable; ${fmt(products)} products`);
  await withScratch(async (dir) => {
    const service = await openNodeRuntime({ dataDir: dir, origin: "bench.example/log" });
    const app = service.app;
    const post = async (
      path: string,
      body: unknown,
    ): Promise<{ leafHash: string; results?: { leafHash: string }[] }> => {
      const res = await app.request(path, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as never;
    };
    const maker = await registerParty(service.parties, "maker", "manufacturer");
    const shop = await registerParty(service.parties, "shop", "retailer");
    const minted = Array.from({ length: products }, () =>
      mintTag(nodeCrypto, maker.seed, maker.keyId, { gtin: GTIN, claimCode: true }, random),
    );
    const heads: string[] = [];
    for (let i = 0; i < products; i += 1000) {
      const tags = minted.slice(i, i + 1000).map((t) => ({ ...t.tag, signature: toBase64Url(t.signature) }));
      heads.push(...((await post("/v1/tags", { tags })).results ?? []).map((r) => r.leafHash));
    }
    const now = () => `${new Date().toISOString().slice(0, 19)}Z`;
    const event = (who: typeof maker, t: SignedTag, k: number, e: Partial<CustodyEvent>) => {
      const ev: CustodyEvent = {
        type: "ship",
        gtin: t.tag.gtin,
        serial: t.tag.serial,
        prev: heads[k] as string,
        actor: who.keyId,
        time: now(),
        ...e,
      };
      return { event: ev, signature: toBase64Url(signEvent(nodeCrypto, who.seed, ev)) };
    };
    for (const step of [
      { who: maker, e: { type: "ship", to: "shop" } },
      { who: shop, e: { type: "receive" } },
    ] as const) {
      for (let i = 0; i < products; i += 1000) {
        const events = minted.slice(i, i + 1000).map((t, j) => event(step.who, t, i + j, step.e));
        const results = (await post("/v1/events", { events })).results ?? [];
        for (const [j, r] of results.entries()) heads[i + j] = r.leafHash;
      }
    }
    // Signed ahead of time: the figures are the server's, not the client's signing.
    const sales = minted.map((t, k) => event(shop, t, k, { type: "sell" }));
    const run = async (items: readonly unknown[], path: string, wrap: (x: unknown) => unknown) => {
      let next = 0;
      const start = performance.now();
      await Promise.all(
        Array.from({ length: writers }, async () => {
          while (next < items.length) await post(path, wrap(items[next++]));
        }),
      );
      return rate(items.length, performance.now() - start);
    };
    const half = products / 2;
    // Baseline: sales one event a request (the first half sequentially, the second with 16 writers).
    const salesOne = await (async () => {
      const start = performance.now();
      for (let k = 0; k < half; k++) {
        const r = await post("/v1/events", { events: [sales[k]] });
        const [sold] = r.results ?? [];
        if (!sold) throw new Error("a sale without a result");
        heads[k] = sold.leafHash;
      }
      return rate(half, performance.now() - start);
    })();
    const salesMany = await run(sales.slice(half), "/v1/events", (s) => ({ events: [s] }));
    // Recompute the sold heads of the concurrent half: they answered, but out of order.
    for (let k = half; k < products; k++) {
      const t = minted[k] as SignedTag;
      const res = await app.request(`/v1/tags/${t.tag.gtin}/${t.tag.serial}/holder`);
      heads[k] = ((await res.json()) as { head: string }).head;
    }
    const claims = minted.map((t, k) => {
      const seed = randomSeed();
      const statement: HolderStatement = {
        type: "claim",
        gtin: t.tag.gtin,
        serial: t.tag.serial,
        prev: heads[k] as string,
        holder: toBase64Url(nodeCrypto.ed25519.publicKey(seed)),
        code: t.claimCode as string,
        day: new Date().toISOString().slice(0, 10),
      };
      return { statement, signature: toBase64Url(nodeCrypto.ed25519.sign(holderSigningBytes(statement), seed)) };
    });
    const claimsOne = await (async () => {
      const start = performance.now();
      for (const c of claims.slice(0, half)) await post("/v1/holder-statements", c);
      return rate(half, performance.now() - start);
    })();
    const claimsMany = await run(claims.slice(half), "/v1/holder-statements", (c) => c);
    line("sales, one event a request, one writer", `${fmt(salesOne)} /s`, "(baseline)");
    line(
      "claims, one a request, one writer",
      `${fmt(claimsOne)} /s`,
      `${fmt(claimsOne / salesOne, 2)} × baseline (${fmt(1000 / claimsOne, 2)} ms each)`,
    );
    line(`sales, one event a request, ${writers} writers`, `${fmt(salesMany)} /s`, "(baseline)");
    line(
      `claims, one a request, ${writers} writers`,
      `${fmt(claimsMany)} /s`,
      `${fmt(claimsMany / salesMany, 2)} × baseline`,
    );
    await service.close();
  });
}
