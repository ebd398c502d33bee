// The batch body check (src/http/batch-body.ts) and its JSON pre-scan (src/http/json-scan.ts):
// the scan's counts agree with the parsed value for any JSON text, however it is split into
// ranges; the limits let the largest legitimate batches through and refuse hostile shapes with
// json-too-complex; a batch checked on another thread (slices) comes back as the same body.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toBase64Url } from "../src/core/bytes.js";
import {
  BATCH_JSON_LIMITS,
  batchFromSlices,
  checkBatchBody,
  checkBatchSlices,
  MAX_ISSUES,
} from "../src/http/batch-body.js";
import { type JsonLimits, JsonScanner, scanJson } from "../src/http/json-scan.js";
import { MAX_BATCH } from "../src/http/schemas.js";

/** What the scan should find in a value: the reference, from the parsed structure. */
function shape(v: unknown, depth = 0): JsonLimits {
  if (v === null || typeof v !== "object") return { depth, members: 0, elements: 0, tokens: 0 };
  const children = Array.isArray(v) ? v : Object.values(v);
  const n = children.length;
  const own: JsonLimits = {
    depth: depth + 1,
    members: Array.isArray(v) ? 0 : n,
    elements: Array.isArray(v) ? n : 0,
    // The opening bracket, a comma between children, and a colon per member.
    tokens: 1 + Math.max(0, n - 1) + (Array.isArray(v) ? 0 : n),
  };
  return children.reduce<JsonLimits>((acc, child) => {
    const c = shape(child, depth + 1);
    return {
      depth: Math.max(acc.depth, c.depth),
      members: Math.max(acc.members, c.members),
      elements: Math.max(acc.elements, c.elements),
      tokens: acc.tokens + c.tokens,
    };
  }, own);
}

const encoder = new TextEncoder();
const bytes = (v: unknown) => encoder.encode(typeof v === "string" ? v : JSON.stringify(v));

describe("JSON pre-scan", () => {
  const texts = fc
    .tuple(fc.jsonValue({ maxDepth: 6 }), fc.constantFrom(undefined, 2, "\t"))
    .map(([v, indent]) => ({ value: v, text: JSON.stringify(v, null, indent) }));

  it("counts what JSON.parse would build, in one go or in any ranges", () => {
    fc.assert(
      fc.property(texts, fc.array(fc.nat(), { maxLength: 8 }), ({ value, text }, cuts) => {
        const s = shape(JSON.parse(text));
        expect(scanJson(text, s), text).toBeUndefined();
        const bounds = [...new Set([0, ...cuts.map((c) => c % (text.length + 1)), text.length])].sort((a, b) => a - b);
        const scanner = new JsonScanner(s);
        for (let i = 1; i < bounds.length; i++) {
          expect(scanner.scan(text, bounds[i - 1], bounds[i])).toBeUndefined();
        }
        // One less of any measure is caught, and named (members and elements show at a comma).
        for (const [limit, min] of [
          ["depth", 1],
          ["members", 2],
          ["elements", 2],
          ["tokens", 1],
        ] as const) {
          if (s[limit] < min) continue;
          expect(scanJson(text, { ...s, [limit]: s[limit] - 1 }), `${limit} of ${JSON.stringify(value)}`).toEqual({
            limit,
            max: s[limit] - 1,
          });
        }
      }),
      { numRuns: 500 },
    );
  });

  for (const [name, text, limit] of [
    ["brackets and quotes inside strings", String.raw`{"a":"[{,:\"}]","b":"\\","c":["\\\"[",1]}`, undefined],
    ["a string ending in an escaped backslash", String.raw`["x\\\\",[[[[[[[[[0]]]]]]]]]]`, "depth"],
    ["nine levels", `${"[".repeat(9)}${"]".repeat(9)}`, "depth"],
    ["65 members", `{${Array.from({ length: 65 }, (_, i) => `"k${i}":0`).join(",")}}`, "members"],
    ["20,001 elements", `[${"0,".repeat(2 * MAX_BATCH)}0]`, "elements"],
    ["a batch of 20,000 arrays of 12 numbers", `[${Array(2 * MAX_BATCH).fill(`[${"0,".repeat(11)}0]`)}]`, "tokens"],
  ] as const) {
    it(`batch limits: ${name}`, () => {
      expect(scanJson(text, BATCH_JSON_LIMITS)?.limit).toBe(limit);
    });
  }
});

const time = "2026-11-22T10:00:00Z";
const sig = toBase64Url(new Uint8Array(64).fill(7));
const actor = `ed25519:${"0123456789abcdef".repeat(2)}`;
/** The widest legitimate items: every optional member present, every string at its longest. */
const event = (i: number) => ({
  event: {
    type: "ship",
    gtin: "09506000134352",
    serial: `S${String(i).padStart(19, "0")}`,
    prev: toBase64Url(new Uint8Array(32).fill(i % 256)),
    actor,
    to: "a".repeat(63),
    time,
    country: "DE",
  },
  signature: sig,
});
const tag = (i: number) => ({
  gtin: "09506000134352",
  serial: `S${String(i).padStart(19, "0")}`,
  lot: "L".repeat(20),
  expiry: "261231",
  maker: actor,
  signature: sig,
});

describe("batch body check", () => {
  it("lets the largest legitimate batches through, the same inline and in slices", async () => {
    for (const [kind, body] of [
      ["events", { events: Array.from({ length: MAX_BATCH }, (_, i) => event(i)) }],
      ["tags", { tags: Array.from({ length: MAX_BATCH }, (_, i) => tag(i)) }],
    ] as const) {
      const inline = await checkBatchBody(kind, bytes(body));
      expect(inline.ok && "body" in inline, kind).toBe(true);
      const sliced = await checkBatchSlices(kind, bytes(body));
      if (!sliced.ok || !("slices" in sliced)) throw new Error(`${kind}: no slices`);
      expect(await batchFromSlices(kind, sliced.slices)).toEqual((inline as { body: unknown }).body);
    }
  }, 60_000);

  it("refuses hostile shapes before parsing, with a stable code", async () => {
    for (const text of [
      `{${Array.from({ length: 300_000 }, (_, i) => `"k${i}":0`).join(",")}}`,
      "[".repeat(1_000_000) + "]".repeat(1_000_000),
      `{"events":[${"0,".repeat(1_000_000)}0]}`,
    ]) {
      const outcome = await checkBatchBody("events", bytes(text));
      expect(outcome).toMatchObject({ ok: false, problem: { status: 413, code: "json-too-complex" } });
    }
  });

  it("answers as the other routes do for bad JSON, too many items and invalid items", async () => {
    expect(await checkBatchBody("tags", bytes("{not json"))).toMatchObject({
      ok: false,
      problem: { status: 400, code: "bad-request" },
    });
    expect(await checkBatchBody("events", bytes({ events: Array(MAX_BATCH + 1).fill(event(0)) }))).toMatchObject({
      ok: false,
      problem: { status: 413, code: "batch-too-large" },
    });
    expect(await checkBatchBody("events", bytes({ events: [event(0)], extra: 1 }))).toMatchObject({
      ok: false,
      problem: { status: 400, code: "invalid-request" },
    });
    const bad = Array.from({ length: 1000 }, (_, i) => ({ ...event(i), signature: "short" }));
    const outcome = await checkBatchBody("events", bytes({ events: [event(0), ...bad] }));
    if (outcome.ok) throw new Error("accepted");
    expect(outcome.problem.code).toBe("invalid-request");
    expect(outcome.problem.errors).toHaveLength(MAX_ISSUES);
    expect(outcome.problem.errors?.[0]?.path).toBe("events.1.signature");
  });
});
