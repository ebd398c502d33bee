// Who may be registered with what, over real HTTP on a real SQLite file: a company prefix that
// overlaps another party's, a revocation dated in the future and a public key no strict
// verification could accept are each refused with a stable code, and nothing is written.
import * as ed from "@noble/ed25519";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { fromHex, toBase64 } from "../src/core/bytes.js";
import { gtinHasPrefix, prefixesOverlap } from "../src/core/gs1.js";
import { actor, Client, gtinOf, PREFIX } from "./support/actors.js";
import { type RunningServer, startServer } from "./support/server.js";
import { tempDir } from "./support/temp.js";

// The eight small-order points of edwards25519 (the 8-torsion subgroup), canonically encoded as
// in the RFC 8032 literature's blocklists: none may be a party's key.
const SMALL_ORDER = [
  ["identity (order 1)", "0100000000000000000000000000000000000000000000000000000000000000"],
  ["order 2 (y = -1)", "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"],
  ["order 4 (y = 0)", "0000000000000000000000000000000000000000000000000000000000000000"],
  ["order 4 (y = 0, sign bit)", "0000000000000000000000000000000000000000000000000000000000000080"],
  ["order 8", "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"],
  ["order 8, sign bit", "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa"],
  ["order 8 (y = -y8)", "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"],
  ["order 8 (y = -y8), sign bit", "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85"],
] as const;
// Encodings strict decoding refuses before any order is considered.
const NOT_STRICT = [
  ["non-canonical: y = p + 3, of large order", "f0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"],
  ["non-canonical identity: y = p + 1", "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"],
  ["identity with the sign bit set", "0100000000000000000000000000000000000000000000000000000000000080"],
  ["not on the curve: y = 2", "0200000000000000000000000000000000000000000000000000000000000000"],
] as const;
const WEAK = [...SMALL_ORDER, ...NOT_STRICT].map(([label, hex]) => [label, toBase64(fromHex(hex) as Uint8Array)]);

const inSeconds = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

let server: RunningServer;
let client: Client;
const maker = actor("maker"); // holds PREFIX, 9506000
const holder = actor("holder");

/** What a refusal must leave as it was: the log, the parties and every key's state. */
function counts() {
  const db = server.runtime.db;
  return {
    leaves: db.prepare("SELECT count(*) FROM log_leaves").pluck().get(),
    parties: db.prepare("SELECT count(*) FROM parties").pluck().get(),
    keys: db.prepare("SELECT key_id, retired_at, compromised_at FROM party_keys ORDER BY key_id").all(),
  };
}

/** Sends a request that must be refused with `status` and `code`, and checks that nothing was written. */
async function refused(status: number, code: string, send: () => ReturnType<Client["call"]>): Promise<string> {
  const before = counts();
  const res = await send();
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(counts()).toEqual(before);
  return res.body.detail as string;
}

beforeAll(async () => {
  server = await startServer(tempDir(), "party-rules.example/log");
  client = new Client(server.base, server.runtime.adminToken);
  for (const [a, roles] of [
    [maker, ["manufacturer"]],
    [holder, ["retailer"]],
  ] as const) {
    const res = await client.register(a, [...roles]);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
});

describe("company prefixes", () => {
  it("claim a common GTIN exactly when one begins with the other", () => {
    const prefix = fc.stringMatching(/^\d{4,12}$/);
    const gtin = (p: string) => gtinOf(p);
    fc.assert(
      fc.property(prefix, prefix, (a, b) => {
        expect(prefixesOverlap(a, b)).toBe(gtinHasPrefix(gtin(a), b) || gtinHasPrefix(gtin(b), a));
      }),
      { numRuns: 500 },
    );
    expect(prefixesOverlap("9506", "9506000")).toBe(true);
    expect(prefixesOverlap("0950600", "9506000")).toBe(false);
  });

  for (const [what, prefixes] of [
    ["a shorter prefix that holds the maker's range", ["9506"]],
    ["a longer prefix inside the maker's range", [`${PREFIX}12`]],
    ["the maker's prefix itself", [PREFIX]],
    ["an overlapping prefix beside a free one", ["4006381", "950600"]],
  ] as const) {
    it(`refuses a second party with ${what}: 409 prefix-overlap, nothing written`, async () => {
      const rival = actor("rival");
      const detail = await refused(409, "prefix-overlap", () =>
        client.register(rival, ["manufacturer"], { companyPrefixes: [...prefixes] }),
      );
      expect(detail).toContain(`prefix ${PREFIX} of party maker`);
      expect((await client.admin("GET", "/v1/parties/rival")).status).toBe(404);
    });
  }

  it("refuses one registration whose own prefixes overlap: 400 invalid-request", async () => {
    await refused(400, "invalid-request", () =>
      client.register(actor("selfish"), ["manufacturer"], { companyPrefixes: ["4006381", "40063"] }),
    );
  });

  it("accepts a second maker beside the first, which commissions in its own range", async () => {
    const neighbour = actor("neighbour", "9506001");
    const res = await client.register(neighbour, ["manufacturer"]);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((await client.commission(client.mint(neighbour, 2))).status).toBe(200);
    // Which range is whose stays enforced: the maker's GTINs are not the neighbour's.
    expect((await client.commission(client.mint(neighbour, 1, gtinOf(PREFIX)))).status).toBe(403);
  });
});

describe("revocation", () => {
  it("refuses a compromise dated beyond the clock-skew allowance, and accepts one in the past", async () => {
    const keys = [actor("holder"), actor("holder")];
    for (const k of keys) {
      const res = await client.admin("POST", "/v1/parties/holder/keys", { publicKey: toBase64(k.publicKey) });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const [k1, k2] = keys as [(typeof keys)[0], (typeof keys)[0]];
    const revoke = (keyId: string, compromisedAt: string) =>
      client.admin("POST", `/v1/parties/holder/keys/${keyId}/revoke`, { compromisedAt });
    for (const ahead of [3_600_000, 6 * 60_000, 365 * 86_400_000]) {
      const detail = await refused(400, "compromise-in-future", () => revoke(k1.keyId, inSeconds(Date.now() + ahead)));
      expect(detail).toContain("5 minutes");
    }
    const past = await revoke(k1.keyId, "2020-01-01T00:00:00Z");
    expect([past.status, past.body.compromisedAt]).toEqual([200, "2020-01-01T00:00:00.000Z"]);
    // Within the allowance: a clock a little ahead of the server's is not refused.
    expect((await revoke(k2.keyId, inSeconds(Date.now() + 60_000))).status).toBe(200);
  });
});

describe("public keys", () => {
  it("lists exactly the eight points of small order", () => {
    const points = SMALL_ORDER.map(([, hex]) => ed.Point.fromHex(hex, false));
    expect(points.every((p) => p.isSmallOrder())).toBe(true);
    expect(new Set(points.map((p) => p.toHex())).size).toBe(8);
  });

  for (const [label, publicKey] of WEAK) {
    it(`refuses ${label} at registration and as an added key: 400 weak-public-key`, async () => {
      await refused(400, "weak-public-key", () =>
        client.admin("POST", "/v1/parties", {
          id: "weakling",
          name: "Weakling",
          roles: ["retailer"],
          country: "DE",
          publicKey,
        }),
      );
      await refused(400, "weak-public-key", () => client.admin("POST", "/v1/parties/holder/keys", { publicKey }));
    });
  }
});
