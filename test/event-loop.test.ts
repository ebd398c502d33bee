// One request must not stall everyone else. Against the Node service on a real SQLite file, each
// heavy request (hostile JSON shapes, full batches of 10,000) runs while a probe asks GET /healthz
// every ~10 ms; the worst probe latency and the event loop's longest block (monitorEventLoopDelay,
// the server runs in this process) are printed and bounded. Slow clients (slowloris headers or
// bodies) are cut off by the server's timeouts, and a client that drops its body is no 5xx.
import type { Server } from "node:http";
import { connect, type Socket } from "node:net";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { toBase64, toBase64Url } from "../src/core/bytes.js";
import { nobleCrypto, randomSeed } from "../src/core/crypto.js";
import { keyId } from "../src/core/keys.js";
import { mintTag } from "../src/core/tag.js";
import { nodeCrypto } from "../src/runtime/node/crypto.js";
import { HTTP_TIMEOUTS, serveApp } from "../src/runtime/node/http-server.js";
import { MAX_REFUSALS } from "../src/service/errors.js";
import { PREFIX } from "./support/actors.js";
import { type RunningServer, startServer } from "./support/server.js";
import { tempDir } from "./support/temp.js";

/** Loose enough for a loaded 2-core CI machine; the unguarded service blocked for 0.7–3 s. */
const MAX_PROBE_MS = 300;
const BATCH = 10_000;

const seed = randomSeed();
const maker = { seed, publicKey: nobleCrypto.ed25519.publicKey(seed) };
const makerKey = keyId(nobleCrypto.sha256, maker.publicKey);
const GTIN = "09506000134352";

const accessLines: string[] = [];
const errors = vi.spyOn(console, "error");
let server: RunningServer;

afterAll(() => errors.mockRestore());

interface Measured {
  readonly status: number;
  readonly body: string;
  readonly worstProbeMs: number;
  readonly probes: number;
  readonly loopMaxMs: number;
  readonly requestMs: number;
}

/** Sends one request while probing /healthz; the body is encoded before the clock starts. */
async function measure(name: string, path: string, body: string): Promise<Measured> {
  const bytes = new TextEncoder().encode(body);
  const loop = monitorEventLoopDelay({ resolution: 5 });
  let running = true;
  let worstProbeMs = 0;
  let probes = 0;
  const probing = (async () => {
    while (running) {
      // Timed from when the probe was due, as a client outside this process would see it: a
      // blocked loop delays the send as much as the answer.
      const due = performance.now() + 10;
      await sleep(10);
      const res = await fetch(`${server.base}/healthz`);
      await res.arrayBuffer();
      expect(res.status).toBe(200);
      worstProbeMs = Math.max(worstProbeMs, performance.now() - due);
      probes++;
    }
  })();
  await sleep(30); // the probe's connection is open before the heavy request starts
  loop.enable();
  const t0 = performance.now();
  let status: number;
  let text: string;
  let requestMs: number;
  try {
    const res = await fetch(server.base + path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: bytes,
    });
    text = await res.text();
    status = res.status;
    requestMs = performance.now() - t0;
  } finally {
    running = false;
    await probing; // its last round trip counts too
    loop.disable();
  }
  const m = { status, body: text, worstProbeMs, probes, loopMaxMs: loop.max / 1e6, requestMs };
  console.log(
    `[event-loop] ${name}: ${m.status} in ${m.requestMs.toFixed(0)} ms, ` +
      `${(bytes.length / 2 ** 20).toFixed(1)} MiB; worst probe ${m.worstProbeMs.toFixed(0)} ms ` +
      `(${m.probes} probes); event loop max ${m.loopMaxMs.toFixed(0)} ms`,
  );
  return m;
}

function expectQuiet(m: Measured, status: (s: number) => boolean, allowanceMs = 0): void {
  expect(status(m.status), `${m.status} ${m.body.slice(0, 300)}`).toBe(true);
  expect(m.worstProbeMs).toBeLessThan(MAX_PROBE_MS + allowanceMs);
  expect(m.loopMaxMs).toBeLessThan(MAX_PROBE_MS + allowanceMs);
}
const is4xx = (s: number) => s >= 400 && s < 500;

describe("no single request stalls the event loop", () => {
  let heads: { gtin: string; serial: string; leafHash: string }[] = [];
  let tags: ReturnType<typeof mintTag>[] = [];

  beforeAll(async () => {
    server = await startServer(tempDir(), "loop.example/log", undefined, {
      accessLog: (line) => accessLines.push(line),
    });
    const res = await fetch(`${server.base}/v1/parties`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${server.runtime.adminToken}` },
      body: JSON.stringify({
        id: "maker",
        name: "Maker Ltd",
        roles: ["manufacturer"],
        country: "DE",
        companyPrefixes: [PREFIX],
        publicKey: toBase64(maker.publicKey),
      }),
    });
    expect(res.status).toBe(201);
    const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));
    tags = Array.from({ length: BATCH }, () => mintTag(nodeCrypto, maker.seed, makerKey, { gtin: GTIN }, random));
  });

  it("a 300,000-key object", async () => {
    const body = `{${Array.from({ length: 300_000 }, (_, i) => `"k${i}":0`).join(",")}}`;
    expectQuiet(await measure("300,000-key object", "/v1/events", body), is4xx);
  });

  it("a 1,000,000-deep nested array", async () => {
    const body = "[".repeat(1_000_000) + "]".repeat(1_000_000);
    expectQuiet(await measure("1M-deep array", "/v1/events", body), is4xx);
  });

  it("an 8 MiB flat array of numbers", async () => {
    const n = Math.floor((8 * 2 ** 20 - 32) / 2);
    const body = `{"events":[${"0,".repeat(n - 1)}0]}`;
    expectQuiet(await measure("8 MiB array of numbers", "/v1/events", body), is4xx);
  });

  it("10,000 valid commission tags", async () => {
    const body = JSON.stringify({ tags: tags.map((t) => ({ ...t.tag, signature: toBase64Url(t.signature) })) });
    // The batch's SQLite transaction (all or none, 250–400 ms) runs on the writer thread: no allowance.
    const m = await measure("10,000 valid tags", "/v1/tags", body);
    heads = m.status === 200 ? JSON.parse(m.body).results : [];
    expect(heads).toHaveLength(BATCH);
    expectQuiet(m, (s) => s === 200);
  });

  it("10,000 events with bad signatures from a registered party", async () => {
    const time = `${new Date(Date.now() - 1000).toISOString().slice(0, 19)}Z`;
    const body = JSON.stringify({
      events: heads.map((h, i) => ({
        event: { type: "receive", gtin: h.gtin, serial: h.serial, prev: h.leafHash, actor: makerKey, time },
        // A well-formed signature, of something else.
        signature: toBase64Url((tags[i] as (typeof tags)[number]).signature),
      })),
    });
    const leaves = server.runtime.db.prepare("SELECT count(*) FROM log_leaves").pluck().get();
    const m = await measure("10,000 bad-signature events", "/v1/events", body);
    expectQuiet(m, is4xx);
    const problem = JSON.parse(m.body);
    expect(problem.code, m.body.slice(0, 500)).toBe("bad-signature");
    expect(problem.refusalCount).toBe(BATCH);
    expect(problem.refusals).toHaveLength(MAX_REFUSALS);
    expect(problem.detail).toMatch(/first 100/);
    expect(m.body.length).toBeLessThan(64 * 1024);
    expect(server.runtime.db.prepare("SELECT count(*) FROM log_leaves").pluck().get()).toBe(leaves);
  });

  it("a client that drops a chunked body gets no 5xx, no stack trace, and writes nothing", async () => {
    const leaves = server.runtime.db.prepare("SELECT count(*) FROM log_leaves").pluck().get();
    errors.mockClear();
    const before = accessLines.length;
    for (const path of ["/v1/events", "/v1/tags"]) {
      const socket = await open(server.base);
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n` +
          `40\r\n{"events":[{"event":{"type":"ship"`,
      );
      await sleep(100);
      socket.destroy();
    }
    await vi.waitFor(() => expect(accessLines.length - before).toBe(2), { timeout: 5000 });
    const lines = accessLines.slice(before);
    console.log(`[event-loop] client abort: ${lines.join(" | ")}`);
    for (const line of lines) expect(line).toMatch(/^POST \/v1\/(events|tags) 4\d\d /);
    expect(errors).not.toHaveBeenCalled();
    expect(server.runtime.db.prepare("SELECT count(*) FROM log_leaves").pluck().get()).toBe(leaves);
  });
});

/** A raw TCP connection to the server, for requests no HTTP client would send. */
function open(base: string): Promise<Socket> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.once("error", reject);
  });
}

/** Milliseconds until the server closes the socket, while `feed` trickles bytes into it. */
async function timeToClose(socket: Socket, feed: () => void, everyMs: number, limitMs: number): Promise<number> {
  const t0 = performance.now();
  socket.on("error", () => {}); // a reset after the server's 408 is a close too
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  const timer = setInterval(() => {
    if (!socket.destroyed) feed();
  }, everyMs);
  const winner = await Promise.race([closed.then(() => "closed"), sleep(limitMs).then(() => "open")]);
  clearInterval(timer);
  socket.destroy();
  expect(winner).toBe("closed");
  return performance.now() - t0;
}

describe("slow clients are cut off", () => {
  // Short timeouts injected for the test; npm start uses HTTP_TIMEOUTS (10 s head, 30 s request).
  const timeouts = { headersTimeout: 1000, requestTimeout: 2000, keepAliveTimeout: 1000, checkInterval: 200 };
  let slow: RunningServer;
  const lines: string[] = [];

  beforeAll(async () => {
    slow = await startServer(tempDir(), "slow.example/log", undefined, { accessLog: (l) => lines.push(l) }, timeouts);
  });

  it("serves with HTTP_TIMEOUTS unless told otherwise", async () => {
    const running = await serveApp(() => new Response("ok"), "127.0.0.1", 0);
    const { headersTimeout, requestTimeout, keepAliveTimeout } = running.server as Server;
    await running.close();
    expect({ headersTimeout, requestTimeout, keepAliveTimeout }).toEqual({
      headersTimeout: HTTP_TIMEOUTS.headersTimeout,
      requestTimeout: HTTP_TIMEOUTS.requestTimeout,
      keepAliveTimeout: HTTP_TIMEOUTS.keepAliveTimeout,
    });
  });

  it("closes a connection that trickles its headers one byte at a time, and keeps serving others", async () => {
    const socket = await open(slow.base);
    const head = "POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Slow: ";
    let sent = 0;
    const closing = timeToClose(socket, () => socket.write(head[sent++ % head.length] as string), 250, 5000);
    await sleep(500);
    const other = await fetch(`${slow.base}/healthz`);
    expect(other.status).toBe(200);
    const ms = await closing;
    console.log(`[event-loop] slowloris headers: closed after ${ms.toFixed(0)} ms (headersTimeout 1000 ms)`);
    expect(ms).toBeLessThan(timeouts.headersTimeout + 4 * timeouts.checkInterval + 1000);
    expect((await fetch(`${slow.base}/healthz`)).status).toBe(200);
  });

  it("closes a connection that stalls its body, quietly and without writing", async () => {
    errors.mockClear();
    const before = lines.length;
    const leaves = slow.runtime.db.prepare("SELECT count(*) FROM log_leaves").pluck().get();
    const socket = await open(slow.base);
    socket.write(
      "POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n" +
        '{"events":[',
    );
    const ms = await timeToClose(socket, () => socket.write(" "), 250, 6000);
    console.log(`[event-loop] slow body: closed after ${ms.toFixed(0)} ms (requestTimeout 2000 ms)`);
    expect(ms).toBeLessThan(timeouts.requestTimeout + 4 * timeouts.checkInterval + 1000);
    expect((await fetch(`${slow.base}/healthz`)).status).toBe(200);
    await vi.waitFor(() => expect(lines.length - before).toBeGreaterThan(0), { timeout: 5000 });
    for (const line of lines.slice(before)) expect(line).not.toMatch(/ 5\d\d /);
    expect(errors).not.toHaveBeenCalled();
    expect(slow.runtime.db.prepare("SELECT count(*) FROM log_leaves").pluck().get()).toBe(leaves);
  });
});
