// The Worker entry inside workerd, every write through the Sequencer Durable Object: concurrent
// writers never fork the log or a chain, and a scan keeps only a day count with the country.
import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { Client } from "../support/actors.js";
import { raceAndCheck } from "../support/race.js";

// Through SELF: the Worker as a service binding, requests concurrent as on the edge.
const client = () =>
  new Client("https://tagtrail.test", env.TAGTRAIL_ADMIN_TOKEN, (url, init) => SELF.fetch(url, init));

describe("tagtrail on Workers + D1", () => {
  it("16 concurrent writers: one winner per prev, no duplicate index, every acknowledged write present", async () => {
    const report = await raceAndCheck(client(), 16);
    expect(report.refusedWrongPrev).toBe(15);
    expect(report.acknowledged).toBe(4 + 16 * 5);
  });

  it("answers every request with a D1 session bookmark, and a write's bookmark follows its commit", async () => {
    const c = client();
    const first = await SELF.fetch("https://tagtrail.test/v1/log/checkpoint");
    await first.text();
    const before = first.headers.get("x-tagtrail-bookmark");
    expect(before).toMatch(/^[\w.:-]+$/);
    const maker = (await import("../support/actors.js")).actor("bookmarker", "9506001");
    const res = await c.register(maker, ["manufacturer"]);
    expect(res.status).toBe(201);
    const after = res.headers.get("x-tagtrail-bookmark");
    expect(after).toMatch(/^[\w.:-]+$/);
    expect(after).not.toBe(before);
    // A client that sends it back (the test client does) reads its own write.
    expect(c.bookmark).toBe(after);
    const read = await c.admin("GET", "/v1/parties/bookmarker");
    expect([read.status, read.body.id]).toEqual([200, "bookmarker"]);
    // A malformed bookmark is ignored, not an error.
    const odd = await SELF.fetch("https://tagtrail.test/healthz", { headers: { "x-tagtrail-bookmark": "<script>" } });
    expect(odd.status).toBe(200);
    await odd.text();
  });

  it("counts a scan by day and the edge's country code, and stores nothing else of the request", async () => {
    const c = client();
    const maker = (await import("../support/actors.js")).actor("cfmaker", "9506002");
    expect((await c.register(maker, ["manufacturer"])).status).toBe(201);
    const [tag] = c.mint(maker, 1);
    if (!tag) throw new Error("mint");
    expect((await c.commission([tag])).status).toBe(200);
    const url = `https://tagtrail.test/01/${tag.tag.gtin}/21/${tag.tag.serial}?s=${(await import("../../src/core/bytes.js")).toBase64Url(tag.signature)}`;
    for (const country of ["FR", "FR", "JP"]) {
      const res = await SELF.fetch(url, {
        headers: {
          accept: "application/json",
          "user-agent": "DistinctiveAgent/9.9",
          "cf-connecting-ip": "203.0.113.77",
        },
        cf: { country },
      } as RequestInit);
      expect(res.status).toBe(200);
      await res.text();
    }
    let rows: Record<string, unknown>[] = [];
    for (let i = 0; i < 50 && rows.length < 2; i++) {
      rows = (await env.DB.prepare("SELECT day, country, count FROM scan_counts ORDER BY country").all()).results;
      await new Promise((r) => setTimeout(r, 20));
    }
    const day = new Date().toISOString().slice(0, 10);
    expect(rows).toEqual([
      { day, country: "FR", count: 2 },
      { day, country: "JP", count: 1 },
    ]);
    const dump = JSON.stringify(
      await Promise.all(
        ["scan_counts", "tags", "tag_entries", "parties", "log_leaves", "log_checkpoints", "log_meta"].map(
          async (t) => (await env.DB.prepare(`SELECT * FROM ${t}`).all()).results,
        ),
      ),
    );
    expect(dump).not.toContain("203.0.113.77");
    expect(dump).not.toContain("DistinctiveAgent");
  });
});
