// A bad-input sweep over every endpoint: thousands of generated malformed requests. Every answer
// must be a 4xx problem+json (never a 5xx) and nothing may be written. Shared by the Node run
// (real HTTP, SQLite) and the workerd run (the Worker entry, the Sequencer, D1).
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { toBase64, toBase64Url } from "../../src/core/bytes.js";
import { actor, Client } from "./actors.js";

/** A service under the sweep: how to reach it, and what it has stored (compared before and after). */
export interface SweepTarget {
  readonly base: string;
  readonly adminToken: string;
  readonly fetcher: (url: string, init: RequestInit) => Promise<Response>;
  counts(): Promise<unknown>;
}

let target: SweepTarget;
let client: Client;
const maker = actor("maker");
const shop = actor("shop");
let validEvent: Record<string, unknown>;
let validTag: Record<string, unknown>;
let tagPath: string;
let validHolder: Record<string, unknown>;
let validRecall: Record<string, unknown>;
let validProduct: Record<string, unknown>;
let validNfcBatch: Record<string, unknown>;

const junk = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.constant(null),
  fc.constant(""),
  fc.constant("x".repeat(5000)),
  fc.constant("\u0000\uD800"),
  fc.constant(-1),
  fc.constant(Number.MAX_VALUE),
);

/** A valid object with one member replaced by junk, removed, or joined by an unknown one. */
function mutated(base: Record<string, unknown>) {
  const keys = Object.keys(base);
  return fc.oneof(
    fc.tuple(fc.constantFrom(...keys), junk).map(([k, v]) => ({ ...base, [k]: v })),
    fc.constantFrom(...keys).map((k) => {
      const { [k]: _, ...rest } = base;
      return rest;
    }),
    junk.map((v) => ({ ...base, unexpected: v })),
  );
}

const segment = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    "09506000134352",
    "09506000134353",
    "0",
    "-1",
    "99999999999999999999",
    "%00",
    "..",
    "a/b",
    "ed25519:zz",
  ),
);

export function badInputSweep(name: string, start: () => Promise<SweepTarget>, numRuns = 3000): void {
  describe(`bad-input sweep: ${name}`, () => {
    beforeAll(async () => {
      target = await start();
      client = new Client(target.base, target.adminToken, target.fetcher);
      await client.register(maker, ["manufacturer"]);
      await client.register(shop, ["retailer"]);
      const [tag] = client.mint(maker, 1);
      if (!tag) throw new Error("mint");
      const head = (await client.commission([tag])).body.results[0].leafHash as string;
      validTag = { ...tag.tag, signature: toBase64Url(tag.signature) };
      validEvent = client.signed(maker, "ship", tag, head, { to: "shop" }).event as unknown as Record<string, unknown>;
      tagPath = `/01/${tag.tag.gtin}/21/${tag.tag.serial}`;
      validHolder = {
        type: "claim",
        gtin: tag.tag.gtin,
        serial: tag.tag.serial,
        prev: head,
        holder: toBase64Url(shop.publicKey),
        code: "0123456789ABCDEFGHJK",
        day: new Date().toISOString().slice(0, 10),
      };
      validProduct = {
        actor: maker.keyId,
        gtin: tag.tag.gtin,
        domain: "maker.example",
        names: { en: "Watch", de: "Uhr" },
        support: "https://maker.example/help",
        time: `${new Date().toISOString().slice(0, 19)}Z`,
      };
      validNfcBatch = {
        action: "register",
        actor: maker.keyId,
        batch: "AAAAAAAAAAAAAAAA",
        commitment: "A".repeat(43),
        time: `${new Date().toISOString().slice(0, 19)}Z`,
      };
      validRecall = {
        action: "recall",
        actor: maker.keyId,
        gtin: tag.tag.gtin,
        lot: "L1",
        instructions: "Return it.",
        url: "https://maker.example/recall",
        time: `${new Date().toISOString().slice(0, 19)}Z`,
      };
    });

    it("answers thousands of malformed requests with 4xx problems and writes nothing", async () => {
      const before = await target.counts();
      const auth = { authorization: `Bearer ${target.adminToken}` };
      const party = { id: "newco", name: "N", roles: ["retailer"], country: "DE", publicKey: toBase64(shop.publicKey) };
      const signature = toBase64Url(new Uint8Array(64));
      const requests = fc.oneof(
        segment.map((s) => ({ method: "GET", path: `/v1/log/entries/${encodeURIComponent(s)}` })),
        fc.tuple(segment, segment).map(([a, b]) => ({
          method: "GET",
          path: `/v1/log/proof/consistency?from=${encodeURIComponent(a)}&to=${encodeURIComponent(b)}`,
        })),
        fc.tuple(segment, segment).map(([a, b]) => ({
          method: "GET",
          path: `/01/${encodeURIComponent(a)}/21/${encodeURIComponent(b)}?s=${encodeURIComponent(a)}`,
        })),
        segment.map((s) => ({
          method: "GET",
          path: `${tagPath}?s=${encodeURIComponent(s)}&format=${encodeURIComponent(s)}`,
        })),
        fc.tuple(segment, segment).map(([a, b]) => ({
          method: "GET",
          path: `/v1/tags/${encodeURIComponent(a)}/${encodeURIComponent(b)}/events`,
        })),
        mutated(party).map((body) => ({ method: "POST", path: "/v1/parties", body, headers: auth })),
        fc.constant({ method: "POST", path: "/v1/parties", body: party }),
        segment.map((s) => ({ method: "GET", path: `/v1/parties/${encodeURIComponent(s)}`, headers: auth })),
        fc.tuple(segment, junk).map(([s, v]) => ({
          method: "POST",
          path: `/v1/parties/${encodeURIComponent(s)}/keys`,
          body: { publicKey: v },
          headers: auth,
        })),
        fc.tuple(segment, segment).map(([a, b]) => ({
          method: "POST",
          path: `/v1/parties/${encodeURIComponent(a)}/keys/${encodeURIComponent(b)}/retire`,
          headers: auth,
        })),
        fc.tuple(segment, junk).map(([a, v]) => ({
          method: "POST",
          path: `/v1/parties/maker/keys/${encodeURIComponent(a)}/revoke`,
          body: { compromisedAt: v },
          headers: auth,
        })),
        mutated(validTag).map((t) => ({ method: "POST", path: "/v1/tags", body: { tags: [t] } })),
        junk.map((body) => ({ method: "POST", path: "/v1/tags", body })),
        mutated(validEvent).map((event) => ({
          method: "POST",
          path: "/v1/events",
          body: { events: [{ event, signature }] },
        })),
        junk.map((body) => ({ method: "POST", path: "/v1/events", body })),
        mutated(validHolder).map((statement) => ({
          method: "POST",
          path: "/v1/holder-statements",
          body: { statement, signature },
        })),
        junk.map((body) => ({ method: "POST", path: "/v1/holder-statements", body })),
        mutated(validRecall).map((recall) => ({ method: "POST", path: "/v1/recalls", body: { recall, signature } })),
        junk.map((body) => ({ method: "POST", path: "/v1/recalls", body })),
        mutated(validNfcBatch).map((statement) => ({
          method: "POST",
          path: "/v1/nfc/batches",
          body: { statement, signature, key: toBase64Url(new Uint8Array(16)) },
        })),
        junk.map((body) => ({ method: "POST", path: "/v1/nfc/batches", body })),
        fc.tuple(segment, segment, segment).map(([e, f, m]) => ({
          method: "GET",
          path: `${tagPath}?e=${encodeURIComponent(e)}&f=${encodeURIComponent(f)}&m=${encodeURIComponent(m)}`,
        })),
        mutated(validProduct).map((product) => ({
          method: "POST",
          path: "/v1/products",
          body: { product, signature },
        })),
        fc.tuple(junk, junk).map(([k, v]) => ({
          method: "POST",
          path: "/v1/products",
          body: { product: { ...validProduct, names: { [String(k).slice(0, 40)]: v } }, signature },
        })),
        fc.tuple(segment, segment).map(([a, b]) => ({
          method: "GET",
          path: `/v1/tags/${encodeURIComponent(a)}/${encodeURIComponent(b)}/holder`,
        })),
        fc.tuple(segment, segment).map(([a, b]) => ({
          method: "GET",
          path: `/claim/01/${encodeURIComponent(a)}/21/${encodeURIComponent(b)}`,
        })),
        fc
          .tuple(
            fc.constantFrom(
              "/v1/events",
              "/v1/tags",
              "/v1/parties",
              "/v1/holder-statements",
              "/v1/recalls",
              "/v1/nfc/batches",
            ),
            fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "application/json; charset=utf-16", ""),
          )
          .map(([path, type]) => ({
            method: "POST",
            path,
            raw: "{not json",
            headers: { ...auth, "content-type": type },
          })),
        fc.constantFrom("PUT", "DELETE", "PATCH").map((method) => ({ method, path: "/v1/events", body: {} })),
      );
      const seen = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(
          requests,
          async (r: {
            method: string;
            path: string;
            body?: unknown;
            raw?: string;
            headers?: Record<string, string>;
          }) => {
            const res = await target.fetcher(target.base + r.path, {
              method: r.method,
              headers: { "content-type": "application/json", accept: "application/json", ...r.headers },
              ...(r.raw !== undefined ? { body: r.raw } : r.body !== undefined ? { body: JSON.stringify(r.body) } : {}),
            });
            const text = await res.text();
            seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
            expect(res.status, `${r.method} ${r.path} ${text.slice(0, 200)}`).toBeLessThan(500);
            if (res.status >= 400) expect(res.headers.get("content-type"), r.path).toBe("application/problem+json");
          },
        ),
        { numRuns },
      );
      expect(await target.counts()).toEqual(before);
      // The sweep reached the validators, the auth check and the domain refusals alike.
      for (const status of [400, 401, 404]) expect(seen.get(status) ?? 0, `status ${status}`).toBeGreaterThan(0);
    }, 120_000);
  });
}
