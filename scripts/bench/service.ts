// Service benchmarks: minting vs raw Ed25519 signing, durable event ingest vs raw verification,
// and verify over loopback vs a bare Hono endpoint (autocannon, bounded in time).
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { toBase64Url } from "../../src/core/bytes.js";
import { randomBytesPool, randomSeed } from "../../src/core/crypto.js";
import { type CustodyEvent, signEvent } from "../../src/core/event.js";
import { gtinWithCheckDigit } from "../../src/core/gs1.js";
import { keyId } from "../../src/core/keys.js";
import { mintTag } from "../../src/core/tag.js";
import { nodeCrypto } from "../../src/runtime/node/crypto.js";
import { openNodeRuntime } from "../../src/runtime/node/runtime.js";
import { fmt, line, rate, section, time, verdict, withScratch } from "./report.js";
import { loadWorkerVerify, loadWorkerWrites } from "./worker.js";

const GTIN = gtinWithCheckDigit("0950600013435");
const random = randomBytesPool();

export function benchMint(n = 20_000): void {
  section("Mint: signed tags per second (offline, Node's Ed25519)");
  const seed = randomSeed();
  const kid = keyId(nodeCrypto.sha256, nodeCrypto.ed25519.publicKey(seed));
  const msg = new Uint8Array(120).fill(7);
  for (let i = 0; i < 2000; i++) nodeCrypto.ed25519.sign(msg, seed); // warm-up
  const [, signMs] = time(() => {
    for (let i = 0; i < n; i++) nodeCrypto.ed25519.sign(msg, seed);
  });
  const [, mintMs] = time(() => {
    for (let i = 0; i < n; i++) mintTag(nodeCrypto, seed, kid, { gtin: GTIN, lot: "L1" }, random);
  });
  const signRate = rate(n, signMs);
  const mintRate = rate(n, mintMs);
  line("raw Ed25519 signatures", `${fmt(signRate)} /s`, "(baseline)");
  line(
    "minted tags (serial, canonical bytes, signature)",
    `${fmt(mintRate)} /s`,
    `${fmt(mintRate / signRate, 2)} × baseline; ${verdict(mintRate >= 0.8 * signRate, "≥ 0.8 ×")}`,
  );
}

export async function benchIngest(tags = 20_000): Promise<void> {
  section("Ingest: signed custody events, batches of 1,000 over the HTTP app, durable");
  await withScratch(async (dir) => {
    const service = await openNodeRuntime({ dataDir: dir, origin: "bench.example/log" });
    const app = service.app;
    const auth = { authorization: `Bearer ${service.adminToken}`, "content-type": "application/json" };
    const party = async (id: string, role: string) => {
      const seed = randomSeed();
      const publicKey = nodeCrypto.ed25519.publicKey(seed);
      const body = {
        id,
        name: id,
        roles: [role],
        country: "DE",
        companyPrefixes: role === "manufacturer" ? ["9506000"] : [],
        publicKey: Buffer.from(publicKey).toString("base64"),
      };
      const res = await app.request("/v1/parties", { method: "POST", headers: auth, body: JSON.stringify(body) });
      if (res.status !== 201) throw new Error(await res.text());
      return { seed, keyId: keyId(nodeCrypto.sha256, publicKey) };
    };
    const maker = await party("maker", "manufacturer");
    const dist = await party("dist", "distributor");
    const minted = Array.from({ length: tags }, () =>
      mintTag(nodeCrypto, maker.seed, maker.keyId, { gtin: GTIN }, random),
    );
    const heads: string[] = [];
    for (let i = 0; i < tags; i += 1000) {
      const res = await app.request("/v1/tags", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          tags: minted.slice(i, i + 1000).map((t) => ({ ...t.tag, signature: toBase64Url(t.signature) })),
        }),
      });
      heads.push(...((await res.json()) as { results: { leafHash: string }[] }).results.map((r) => r.leafHash));
    }
    const bodies: string[] = [];
    for (let i = 0; i < tags; i += 1000) {
      const events = minted.slice(i, i + 1000).map((t, k) => {
        const event: CustodyEvent = {
          type: "ship",
          gtin: t.tag.gtin,
          serial: t.tag.serial,
          prev: heads[i + k] as string,
          actor: maker.keyId,
          to: "dist",
          time: `${new Date().toISOString().slice(0, 19)}Z`,
        };
        return { event, signature: toBase64Url(signEvent(nodeCrypto, maker.seed, event)) };
      });
      bodies.push(JSON.stringify({ events }));
    }
    const sig = signEvent(nodeCrypto, maker.seed, {
      type: "ship",
      gtin: GTIN,
      serial: "x",
      prev: "y",
      actor: maker.keyId,
      time: "z",
    });
    const msg = new Uint8Array(200).fill(1);
    const pub = nodeCrypto.ed25519.publicKey(maker.seed);
    const s2 = nodeCrypto.ed25519.sign(msg, maker.seed);
    const [, verifyMs] = time(() => {
      for (let i = 0; i < tags; i++) nodeCrypto.ed25519.verify(s2, msg, pub);
    });
    const start = performance.now();
    for (const body of bodies) {
      const res = await app.request("/v1/events", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      if (res.status !== 200) throw new Error(await res.text());
    }
    const ingestRate = rate(tags, performance.now() - start);
    const verifyRate = rate(tags, verifyMs);
    line("raw Ed25519 verifications", `${fmt(verifyRate)} /s`, "(baseline)");
    line(
      "events ingested (parse, validate, verify, commit)",
      `${fmt(ingestRate)} /s`,
      `${fmt(ingestRate / verifyRate, 2)} × baseline; ${verdict(ingestRate >= 10_000, "≥ 10,000/s")}`,
    );
    void sig;
    void dist;
    // Storage per entry, for sizing (SQLite pages, indexes included; D1 stores the same schema).
    service.db.pragma("wal_checkpoint(TRUNCATE)");
    const entries = service.db.prepare("SELECT count(*) FROM log_leaves").pluck().get() as number;
    const bytes = statSync(join(dir, "tagtrail.db")).size;
    line(
      "database bytes per log entry (all tables)",
      `${fmt(bytes / entries)} B`,
      `${fmt(entries)} entries, ${fmt(bytes / 2 ** 20, 1)} MiB`,
    );
    await service.close();
  });
}

async function startServer(mode: string, dataDir: string): Promise<{ url: string; proc: ChildProcess }> {
  const script = fileURLToPath(new URL("./serve.ts", import.meta.url));
  const proc = spawn(process.execPath, ["--import", "tsx", script, mode, dataDir], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    proc.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /ready (\S+)/.exec(out);
      if (m) resolve(m[1] as string);
    });
    proc.on("exit", (code) => reject(new Error(`bench server exited ${code}`)));
  });
  return { url, proc };
}

/** Picks paths by a Zipf law (s = 1): the k-th path with probability ∝ 1/k. */
function zipfPicker(paths: readonly string[]): () => string {
  const cdf = new Float64Array(paths.length);
  let sum = 0;
  for (let k = 0; k < paths.length; k++) {
    sum += 1 / (k + 1);
    cdf[k] = sum;
  }
  return () => {
    const u = Math.random() * sum;
    let lo = 0;
    let hi = paths.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cdf[mid] as number) < u) lo = mid + 1;
      else hi = mid;
    }
    return paths[lo] as string;
  };
}

export async function benchVerify(seconds = 10, connections = 50): Promise<void> {
  section(`Verify over loopback: autocannon, ${connections} connections, ${seconds} s each, JSON`);
  await withScratch(async (dir) => {
    interface Load {
      rps: number;
      p99: number;
      errors: number;
      bytes: number;
    }
    const load = async (mode: string): Promise<Load> => {
      // Each server its own database: the loads must not share parties or tags.
      const data = join(dir, mode.replace(/\W/g, "-"));
      const { url, proc } = await startServer(mode, data);
      try {
        const headers = { accept: "application/json" };
        // NFC: every request a distinct tap, in the order the tags made them (see serve.ts).
        const taps =
          mode === "tagtrail:nfc" ? (JSON.parse(readFileSync(join(data, "taps.json"), "utf8")) as string[]) : [];
        let next = 0;
        // Zipf: 100,000 tags, the k-th most scanned drawn with probability ∝ 1/k.
        const zipf =
          mode === "tagtrail:zipf" ? zipfPicker(JSON.parse(readFileSync(join(data, "paths.json"), "utf8"))) : undefined;
        const requests = taps.length
          ? [{ setupRequest: (req: { path: string }) => ({ ...req, path: taps[next++ % taps.length] as string }) }]
          : zipf
            ? [{ setupRequest: (req: { path: string }) => ({ ...req, path: zipf() }) }]
            : undefined;
        const opts = { url, connections, headers, ...(requests ? { requests } : {}) };
        await autocannon({ ...opts, duration: 2 }); // warm-up
        const r = await autocannon({ ...opts, duration: seconds });
        if (next > taps.length)
          console.log(`  (the ${taps.length} NFC taps ran out: ${next - taps.length} were replays)`);
        return {
          rps: r.requests.average,
          p99: r.latency.p99,
          errors: r.errors + r.non2xx + r.timeouts,
          bytes: r.throughput.average / Math.max(1, r.requests.average),
        };
      } finally {
        proc.kill("SIGTERM");
      }
    };
    const bare = await load("bare");
    const tt = await load("tagtrail");
    const claimed = await load("tagtrail:claimed");
    const nfc = await load("tagtrail:nfc");
    const zipf = await load("tagtrail:zipf");
    const zipfSized = await load(`bare:${Math.round(zipf.bytes - bare.bytes + 80)}`);
    // A second baseline answers with a body as large as the verify answer (proofs included).
    const sized = await load(`bare:${Math.round(tt.bytes - bare.bytes + 80)}`);
    line("bare Hono JSON endpoint", `${fmt(bare.rps)} req/s`, `p99 ${bare.p99} ms (baseline)`);
    line(
      "bare Hono, body padded to the verify answer's size",
      `${fmt(sized.rps)} req/s`,
      `p99 ${sized.p99} ms (${fmt(tt.bytes / 1024, 1)} KiB a response)`,
    );
    line(
      "tagtrail verify, 10-entry chain with proofs",
      `${fmt(tt.rps)} req/s`,
      `p99 ${tt.p99} ms; ${fmt(tt.rps / bare.rps, 2)} × baseline (${fmt(tt.rps / sized.rps, 2)} × same-size); ${verdict(tt.rps >= 0.5 * bare.rps && tt.p99 <= 10, "≥ 0.5 × and p99 ≤ 10 ms")}${tt.errors ? `; ${tt.errors} errors` : ""}`,
    );
    line(
      "tagtrail verify, the same product claimed (11 entries)",
      `${fmt(claimed.rps)} req/s`,
      `p99 ${claimed.p99} ms; ${fmt(claimed.rps / tt.rps, 2)} × the unclaimed product${claimed.errors ? `; ${claimed.errors} errors` : ""}`,
    );
    line(
      "tagtrail verify, NFC taps (200 TagTamper tags, each request a new tap)",
      `${fmt(nfc.rps)} req/s`,
      `p99 ${nfc.p99} ms; ${fmt(nfc.rps / tt.rps, 2)} × plain verify (SUN decrypt + CMAC + a counter write per tap)${nfc.errors ? `; ${nfc.errors} errors` : ""}`,
    );
    line(
      "tagtrail verify, 100,000 tags by Zipf, a writer at 500 events/s",
      `${fmt(zipf.rps)} req/s`,
      `p99 ${zipf.p99} ms; ${fmt(zipf.rps / zipfSized.rps, 2)} × bare Hono sending the same ${fmt(zipf.bytes / 1024, 1)} KiB (${fmt(zipfSized.rps)} req/s); ${verdict(zipf.rps >= 0.5 * zipfSized.rps && zipf.p99 <= 10, "≥ 0.5 × and p99 ≤ 10 ms")}${zipf.errors ? `; ${zipf.errors} errors` : ""}`,
    );
    const { health, verify: edge } = await loadWorkerVerify(seconds, connections);
    line(
      "wrangler dev: /healthz (its proxy + workerd, no D1)",
      `${fmt(health.rps)} req/s`,
      `p99 ${health.p99} ms (the local simulator's ceiling)`,
    );
    line(
      "wrangler dev: tagtrail verify (local D1)",
      `${fmt(edge.rps)} req/s`,
      `p99 ${edge.p99} ms; ${fmt(edge.rps / tt.rps, 3)} × the Node figure; ${fmt(edge.rps / health.rps, 2)} × its /healthz${edge.errors ? `; ${edge.errors} errors` : ""}`,
    );
  });
}

export async function benchWorkerWrites(): Promise<void> {
  section("Writes on wrangler dev: Worker → Sequencer (Durable Object) → local D1, signatures checked with Web Crypto");
  const w = await loadWorkerWrites();
  line(
    "events ingested, batches of 1,000",
    `${fmt(w.batchEventsPerSecond)} /s`,
    "(signatures checked in the Worker with Web Crypto)",
  );
  line("one-event commits, one writer", `${fmt(w.singleCommitMs, 1)} ms each`, `${fmt(1000 / w.singleCommitMs)} /s`);
  line(
    "one-event commits, 16 writers at once",
    `${fmt(w.concurrentCommitsPerSecond)} /s`,
    `${fmt((w.concurrentCommitsPerSecond * w.singleCommitMs) / 1000, 2)} × one writer`,
  );
}
