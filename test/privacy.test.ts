// Privacy: verifications from a distinctive client address and user agent, against `npm start`'s
// own process and against the Workers build under `wrangler dev`; afterwards neither string, nor
// its SHA-256 in any common encoding, appears in any file of the data directory (databases, WAL,
// keys; on Workers, the local D1 and Durable Object state) or in anything the server printed.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { toBase64Url } from "../src/core/bytes.js";
import { actor, Client } from "./support/actors.js";
import { spawnNodeServer } from "./support/node-process.js";
import { tempDir } from "./support/temp.js";
import { spawnWranglerDev } from "./support/wrangler-process.js";

const CLIENT_IP = "127.42.13.7";
const FORWARDED_IP = "203.0.113.77";
const AGENT = "PrivacyProbe/9.9 (distinctive-agent-7f3a)";

function needles(s: string): string[] {
  const digest = createHash("sha256").update(s).digest();
  return [s, digest.toString("hex"), digest.toString("base64"), digest.toString("base64url")];
}

function get(url: string, extra: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        localAddress: CLIENT_IP,
        headers: { "user-agent": AGENT, "x-forwarded-for": FORWARDED_IP, accept: "text/html", ...extra },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe("privacy of the verify path", () => {
  it("keeps no trace of the client's address or user agent", async () => {
    const dataDir = tempDir("tagtrail-privacy-");
    // As `npm start` runs: its own process, access log and demo on.
    const node = await spawnNodeServer(dataDir, { TAGTRAIL_DEMO: "on", TAGTRAIL_ACCESS_LOG: "on" });
    const demoUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no demo URL in: ${node.output()}`)), 30_000);
      const check = setInterval(() => {
        const m = /(http:\/\/127\.0\.0\.1:\d+\/01\/\S+)/.exec(node.output());
        if (m) {
          clearInterval(check);
          clearTimeout(timer);
          resolve(m[1] as string);
        }
      }, 50);
    });
    for (let i = 0; i < 25; i++) expect(await get(demoUrl)).toBe(200);
    expect(await get(demoUrl.replace(/\?s=.*/, "?s=forged"))).toBe(200);
    await new Promise((r) => setTimeout(r, 1500)); // past the scan counter's flush
    await node.close();
    const output = node.output();

    const found: string[] = [];
    const haystacks: [string, Buffer][] = files(dataDir).map((f) => [f, readFileSync(f)]);
    haystacks.push(["server output", Buffer.from(output)]);
    for (const s of [CLIENT_IP, FORWARDED_IP, AGENT]) {
      for (const needle of needles(s)) {
        for (const [name, data] of haystacks) if (data.includes(needle)) found.push(`${needle} in ${name}`);
      }
    }
    expect(found).toEqual([]);
    // The access log was on and did log the scans, as route patterns only.
    expect(output).toMatch(/demo GET \/01\/:gtin\/21\/:serial 200 /);
    // The scans were counted: the only trace is a per-day count.
    const db = new Database(join(dataDir, "demo", "tagtrail.db"), { readonly: true });
    const rows = db.prepare("SELECT day, count FROM scan_counts").all() as { day: string; count: number }[];
    db.close();
    expect(rows.length).toBe(1);
    expect(rows[0]?.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(rows[0]?.count).toBe(25);
  });

  it("keeps no trace of them on the Workers build either: only a day count with a country code", async () => {
    const dir = tempDir("tagtrail-privacy-worker-");
    const worker = await spawnWranglerDev("privacy.example/log", { TAGTRAIL_ACCESS_LOG: "on" }, dir);
    try {
      const client = new Client(worker.base, worker.adminToken);
      const maker = actor("privmaker");
      expect((await client.register(maker, ["manufacturer"])).status).toBe(201);
      const [tag] = client.mint(maker, 1);
      if (!tag) throw new Error("mint");
      expect((await client.commission([tag])).status).toBe(200);
      const url = `${worker.base}/01/${tag.tag.gtin}/21/${tag.tag.serial}?s=${toBase64Url(tag.signature)}`;
      // What Cloudflare's edge would add: the client's address as a header.
      for (let i = 0; i < 25; i++) expect(await get(url, { "cf-connecting-ip": FORWARDED_IP })).toBe(200);
      await new Promise((r) => setTimeout(r, 2500)); // past the isolate's scan flush
    } finally {
      await worker.close();
    }
    const found: string[] = [];
    const haystacks: [string, Buffer][] = files(dir).map((f) => [f, readFileSync(f)]);
    haystacks.push(["wrangler dev output", Buffer.from(worker.output())]);
    for (const s of [CLIENT_IP, FORWARDED_IP, AGENT]) {
      for (const needle of needles(s)) {
        for (const [name, data] of haystacks) if (data.includes(needle)) found.push(`${needle} in ${name}`);
      }
    }
    expect(found).toEqual([]);
    expect(worker.output()).toMatch(/GET \/01\/:gtin\/21\/:serial 200 /);
    // The local D1 is a SQLite file: its only trace of the scans is one count per day and country
    // (wrangler dev's placeholder request.cf says "US").
    const d1 = files(dir).filter((f) => f.endsWith(".sqlite") && f.includes("D1"));
    const counts = d1.flatMap((f) => {
      const db = new Database(f, { readonly: true });
      try {
        return db.prepare("SELECT day, country, count FROM scan_counts").all() as Record<string, unknown>[];
      } catch {
        return [];
      } finally {
        db.close();
      }
    });
    expect(counts).toEqual([{ day: new Date().toISOString().slice(0, 10), country: "US", count: 25 }]);
  });
});
