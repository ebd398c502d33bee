// `npm run simulate`: how well the verdicts tell genuine products from copies, measured on a
// population run through the real service (a Node runtime on a fresh SQLite file, its HTTP app for
// every write, its verifier for every scan) on a simulated clock. Genuine products are bought,
// re-scanned, given, resold, returned and scan-bombed; copied codes sit on fake goods on other
// shelves. Per scenario it counts genuine products ever shown a warning or worse (false
// positives) and copies whose first shelf scan tells the shopper it is not a new genuine product.
// Options: --products N (default 3,000), --seed N (default 1). Exits 1 if a goal is missed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import type { VerifyResult } from "../src/core/answer.js";
import { toBase64Url } from "../src/core/bytes.js";
import { claimCommitment, randomClaimCode } from "../src/core/claim.js";
import { randomSeed } from "../src/core/crypto.js";
import {
  type CustodyEvent,
  type EventType,
  type HolderStatement,
  holderSigningBytes,
  signEvent,
} from "../src/core/event.js";
import { gtinWithCheckDigit } from "../src/core/gs1.js";
import { keyId } from "../src/core/keys.js";
import { mintTag, type SignedTag } from "../src/core/tag.js";
import type { PartyDisplay } from "../src/core/verdict.js";
import { nodeCrypto } from "../src/runtime/node/crypto.js";
import { type NodeRuntime, openNodeRuntime } from "../src/runtime/node/runtime.js";

const DAY = 86_400_000;
const GTIN = gtinWithCheckDigit("0950600013435");

/** mulberry32: a small seeded PRNG, so a run can be repeated exactly. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Party {
  readonly id: string;
  readonly name: string;
  readonly country: string;
  readonly showName: boolean;
  readonly seed: Uint8Array;
  readonly keyId: string;
}

interface Product {
  readonly tag: SignedTag;
  head: string;
  shop: Party;
  /** The device key of its current holder, once claimed. */
  owner?: { seed: Uint8Array; key: string };
  /** The open claim code, if one can be claimed now. */
  code?: string;
}

export type ScenarioKind = "genuine" | "copy";

export interface ScenarioRow {
  readonly scenario: string;
  readonly kind: ScenarioKind;
  readonly products: number;
  readonly scans: number;
  /** genuine: products shown warning, recalled or counterfeit at least once; copy: first shelf scans that told. */
  readonly hits: number;
  /** genuine: products whose answer carried the often-checked note at least once. */
  readonly notes: number;
  /** copy: which reason told the shopper, and how often. */
  readonly caughtBy: Readonly<Record<string, number>>;
}

export interface SimulationOptions {
  readonly products: number;
  readonly seed: number;
}

const SHOPS = [
  { id: "boutique-fr", name: "Boutique Paris", country: "FR", showName: true },
  { id: "kaufhaus-de", name: "Kaufhaus Berlin", country: "DE", showName: true },
  { id: "negozio-it", name: "Negozio Milano", country: "IT", showName: true },
  { id: "tienda-es", name: "Tienda Madrid", country: "ES", showName: false },
  { id: "outlet-fr", name: "Outlet Lyon", country: "FR", showName: false },
] as const;
const TRAVEL = ["FR", "DE", "IT", "ES", "NL", "US", "JP", "GB"];

export async function simulate(options: SimulationOptions): Promise<ScenarioRow[]> {
  const rand = prng(options.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const chance = (p: number) => rand() < p;
  // Deterministic bytes for mint and claim codes (the service's own randomness is not simulated).
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(rand() * 256));

  let clock = Date.parse("2026-01-05T09:00:00Z");
  const dir = mkdtempSync(join(tmpdir(), "tagtrail-simulate-"));
  const rt: NodeRuntime = await openNodeRuntime({ dataDir: dir, origin: "simulate.example/log", now: () => clock });
  try {
    const party = async (
      id: string,
      name: string,
      role: "manufacturer" | "distributor" | "retailer",
      country: string,
      showName = true,
    ): Promise<Party> => {
      const seed = randomSeed();
      const publicKey = nodeCrypto.ed25519.publicKey(seed);
      await rt.parties.register({
        id,
        name,
        roles: [role],
        country,
        companyPrefixes: role === "manufacturer" ? ["9506000"] : [],
        showName,
        publicKey,
      });
      return { id, name, country, showName, seed, keyId: keyId(nodeCrypto.sha256, publicKey) };
    };
    const maker = await party("maker", "Maison Demo", "manufacturer", "CH");
    const dist = await party("dist", "Demo Logistics", "distributor", "NL");
    const shops: Party[] = [];
    for (const s of SHOPS) shops.push(await party(s.id, s.name, "retailer", s.country, s.showName));

    const post = async (path: string, body: unknown) => {
      const res = await rt.app.request(path, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const answer = (await res.json()) as { results?: { leafHash: string }[]; leafHash?: string; detail?: string };
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${answer.detail ?? JSON.stringify(answer)}`);
      return answer;
    };
    const time = () => `${new Date(clock - 1000).toISOString().slice(0, 19)}Z`;
    const day = () => new Date(clock).toISOString().slice(0, 10);
    const signed = (who: Party, type: EventType, p: Product, extra: Partial<CustodyEvent> = {}) => {
      const event: CustodyEvent = {
        type,
        gtin: p.tag.tag.gtin,
        serial: p.tag.tag.serial,
        prev: p.head,
        actor: who.keyId,
        time: time(),
        ...extra,
      };
      return { event, signature: toBase64Url(signEvent(nodeCrypto, who.seed, event)) };
    };
    /** One custody step for many products at once (a batch, as a warehouse sends it). */
    const step = async (who: (p: Product) => Party, type: EventType, ps: Product[], extra?: (p: Product) => object) => {
      for (let i = 0; i < ps.length; i += 1000) {
        const slice = ps.slice(i, i + 1000);
        const { results = [] } = await post("/v1/events", {
          events: slice.map((p) => signed(who(p), type, p, extra?.(p) ?? {})),
        });
        for (const [j, r] of results.entries()) (slice[j] as Product).head = r.leafHash;
      }
    };
    const event = (who: Party, type: EventType, p: Product, extra: Partial<CustodyEvent> = {}) =>
      step(
        () => who,
        type,
        [p],
        () => extra,
      );
    const holder = async (
      device: { seed: Uint8Array; key: string },
      p: Product,
      fields: Partial<HolderStatement> & Pick<HolderStatement, "type">,
    ) => {
      const statement: HolderStatement = {
        gtin: p.tag.tag.gtin,
        serial: p.tag.tag.serial,
        prev: p.head,
        holder: device.key,
        day: day(),
        ...fields,
      };
      const signature = toBase64Url(nodeCrypto.ed25519.sign(holderSigningBytes(statement), device.seed));
      p.head = (await post("/v1/holder-statements", { statement, signature })).leafHash as string;
    };
    const device = () => {
      const seed = randomSeed();
      return { seed, key: toBase64Url(nodeCrypto.ed25519.publicKey(seed)) };
    };
    const claim = async (p: Product) => {
      const d = device();
      await holder(d, p, { type: "claim", code: p.code as string });
      p.owner = d;
      delete p.code;
    };
    /** Passes a claimed product on with a one-time code, as the claim page does. */
    const offer = async (p: Product) => {
      const code = randomClaimCode(bytes);
      const commitment = claimCommitment(nodeCrypto.sha256, p.tag.tag, code, bytes);
      await holder(p.owner as { seed: Uint8Array; key: string }, p, { type: "transfer", offer: commitment });
      delete p.owner;
      p.code = code;
    };
    const release = async (p: Product) => {
      await holder(p.owner as { seed: Uint8Array; key: string }, p, { type: "transfer" });
      delete p.owner;
    };
    const returned = async (p: Product) => {
      const code = randomClaimCode(bytes);
      await event(p.shop, "return", p, { claim: claimCommitment(nodeCrypto.sha256, p.tag.tag, code, bytes) });
      p.code = code;
    };
    const later = (days: number) => {
      clock += days * DAY + int(0, 3600_000);
    };

    /** Makes `n` products, brings them to their shops (or, with `toShop` false, to the distributor). */
    const supply = async (n: number, toShop = true): Promise<Product[]> => {
      const ps: Product[] = Array.from({ length: n }, () => {
        const minted = mintTag(nodeCrypto, maker.seed, maker.keyId, { gtin: GTIN, claimCode: true }, bytes);
        return { tag: minted, head: "", shop: pick(shops), code: minted.claimCode as string };
      });
      for (let i = 0; i < n; i += 1000) {
        const slice = ps.slice(i, i + 1000);
        const { results = [] } = await post("/v1/tags", {
          tags: slice.map((p) => ({ ...p.tag.tag, signature: toBase64Url(p.tag.signature) })),
        });
        for (const [j, r] of results.entries()) (slice[j] as Product).head = r.leafHash;
      }
      await step(
        () => maker,
        "ship",
        ps,
        () => ({ to: dist.id }),
      );
      later(2);
      await step(() => dist, "receive", ps);
      if (!toShop) return ps;
      later(3);
      await step(
        () => dist,
        "ship",
        ps,
        (p) => ({ to: p.shop.id }),
      );
      later(2);
      await step((p) => p.shop, "receive", ps);
      return ps;
    };

    // --- scans and what they are judged by ------------------------------------------------------
    let scans = 0;
    const scan = async (p: Product, country: string): Promise<VerifyResult> => {
      scans++;
      return rt.verifier.verify(p.tag.tag.gtin, p.tag.tag.serial, p.tag.signature, country);
    };
    const alarming = (r: VerifyResult) =>
      r.verdict === "warning" || r.verdict === "recalled" || r.verdict === "counterfeit";
    const noted = (r: VerifyResult) => r.reasons.some((x) => x.code === "often-checked");
    /** What a shopper standing in `shop` learns from a copy's answer: the reason that tells, if any. */
    const tells = (r: VerifyResult, shop: Party): string | undefined => {
      if (r.verdict === "counterfeit") return "counterfeit";
      if (r.verdict === "caution") return "caution (not in a shop yet)";
      for (const x of r.reasons) {
        if (x.code === "claimed") return "claimed";
        if (x.code === "sold") return "sold";
        if (x.code === "at-retailer") {
          const at = x.at as PartyDisplay;
          if (at.country !== shop.country) return "at-retailer (another country)";
          if (at.name !== undefined && at.name !== shop.name) return "at-retailer (another shop's name)";
        }
      }
      return undefined;
    };

    const rows: ScenarioRow[] = [];
    const per = Math.max(5, Math.round(options.products / 11));
    /** Runs a genuine scenario: `life` scans and acts on each product; a product counts once. */
    const genuine = async (
      name: string,
      life: (p: Product, look: (country: string) => Promise<void>) => Promise<void>,
      toShop = true,
    ) => {
      const before = scans;
      let hits = 0;
      let notes = 0;
      for (const p of await supply(per, toShop)) {
        let alarmed = false;
        let wasNoted = false;
        await life(p, async (country) => {
          const r = await scan(p, country);
          alarmed ||= alarming(r);
          wasNoted ||= noted(r);
        });
        if (alarmed) hits++;
        if (wasNoted) notes++;
      }
      rows.push({ scenario: name, kind: "genuine", products: per, scans: scans - before, hits, notes, caughtBy: {} });
    };
    /** Runs a copy scenario: `setup` moves the genuine product along; the copy is then scanned on a shelf elsewhere. */
    const copy = async (name: string, setup: (p: Product) => Promise<void>, toShop = true) => {
      const before = scans;
      let hits = 0;
      const caughtBy: Record<string, number> = {};
      for (const p of await supply(per, toShop)) {
        await setup(p);
        // The copy sits sealed on another shop's shelf; a shopper scans it before paying.
        const elsewhere = pick(shops.filter((s) => s.id !== p.shop.id));
        const why = tells(await scan(p, elsewhere.country), elsewhere);
        if (why) {
          hits++;
          caughtBy[why] = (caughtBy[why] ?? 0) + 1;
        }
      }
      rows.push({ scenario: name, kind: "copy", products: per, scans: scans - before, hits, notes: 0, caughtBy });
    };
    const rescans = async (look: (c: string) => Promise<void>, home: string, n: number, overDays: number) => {
      for (let i = 0; i < n; i++) {
        later(rand() * (overDays / Math.max(1, n)));
        await look(chance(0.85) ? home : pick(TRAVEL));
      }
    };
    const claimDelay = () => (chance(0.6) ? 0 : chance(0.75) ? int(1, 7) : int(8, 60));

    // --- genuine products ---------------------------------------------------------------------------
    await genuine("on a shelf: shoppers scan before buying", async (p, look) => {
      for (let i = int(1, 5); i > 0; i--) {
        later(int(0, 6));
        await look(p.shop.country);
      }
    });
    await genuine("bought and claimed, re-scanned up to 60 times over a year", async (p, look) => {
      await look(p.shop.country);
      await event(p.shop, "sell", p);
      later(claimDelay());
      await claim(p);
      await rescans(look, p.shop.country, int(0, 60), 365);
    });
    await genuine("bought, never claimed, re-scanned up to 60 times over a year", async (p, look) => {
      await event(p.shop, "sell", p);
      await rescans(look, p.shop.country, int(0, 60), 365);
    });
    await genuine("a gift: scanned by the giver, then on 10-30 days by the recipient", async (p, look) => {
      await event(p.shop, "sell", p);
      await rescans(look, p.shop.country, int(1, 3), 3);
      later(int(1, 30));
      if (chance(0.5)) await claim(p);
      await rescans(look, pick(TRAVEL), int(10, 30), 120);
    });
    await genuine("resold by one-time code (a third of them twice)", async (p, look) => {
      await event(p.shop, "sell", p);
      await claim(p);
      await rescans(look, p.shop.country, int(1, 10), 90);
      for (let owners = chance(0.33) ? 2 : 1; owners > 0; owners--) {
        later(int(30, 300));
        await look(pick(TRAVEL)); // the buyer checks before paying
        await offer(p);
        await claim(p);
        await rescans(look, pick(TRAVEL), int(1, 20), 180);
      }
    });
    await genuine("returned (released first if claimed) and sold again", async (p, look) => {
      await event(p.shop, "sell", p);
      if (chance(0.5)) await claim(p);
      await rescans(look, p.shop.country, int(1, 5), 10);
      later(int(1, 30));
      if (p.owner) await release(p);
      await returned(p);
      await rescans(look, p.shop.country, int(0, 3), 20);
      await event(p.shop, "sell", p);
      later(claimDelay());
      await claim(p);
      await rescans(look, p.shop.country, int(0, 20), 180);
    });
    await genuine("scan-bombed: 1,000-3,000 scans of a photo of its code over a month", async (p, look) => {
      await event(p.shop, "sell", p);
      if (chance(0.5)) await claim(p);
      const n = int(1000, 3000);
      for (let i = 0; i < n; i++) {
        if (i % 100 === 0) later(1);
        await look(pick(TRAVEL));
      }
    });

    // --- copied codes on fake goods -------------------------------------------------------------------
    await copy(
      "copy of a product its buyer claims, on sale from 30 days before the sale to a year after",
      async (p) => {
        // The copy's first shelf scan falls anywhere in this window; the genuine one is sold and claimed in it.
        const offset = int(-30, 365);
        if (offset < 0) {
          later(-offset);
          return; // not yet sold: the genuine one is still on its shelf
        }
        await event(p.shop, "sell", p);
        const delay = claimDelay();
        if (delay <= offset) {
          later(delay);
          await claim(p);
          later(offset - delay);
        } else later(offset);
      },
    );
    await copy("copy of a sold product whose buyer never claims", async (p) => {
      await event(p.shop, "sell", p);
      later(int(1, 365));
    });
    await copy("copy of a product still on a genuine shelf", async (p) => {
      later(int(1, 60));
    });
    await copy(
      "copy of a product not yet in a shop (with its distributor)",
      async () => {
        later(int(1, 30));
      },
      false,
    );
    return rows;
  } finally {
    await rt.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The goals of issue 10: ≤ 1 % of genuine products warned; ≥ 95 % of copies of claimed products caught. */
export function goals(rows: readonly ScenarioRow[]): { genuineWarned: number; claimedCopiesCaught: number } {
  const genuine = rows.filter((r) => r.kind === "genuine");
  const warned = genuine.reduce((n, r) => n + r.hits, 0) / genuine.reduce((n, r) => n + r.products, 0);
  const claimed = rows.find((r) => r.scenario.startsWith("copy of a product its buyer claims")) as ScenarioRow;
  return { genuineWarned: warned, claimedCopiesCaught: claimed.hits / claimed.products };
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

export function table(rows: readonly ScenarioRow[]): string {
  const out = [
    "| scenario | products | scans | genuine shown a warning or worse | copies caught at the first shelf scan |",
    "| --- | ---: | ---: | ---: | ---: |",
  ];
  for (const r of rows) {
    const fp = r.kind === "genuine" ? `${r.hits} (${pct(r.hits / r.products)})` : "";
    const fn = r.kind === "copy" ? `${r.hits} (${pct(r.hits / r.products)})` : "";
    out.push(`| ${r.scenario} | ${r.products} | ${r.scans.toLocaleString("en-US")} | ${fp} | ${fn} |`);
  }
  return out.join("\n");
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { products: { type: "string" }, seed: { type: "string" } } });
  const options = {
    products: z.coerce.number().int().min(11).max(100_000).default(3000).parse(values.products),
    seed: z.coerce.number().int().default(1).parse(values.seed),
  };
  const start = performance.now();
  const rows = await simulate(options);
  console.log(`tagtrail simulation: ${options.products} products, seed ${options.seed}\n`);
  console.log(table(rows));
  console.log("\nWhat told the shopper, for each copy scenario:");
  for (const r of rows.filter((x) => x.kind === "copy")) {
    const why = Object.entries(r.caughtBy)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(", ");
    console.log(`  ${r.scenario}: ${why || "nothing"}; missed ${r.products - r.hits}`);
  }
  console.log("\nGenuine products whose answer carried the note often-checked (never a warning):");
  for (const r of rows.filter((x) => x.kind === "genuine")) console.log(`  ${r.scenario}: ${r.notes} of ${r.products}`);
  const g = goals(rows);
  const fpOk = g.genuineWarned <= 0.01;
  const fnOk = g.claimedCopiesCaught >= 0.95;
  console.log(
    `\ngoal: ≤ 1 % of genuine products ever shown a warning or worse: ${pct(g.genuineWarned)} ${fpOk ? "PASS" : "FAIL"}`,
  );
  console.log(
    `goal: ≥ 95 % of copied codes on claimed products caught at the first shelf scan: ${pct(g.claimedCopiesCaught)} ${fnOk ? "PASS" : "FAIL"}`,
  );
  console.log(`(${((performance.now() - start) / 1000).toFixed(1)} s)`);
  return fpOk && fnOk ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(await main());
