// Copied-code signals over days, and retention: with a controllable clock, scans on many days
// after the sale raise a warning, and counts older than the retention period are deleted.
import { beforeAll, describe, expect, it } from "vitest";
import { actor, Client } from "./support/actors.js";
import { type RunningServer, startServer } from "./support/server.js";
import { tempDir } from "./support/temp.js";

const DAY = 86_400_000;
let clock = Date.parse("2026-03-01T12:00:00Z");
let server: RunningServer;
let client: Client;

describe("scan counts over days", () => {
  beforeAll(async () => {
    server = await startServer(tempDir(), "days.example/log", undefined, {
      now: () => clock,
      thresholds: { scansAfterSale: 1000, daysAfterSale: 3 },
      scanRetentionDays: 30,
    });
    client = new Client(server.base, server.runtime.adminToken);
  });

  it("notes a sold tag scanned on more days than the threshold, and forgets old days", async () => {
    const maker = actor("maker");
    const shop = actor("shop");
    await client.register(maker, ["manufacturer"]);
    await client.register(shop, ["retailer"]);
    const [tag] = client.mint(maker, 1);
    if (!tag) throw new Error("mint");
    let head = (await client.commission([tag])).body.results[0].leafHash;
    for (const [a, type, extra] of [
      [maker, "ship", { to: "shop" }],
      [shop, "receive", {}],
      [shop, "sell", {}],
    ] as const) {
      // Event times follow the server's clock, which runs in March 2026 here.
      const time = `${new Date(clock - 1000).toISOString().slice(0, 19)}Z`;
      head = (await client.events([client.signed(a, type, tag, head, { ...extra, time })])).body.results[0].leafHash;
    }
    const codes = async () => (await client.verify(tag)).body.reasons.map((r: { code: string }) => r.code);
    for (let d = 0; d < 3; d++) {
      expect(await codes()).toEqual(["sold"]);
      clock += DAY;
    }
    expect(await codes()).toEqual(["sold", "often-checked"]); // the 4th distinct day: a note, not a warning
    await server.runtime.scans.flush();
    const rows = () => server.runtime.db.prepare("SELECT day, count FROM scan_counts ORDER BY day").all();
    expect(rows()).toHaveLength(4);

    clock += 40 * DAY;
    expect(await server.runtime.scans.purge(clock, 30)).toBe(4);
    expect(rows()).toEqual([]);
    expect(await codes()).toEqual(["sold"]); // forgotten days no longer count
  });
});
