// End to end over real HTTP against a real SQLite file: the log API's answers re-check offline
// with the exported verifiers, and bad parameters get RFC 9457 problems, never a 5xx.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { fromBase64, toHex } from "../src/core/bytes.js";
import { parseCheckpoint } from "../src/core/checkpoint.js";
import { openNote, parseVerifierKey } from "../src/core/note.js";
import { hashLeaf, nobleCrypto, verifyConsistency, verifyInclusion } from "../src/index.js";
import { makeLeaves } from "./support/reference-tree.js";
import { type RunningServer, startServer } from "./support/server.js";
import { tempDir } from "./support/temp.js";

const leaves = makeLeaves(300, 3);
let server: RunningServer;

const get = (path: string) => fetch(server.base + path);
const b64 = (s: string) => fromBase64(s) as Uint8Array;

async function trustedCheckpoint(note: string) {
  const vkey = (await (await get("/v1/log/key")).text()).trim();
  const opened = openNote(nobleCrypto, note, [parseVerifierKey(nobleCrypto.sha256, vkey)]);
  return parseCheckpoint(opened.text);
}

describe("log HTTP API", () => {
  beforeAll(async () => {
    server = await startServer(tempDir());
    await server.runtime.log.append(leaves.slice(0, 100));
  });

  it("serves a signed checkpoint that opens with the published verifier key", async () => {
    const res = await get("/v1/log/checkpoint");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const cp = await trustedCheckpoint(await res.text());
    expect(cp.origin).toBe("test.example/log");
    expect(cp.size).toBe(100);
  });

  it("serves entries whose inclusion proofs verify offline against the signed checkpoint", async () => {
    for (const index of [0, 1, 50, 99]) {
      const res = await get(`/v1/log/entries/${index}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        index: number;
        leaf: string;
        leafHash: string;
        treeSize: number;
        inclusionProof: string[];
        checkpoint: string;
      };
      const cp = await trustedCheckpoint(body.checkpoint);
      expect(body.treeSize).toBe(cp.size);
      expect(toHex(b64(body.leaf))).toBe(toHex(leaves[index] as Uint8Array));
      const leafHash = hashLeaf(b64(body.leaf));
      expect(toHex(b64(body.leafHash))).toBe(toHex(leafHash));
      expect(verifyInclusion(leafHash, index, cp.size, body.inclusionProof.map(b64), cp.root)).toBe(true);
    }
  });

  it("serves consistency proofs between checkpoints as the log grows", async () => {
    const old = await trustedCheckpoint(await (await get("/v1/log/checkpoint")).text());
    await server.runtime.log.append(leaves.slice(100, 300));
    const now = await trustedCheckpoint(await (await get("/v1/log/checkpoint")).text());
    expect(now.size).toBe(300);
    const res = await get(`/v1/log/proof/consistency?from=${old.size}&to=${now.size}`);
    expect(res.status).toBe(200);
    const proof = ((await res.json()) as string[]).map(b64);
    expect(verifyConsistency(old.size, now.size, proof, old.root, now.root)).toBe(true);
    const same = (await (await get(`/v1/log/proof/consistency?from=300&to=300`)).json()) as string[];
    expect(same).toEqual([]);
  });

  it("answers bad parameters with a problem+json 4xx", async () => {
    const cases: [string, number, string][] = [
      ["/v1/log/entries/300", 404, "entry-not-found"],
      ["/v1/log/entries/-1", 400, "invalid-request"],
      ["/v1/log/entries/01", 400, "invalid-request"],
      ["/v1/log/entries/1e3", 400, "invalid-request"],
      ["/v1/log/entries/99999999999999999999", 400, "invalid-request"],
      ["/v1/log/entries/%00", 400, "invalid-request"],
      ["/v1/log/proof/consistency", 400, "invalid-request"],
      ["/v1/log/proof/consistency?from=5", 400, "invalid-request"],
      ["/v1/log/proof/consistency?from=10&to=5", 400, "invalid-range"],
      ["/v1/log/proof/consistency?from=1&to=301", 400, "size-out-of-range"],
      ["/v1/log/proof/consistency?from=x&to=2", 400, "invalid-request"],
      ["/v1/log/nope", 404, "not-found"],
    ];
    for (const [path, status, code] of cases) {
      const res = await get(path);
      expect({ path, status: res.status }).toEqual({ path, status });
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const body = (await res.json()) as { code: string; status: number; type: string; title: string };
      expect({ path, code: body.code, status: body.status }).toEqual({ path, code, status });
      expect(body.type).toBe(`urn:tagtrail:problem:${code}`);
      expect(body.title.length).toBeGreaterThan(0);
    }
  });

  it("never answers generated garbage with a 5xx", async () => {
    const segment = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
    );
    await fc.assert(
      fc.asyncProperty(segment, segment, segment, async (a, b, c) => {
        for (const path of [
          `/v1/log/entries/${encodeURIComponent(a)}`,
          `/v1/log/proof/consistency?from=${encodeURIComponent(b)}&to=${encodeURIComponent(c)}`,
        ]) {
          const res = await get(path);
          await res.arrayBuffer();
          expect(res.status, path).toBeLessThan(500);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("sends nosniff on every response and the browser hardening set on documents", async () => {
    const api = await get("/v1/log/checkpoint");
    expect(api.headers.get("x-content-type-options")).toBe("nosniff");
    const doc = await fetch(`${server.base}/01/09506000134352/21/nope?s=x`, { headers: { accept: "text/html" } });
    expect(doc.headers.get("content-type")).toMatch(/^text\/html/);
    for (const h of ["x-frame-options", "referrer-policy", "strict-transport-security", "content-security-policy"]) {
      expect(doc.headers.get(h), h).toBeTruthy();
    }
    expect(doc.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("publishes an OpenAPI 3.1 description of the routes", async () => {
    const doc = (await (await get("/openapi.json")).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/v1/log/checkpoint",
        "/v1/log/key",
        "/v1/log/entries/{index}",
        "/v1/log/proof/consistency",
      ]),
    );
  });
});
