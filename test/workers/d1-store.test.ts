// The storage contract on the D1 adapters, inside workerd, on the real migrations. Each extra
// writer is its own adapter object (its own write queue), as separate isolates would be.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { nobleCrypto } from "../../src/core/crypto.js";
import { d1DomainStore } from "../../src/store/d1/domain-store.js";
import { D1LogStore } from "../../src/store/d1/log-store.js";
import { type StoreUnderTest, seal, storeContract } from "../support/store-contract.js";
import { emptyDatabase } from "./support.js";

function connect(): StoreUnderTest {
  const log = new D1LogStore(env.DB, nobleCrypto);
  return {
    log,
    domain: d1DomainStore(log),
    writer: connect,
    sql: async (s) => void (await env.DB.prepare(s).run()),
  };
}

storeContract("d1", async () => {
  await emptyDatabase(env.DB);
  return connect();
});

describe("D1 group commit", () => {
  it("sends commits that queue behind a batch in flight as one batch, with one checkpoint", async () => {
    await emptyDatabase(env.DB);
    const { log, domain } = connect();
    const leaf = (n: number) => new TextEncoder().encode(`party ${n}`);
    const party = (n: number) => ({
      id: `p${n}`,
      name: `P${n}`,
      roles: ["retailer" as const],
      country: "DE",
      companyPrefixes: [],
      showName: true,
    });
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, n) => domain.commit([{ kind: "party", party: party(n), leaf: leaf(n) }], n, seal)),
    );
    expect(results.map((r) => r.firstIndex)).toEqual(results.map((_, i) => i));
    const checkpoints = await log.checkpointsFrom(0, 100);
    // The first commit goes alone; the fifteen that queued behind it go together.
    expect(checkpoints.map((c) => c.size)).toEqual([1, 16]);
  });
});
