// `npm run simulate`: how well the verdicts tell genuine products from copies, measured on a
// population run through the real service (a Node runtime on a fresh SQLite file, its HTTP app for
// every write, its verifier for every scan) on a simulated clock. Genuine products are bought,
// re-scanned, given, resold, returned and scan-bombed; copied codes sit on fake goods on other
// shelves. The products' lives interleave on one timeline of about three years. Per scenario it
// counts genuine products ever shown a warning or worse (false positives) and copies whose first
// shelf scan tells the shopper it is not a new genuine product.
// Options: --products N (default 3,000), --seed N (default 1). Exits 1 if a goal is missed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
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
const START = Date.parse("2026-01-05T09:00:00Z");

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

/**
 * A discrete-event clock: many products' lives run on one simulated timeline, each resuming at
 * its own time, one at a time (so every service call is serial and a seed repeats a run exactly).
 */
class Timeline {
  now: number;
  /** Binary min-heap of sleeping lives by (time, order of sleeping). */
  readonly #heap: { at: number; seq: number; wake: () => void }[] = [];
  #seq = 0;
  /** Called when the running life sleeps again or ends: the timeline then wakes the next one. */
  #parked: () => void = () => {};
  /** Called when a life throws: the run stops with its error. */
  #failed: (error: unknown) => void = () => {};

  constructor(start: number) {
    this.now = start;
  }

  /** Resumes the calling life `ms` of simulated time later. */
  sleep(ms: number): Promise<void> {
    return new Promise((wake) => {
      this.#push({ at: this.now + Math.max(0, ms), seq: this.#seq++, wake });
      this.#parked();
    });
  }

  /** Runs `lives` to their ends, interleaved by simulated time; the first failure stops the run. */
  async run(lives: readonly (() => Promise<void>)[]): Promise<void> {
    for (const life of lives) this.#push({ at: this.now, seq: this.#seq++, wake: () => this.#start(life) });
    let failure: { error: unknown } | undefined;
    const fail = (error: unknown) => {
      failure ??= { error };
      this.#parked();
    };
    this.#failed = fail;
    for (let next = this.#pop(); next; next = this.#pop()) {
      this.now = Math.max(this.now, next.at);
      const { wake } = next;
      await new Promise<void>((resolve) => {
        this.#parked = resolve;
        wake();
      });
      if (failure) throw failure.error;
    }
  }

  #start(life: () => Promise<void>): void {
    life().then(
      () => this.#parked(),
      (error: unknown) => this.#failed(error),
    );
  }

  #push(e: { at: number; seq: number; wake: () => void }): void {
    const h = this.#heap;
    h.push(e);
    for (let i = h.length - 1; i > 0; ) {
      const up = (i - 1) >> 1;
      if (!this.#before(h[i] as typeof e, h[up] as typeof e)) break;
      [h[i], h[up]] = [h[up] as typeof e, h[i] as typeof e];
      i = up;
    }
  }

  #pop(): { at: number; seq: number; wake: () => void } | undefined {
    const h = this.#heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.#before(h[l] as typeof last, h[m] as typeof last)) m = l;
        if (r < h.length && this.#before(h[r] as typeof last, h[m] as typeof last)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m] as typeof last, h[i] as typeof last];
        i = m;
      }
    }
    return top;
  }

  #before(a: { at: number; seq: number }, b: { at: number; seq: number }): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }
}

/** Where a shopper stands: a registered shop, or one the service has never heard of. */
interface Shop {
  readonly name: string;
  readonly country: string;
}

interface Party extends Shop {
  readonly id: string;
  readonly seed: Uint8Array;
  readonly keyId: string;
}

interface Device {
  readonly seed: Uint8Array;
  /** base64url public key. */
  readonly key: string;
}

interface Product {
  readonly tag: SignedTag;
  head: string;
  shop: Party;
  /** The device key of its current holder, once claimed. */
  owner?: Device;
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
  /** genuine: products that a shopper scanning them at their own shop's shelf would have read as a copy. */
  readonly misread: number;
  /** copy: what the shopper read, by outcome ("claimed", "missed: …"), and how often. */
  readonly read: Readonly<Record<string, number>>;
  /** copy: the verdict its first shelf scan showed, and how often. */
  readonly verdicts: Readonly<Record<string, number>>;
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

/** The name of the goal's scenario: copies of codes whose genuine product is claimed. */
const CLAIMED_COPY = "copy of a claimed product's code, first scanned up to a year after the claim";

/** What a shopper standing in `shop`, about to buy a sealed product, reads in its answer. */
export function shopperReads(r: VerifyResult, shop: Shop): { told: boolean; how: string } {
  if (r.verdict === "counterfeit") return { told: true, how: "counterfeit" };
  if (r.verdict === "warning" || r.verdict === "recalled") return { told: true, how: r.verdict };
  if (r.verdict === "caution") return { told: true, how: "caution (not in a shop yet)" };
  for (const x of r.reasons) {
    if (x.code === "claimed") return { told: true, how: "claimed" };
    if (x.code === "sold") return { told: true, how: "sold" };
    if (x.code === "at-retailer") {
      const at = x.at as PartyDisplay;
      if (at.country !== shop.country) return { told: true, how: "at-retailer (a shop in another country)" };
      if (at.name !== undefined && at.name !== shop.name)
        return { told: true, how: "at-retailer (another shop's name)" };
      if (at.name === shop.name) return { told: false, how: "missed: at-retailer names this very shop" };
      return { told: false, how: "missed: at-retailer, a shop in this country that hides its name" };
    }
  }
  return { told: false, how: `missed: ${r.reasons.map((x) => x.code).join(", ")}` };
}

export async function simulate(options: SimulationOptions): Promise<ScenarioRow[]> {
  return (await simulation(options)).rows;
}

/** The rows, and how many days the simulated clock ran. */
async function simulation(options: SimulationOptions): Promise<{ rows: ScenarioRow[]; days: number }> {
  const rand = prng(options.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const chance = (p: number) => rand() < p;
  // Deterministic bytes for mint and claim codes (the service's own randomness is not simulated).
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(rand() * 256));

  const tl = new Timeline(START);
  const dir = mkdtempSync(join(tmpdir(), "tagtrail-simulate-"));
  const rt: NodeRuntime = await openNodeRuntime({ dataDir: dir, origin: "simulate.example/log", now: () => tl.now });
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
      return { id, name, country, seed, keyId: keyId(nodeCrypto.sha256, publicKey) };
    };
    const maker = await party("maker", "Maison Demo", "manufacturer", "CH");
    const dist = await party("dist", "Demo Logistics", "distributor", "NL");
    const shops: Party[] = [];
    for (const s of SHOPS) shops.push(await party(s.id, s.name, "retailer", s.country, s.showName));

    // --- writes, through the HTTP app as a client sends them -----------------------------------------
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
    const time = () => `${new Date(tl.now - 1000).toISOString().slice(0, 19)}Z`;
    const day = () => new Date(tl.now).toISOString().slice(0, 10);
    const signed = (who: Party, type: EventType, p: Product, extra: object) => {
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
    const event = (who: Party, type: EventType, p: Product, extra: object = {}) =>
      step(
        () => who,
        type,
        [p],
        () => extra,
      );
    /** A holder's statement, signed by the device as the claim page signs it. */
    const holder = async (
      device: Device,
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
    const device = (): Device => {
      const seed = randomSeed();
      return { seed, key: toBase64Url(nodeCrypto.ed25519.publicKey(seed)) };
    };
    const sell = (p: Product) => event(p.shop, "sell", p);
    const claim = async (p: Product) => {
      const d = device();
      await holder(d, p, { type: "claim", code: p.code as string });
      p.owner = d;
      delete p.code;
    };
    /** Passes a claimed product on with a one-time code, as the claim page does; the new holder claims it. */
    const offer = async (p: Product) => {
      const code = randomClaimCode(bytes);
      const commitment = claimCommitment(nodeCrypto.sha256, p.tag.tag, code, bytes);
      await holder(p.owner as Device, p, { type: "transfer", offer: commitment });
      delete p.owner;
      p.code = code;
    };
    /** Hands a claimed product over device to device: a transfer `to` the new holder's key. */
    const handOver = async (p: Product) => {
      const next = device();
      await holder(p.owner as Device, p, { type: "transfer", to: next.key });
      p.owner = next;
    };
    const release = async (p: Product) => {
      await holder(p.owner as Device, p, { type: "transfer" });
      delete p.owner;
    };
    /** The selling shop takes it back, with a fresh claim code for the next buyer. */
    const returned = async (p: Product) => {
      const code = randomClaimCode(bytes);
      await event(p.shop, "return", p, { claim: claimCommitment(nodeCrypto.sha256, p.tag.tag, code, bytes) });
      p.code = code;
    };
    /** Sleeps the current life `days` (and up to an hour more). */
    const later = (days: number) => tl.sleep(days * DAY + int(0, 3600_000));

    /** Makes `n` products and brings them to their shops (or, with `toShop` false, to the distributor). */
    const supply = async (n: number, toShop: boolean): Promise<Product[]> => {
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
      tl.now += 2 * DAY;
      await step(() => dist, "receive", ps);
      if (!toShop) return ps;
      tl.now += 3 * DAY;
      await step(
        () => dist,
        "ship",
        ps,
        (p) => ({ to: p.shop.id }),
      );
      tl.now += 2 * DAY;
      await step((p) => p.shop, "receive", ps);
      return ps;
    };

    // --- scenarios ------------------------------------------------------------------------------------
    interface Tally {
      scans: number;
      hits: number;
      notes: number;
      misread: number;
      read: Record<string, number>;
      verdicts: Record<string, number>;
    }
    interface Scenario {
      readonly name: string;
      readonly kind: ScenarioKind;
      readonly toShop: boolean;
      readonly run: (p: Product, t: Tally) => Promise<void>;
    }
    /** A scan by an owner or anyone else, from a country. */
    type Look = (country: string) => Promise<void>;
    /** A shopper's scan at the shelf of the product's own shop, before buying it. */
    type Shelf = () => Promise<void>;
    const scan = (p: Product, country: string, t: Tally): Promise<VerifyResult> => {
      t.scans++;
      return rt.verifier.verify(p.tag.tag.gtin, p.tag.tag.serial, p.tag.signature, { country });
    };
    const alarming = (r: VerifyResult) =>
      r.verdict === "warning" || r.verdict === "recalled" || r.verdict === "counterfeit";
    const scenarios: Scenario[] = [];
    /** A genuine scenario: `life` acts on the product and scans it; the product counts once. */
    const genuine = (name: string, life: (p: Product, look: Look, shelf: Shelf) => Promise<void>) =>
      scenarios.push({
        name,
        kind: "genuine",
        toShop: true,
        run: async (p, t) => {
          let alarmed = false;
          let noted = false;
          let misread = false;
          const look: Look = async (country) => {
            const r = await scan(p, country, t);
            alarmed ||= alarming(r);
            noted ||= r.reasons.some((x) => x.code === "often-checked");
          };
          const shelf: Shelf = async () => {
            const r = await scan(p, p.shop.country, t);
            alarmed ||= alarming(r);
            misread ||= shopperReads(r, p.shop).told;
          };
          await life(p, look, shelf);
          t.hits += alarmed ? 1 : 0;
          t.notes += noted ? 1 : 0;
          t.misread += misread ? 1 : 0;
        },
      });
    /** A registered shop other than the genuine one, or half the time a shop the service does not know. */
    const elsewhere = (p: Product): Shop =>
      chance(0.5)
        ? pick(shops.filter((s) => s.id !== p.shop.id))
        : { name: "an unregistered shop or market stall", country: pick(TRAVEL) };
    /** A copy scenario: `setup` moves the genuine product along; then the copy is scanned on a shelf `where`. */
    const copy = (
      name: string,
      setup: (p: Product) => Promise<void>,
      where: (p: Product) => Shop = elsewhere,
      toShop = true,
    ) =>
      scenarios.push({
        name,
        kind: "copy",
        toShop,
        run: async (p, t) => {
          await setup(p);
          const at = where(p);
          const r = await scan(p, at.country, t);
          const { told, how } = shopperReads(r, at);
          t.hits += told ? 1 : 0;
          t.read[how] = (t.read[how] ?? 0) + 1;
          t.verdicts[r.verdict] = (t.verdicts[r.verdict] ?? 0) + 1;
        },
      });
    const rescans = async (look: Look, home: string, n: number, overDays: number) => {
      for (let i = 0; i < n; i++) {
        await later(rand() * (overDays / Math.max(1, n)));
        await look(chance(0.85) ? home : pick(TRAVEL));
      }
    };
    /** Days from a purchase to the claim: most claim at once, some after days or weeks. */
    const claimDelay = () => (chance(0.6) ? 0 : chance(0.75) ? int(1, 7) : int(8, 60));

    genuine("on a shelf: 1-5 shoppers scan it over days before buying", async (_p, _look, shelf) => {
      for (let i = int(1, 5); i > 0; i--) {
        await later(int(0, 6));
        await shelf();
      }
    });
    genuine("bought and claimed, re-scanned up to 60 times over a year", async (p, look, shelf) => {
      await shelf();
      await sell(p);
      await later(claimDelay());
      await claim(p);
      await rescans(look, p.shop.country, int(0, 60), 365);
    });
    genuine("bought, never claimed, re-scanned up to 60 times over a year", async (p, look, shelf) => {
      await shelf();
      await sell(p);
      await rescans(look, p.shop.country, int(0, 60), 365);
    });
    genuine("a gift: scanned by the giver, then on 10-30 days by the recipient", async (p, look) => {
      await sell(p);
      const giverClaims = chance(0.3);
      if (giverClaims) await claim(p);
      await rescans(look, p.shop.country, int(1, 3), 3);
      await later(int(1, 30));
      // The recipient: handed over device to device, or claims with the code from the box, or neither.
      if (giverClaims && chance(0.6)) await handOver(p);
      else if (!giverClaims && chance(0.5)) await claim(p);
      await rescans(look, pick(TRAVEL), int(10, 30), 120);
    });
    genuine("resold by one-time code or hand-over (a third of them twice)", async (p, look) => {
      await sell(p);
      await claim(p);
      await rescans(look, p.shop.country, int(1, 10), 90);
      for (let owners = chance(0.33) ? 2 : 1; owners > 0; owners--) {
        await later(int(30, 300));
        await look(pick(TRAVEL)); // the buyer checks before paying
        if (chance(0.7)) {
          await offer(p);
          await claim(p);
        } else await handOver(p);
        await rescans(look, pick(TRAVEL), int(1, 20), 180);
      }
    });
    genuine("returned (released first if claimed), back on the shelf, sold again", async (p, look, shelf) => {
      await sell(p);
      if (chance(0.5)) await claim(p);
      await rescans(look, p.shop.country, int(1, 5), 10);
      await later(int(1, 30));
      if (p.owner) await release(p);
      await returned(p);
      for (let i = int(0, 3); i > 0; i--) {
        await later(int(0, 7));
        await shelf();
      }
      await sell(p);
      await later(claimDelay());
      await claim(p);
      await rescans(look, p.shop.country, int(0, 20), 180);
    });
    genuine("scan-bombed: 1,000-3,000 scans of a photo of its code over weeks", async (p, look, shelf) => {
      // A third photographed on the shelf and bombed before and after its sale; the rest after it.
      const onShelf = chance(1 / 3);
      const bought = async () => {
        await sell(p);
        if (chance(0.5)) await claim(p);
      };
      if (!onShelf) await bought();
      const n = int(1000, 3000);
      for (let i = 0; i < n; i++) {
        if (i % 100 === 0) await later(1);
        if (onShelf && i === Math.floor(n / 3)) {
          await shelf(); // the real buyer checks it in the shop, amid the bombing
          await bought();
        }
        await look(pick(TRAVEL));
      }
    });

    copy(CLAIMED_COPY, async (p) => {
      await sell(p);
      await later(claimDelay());
      await claim(p);
      await later(int(0, 365));
    });
    copy(
      "copy of a product its buyer will claim, first scanned from 30 days before the sale to a year after",
      async (p) => {
        // The copy's first shelf scan falls anywhere in this window, the genuine sale and claim too.
        const offset = int(-30, 365);
        if (offset < 0) return later(-offset); // not yet sold: the genuine one is on its shelf
        await sell(p);
        const delay = claimDelay();
        if (delay <= offset) {
          await later(delay);
          await claim(p);
          await later(offset - delay);
        } else await later(offset);
      },
    );
    copy("copy of a sold product whose buyer never claims", async (p) => {
      await sell(p);
      await later(int(1, 365));
    });
    copy("copy of a product still on a genuine shelf", async () => {
      await later(int(1, 60));
    });
    copy(
      "copy of a product not yet in a shop (with its distributor)",
      async () => {
        await later(int(1, 30));
      },
      elsewhere,
      false,
    );
    copy(
      "copy on the genuine product's own shop's shelf (a shop mixing copies into its stock)",
      async () => {
        await later(int(1, 60));
      },
      (p) => p.shop,
    );

    // --- run: supply every product, then let their lives interleave on the timeline -----------------
    const per = Math.max(5, Math.round(options.products / scenarios.length));
    const toShop = await supply(per * scenarios.filter((s) => s.toShop).length, true);
    const withDist = await supply(per * scenarios.filter((s) => !s.toShop).length, false);
    const tallies = scenarios.map((): Tally => ({ scans: 0, hits: 0, notes: 0, misread: 0, read: {}, verdicts: {} }));
    const lives: (() => Promise<void>)[] = [];
    for (const [i, s] of scenarios.entries()) {
      const ps = (s.toShop ? toShop : withDist).splice(0, per);
      for (const p of ps) {
        const arrival = int(0, 60); // products reach their shelves over two months
        lives.push(async () => {
          await later(arrival);
          await s.run(p, tallies[i] as Tally);
        });
      }
    }
    await tl.run(lives);
    const rows = scenarios.map((s, i) => ({ scenario: s.name, kind: s.kind, products: per, ...(tallies[i] as Tally) }));
    return { rows, days: Math.round((tl.now - START) / DAY) };
  } finally {
    await rt.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The goals of issue 10: ≤ 1 % of genuine products warned; ≥ 95 % of copies of claimed products caught. */
export function goals(rows: readonly ScenarioRow[]): { genuineWarned: number; claimedCopiesCaught: number } {
  const genuine = rows.filter((r) => r.kind === "genuine");
  const warned = genuine.reduce((n, r) => n + r.hits, 0) / genuine.reduce((n, r) => n + r.products, 0);
  const claimed = rows.find((r) => r.scenario === CLAIMED_COPY) as ScenarioRow;
  // Caught by the reason the issue names: the answer says the product was claimed by its owner.
  return { genuineWarned: warned, claimedCopiesCaught: (claimed.read.claimed ?? 0) / claimed.products };
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const share = (n: number, of: number) => `${n} (${pct(n / of)})`;

export function table(rows: readonly ScenarioRow[]): string {
  const out = [
    "| scenario | products | scans | genuine shown a warning or worse | copies caught at the first shelf scan |",
    "| --- | ---: | ---: | ---: | ---: |",
  ];
  for (const r of rows) {
    const fp = r.kind === "genuine" ? share(r.hits, r.products) : "";
    const fn = r.kind === "copy" ? share(r.hits, r.products) : "";
    out.push(`| ${r.scenario} | ${r.products} | ${r.scans.toLocaleString("en-US")} | ${fp} | ${fn} |`);
  }
  const sum = (kind: ScenarioKind, f: (r: ScenarioRow) => number) =>
    rows.filter((r) => r.kind === kind).reduce((n, r) => n + f(r), 0);
  const products = rows.reduce((n, r) => n + r.products, 0);
  const scans = rows.reduce((n, r) => n + r.scans, 0);
  out.push(
    `| **total** | ${products} | ${scans.toLocaleString("en-US")} | ${share(
      sum("genuine", (r) => r.hits),
      sum("genuine", (r) => r.products),
    )} | ${share(
      sum("copy", (r) => r.hits),
      sum("copy", (r) => r.products),
    )} |`,
  );
  return out.join("\n");
}

/** What the shopper read in each way a copy was caught or missed. */
const EXPLAIN: Record<string, string> = {
  claimed: "'claimed by its owner on <day>; if you are buying it sealed in a shop, it is a copy'",
  sold: "'sold by <shop> on <day>; if it is offered to you as new, it is a copy'",
  "at-retailer (a shop in another country)": "'delivered to <shop or a retailer> in <another country>'",
  "at-retailer (another shop's name)": "'delivered to <another shop by name>'",
  "caution (not in a shop yet)": "caution: 'has not reached a shop yet', while the shopper stands in one",
  "missed: at-retailer names this very shop": "'delivered to <this shop>': what a genuine product here says",
  "missed: at-retailer, a shop in this country that hides its name":
    "'delivered to a retailer in <this country>': this shop may be that retailer",
};

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { products: { type: "string" }, seed: { type: "string" } } });
  const flags = z
    .object({
      products: z.coerce.number().int().min(13).max(100_000).default(3000),
      seed: z.coerce.number().int().default(1),
    })
    .safeParse(values);
  if (!flags.success) {
    for (const i of flags.error.issues) console.error(`simulate: --${i.path.join(".")}: ${i.message}`);
    return 2;
  }
  const options = flags.data;
  const start = performance.now();
  const { rows, days } = await simulation(options);
  const seconds = (performance.now() - start) / 1000;
  console.log(
    `tagtrail simulation: ${rows.reduce((n, r) => n + r.products, 0)} products, seed ${options.seed}, ${days} simulated days\n`,
  );
  console.log(table(rows));
  console.log("\nWhat the shopper read at the first shelf scan of each copy:");
  for (const r of rows.filter((x) => x.kind === "copy")) {
    const verdicts = Object.entries(r.verdicts).map(([v, n]) => `${v} ${n}`);
    console.log(`  ${r.scenario} (verdict shown: ${verdicts.join(", ")}):`);
    for (const [how, n] of Object.entries(r.read).sort((a, b) => b[1] - a[1])) {
      console.log(`    ${String(n).padStart(5)}  ${how}${EXPLAIN[how] ? `: ${EXPLAIN[how]}` : ""}`);
    }
  }
  console.log("\nGenuine products: the note often-checked (never a warning), and read as a copy at their own shelf:");
  for (const r of rows.filter((x) => x.kind === "genuine")) {
    console.log(`  ${r.scenario}: noted ${r.notes} of ${r.products}, read as a copy ${r.misread}`);
  }
  const g = goals(rows);
  const fpOk = g.genuineWarned <= 0.01;
  const fnOk = g.claimedCopiesCaught >= 0.95;
  console.log(
    `\ngoal: ≤ 1 % of genuine products ever shown a warning or worse: ${pct(g.genuineWarned)} ${fpOk ? "PASS" : "FAIL"}`,
  );
  console.log(
    `goal: ≥ 95 % of copied codes on claimed products caught at the first shelf scan (reason claimed): ${pct(g.claimedCopiesCaught)} ${fnOk ? "PASS" : "FAIL"}`,
  );
  console.log(`(${seconds.toFixed(1)} s)`);
  return fpOk && fnOk ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exit(await main());
