// The log's public HTTP API: checkpoint, verifier key, entries with inclusion proofs, and
// consistency proofs. Everything here is public data that auditors fetch and re-check.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { toBase64 } from "../core/bytes.js";
import { parseTilePath } from "../core/merkle/tiles.js";
import { formatPolicy, type TlogPolicy } from "../core/policy.js";
import type { TransparencyLog } from "../log/transparency-log.js";
import { logPage, renderLogPage } from "./log-page.js";
import { HttpProblem } from "./problem.js";
import { problemContent } from "./schemas.js";
import { validationHook } from "./validation.js";
import { PAGE_CSP } from "./verify-page.js";

const TreeSize = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,15})$/, "a decimal integer without leading zeros")
  .transform(Number)
  .refine(Number.isSafeInteger, "too large");

const Base64Hash = z.string().openapi({ format: "byte", example: "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=" });

const Entry = z
  .object({
    index: z.number().int(),
    leaf: z.string().openapi({ format: "byte", description: "The leaf bytes, base64" }),
    leafHash: Base64Hash.describe("RFC 9162 leaf hash: SHA-256(0x00 || leaf)"),
    treeSize: z.number().int().describe("Size of the tree the proof is against: the checkpoint's size"),
    inclusionProof: z.array(Base64Hash).describe("RFC 9162 §2.1.3 inclusion proof, leaf first"),
    checkpoint: z.string().describe("The C2SP signed checkpoint the proof verifies against"),
  })
  .openapi("LogEntry");

const checkpointRoute = createRoute({
  method: "get",
  path: "/v1/log/checkpoint",
  summary: "The newest signed checkpoint (C2SP tlog-checkpoint in a C2SP signed-note)",
  responses: { 200: { description: "Signed note", content: { "text/plain": { schema: z.string() } } } },
});

const keyRoute = createRoute({
  method: "get",
  path: "/v1/log/key",
  summary: "The log's verifier key in signed-note vkey form",
  responses: { 200: { description: "Verifier key", content: { "text/plain": { schema: z.string() } } } },
});

const entryRoute = createRoute({
  method: "get",
  path: "/v1/log/entries/{index}",
  summary: "A log entry with its inclusion proof against the newest checkpoint",
  request: {
    params: z.object({
      index: TreeSize.openapi({ param: { name: "index", in: "path" }, type: "string", example: "0" }),
    }),
  },
  responses: {
    200: { description: "Entry", content: { "application/json": { schema: Entry } } },
    400: { description: "Malformed index", content: problemContent },
    404: { description: "No entry at that index", content: problemContent },
  },
});

const consistencyRoute = createRoute({
  method: "get",
  path: "/v1/log/proof/consistency",
  summary: "RFC 9162 §2.1.4 consistency proof between two tree sizes",
  request: {
    query: z.object({
      from: TreeSize.openapi({ param: { name: "from", in: "query" }, type: "string", example: "1" }),
      to: TreeSize.openapi({ param: { name: "to", in: "query" }, type: "string", example: "2" }),
    }),
  },
  responses: {
    200: { description: "Proof hashes, base64", content: { "application/json": { schema: z.array(Base64Hash) } } },
    400: { description: "Sizes out of range", content: problemContent },
  },
});

const leavesRoute = createRoute({
  method: "get",
  path: "/v1/log/leaves",
  summary: "Consecutive leaves for auditors replaying the log (up to 1,000 per request)",
  request: {
    query: z.object({
      start: TreeSize.openapi({ param: { name: "start", in: "query" }, type: "string", example: "0" }),
      count: TreeSize.refine((n) => n >= 1 && n <= 1000, "1 to 1000").openapi({
        param: { name: "count", in: "query" },
        type: "string",
        example: "1000",
      }),
    }),
  },
  responses: {
    200: {
      description: "Leaves, base64, from start",
      content: {
        "application/json": {
          schema: z.object({ start: z.number().int(), treeSize: z.number().int(), leaves: z.array(z.string()) }),
        },
      },
    },
    400: { description: "Out of range", content: problemContent },
  },
});

const tileRoute = createRoute({
  method: "get",
  path: "/v1/log/tile/{path}",
  summary: "C2SP tlog-tiles: a hash tile (tile/<L>/<N>[.p/<W>]) or an entry bundle (tile/entries/<N>[.p/<W>])",
  request: {
    params: z.object({
      path: z.string().openapi({ param: { name: "path", in: "path" }, example: "0/x001/234.p/17" }),
    }),
  },
  responses: {
    200: {
      description: "Concatenated 32-byte hashes, or length-prefixed entries; immutable",
      content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
    },
    400: { description: "Not a tile path", content: problemContent },
    404: { description: "Not in the tree of the newest checkpoint", content: problemContent },
  },
});

const policyRoute = createRoute({
  method: "get",
  path: "/v1/log/policy",
  summary: "The deployment's C2SP tlog-policy: the log's key, the witnesses and the quorum a checkpoint needs",
  responses: { 200: { description: "tlog-policy file", content: { "text/plain": { schema: z.string() } } } },
});

export function logRoutes(log: TransparencyLog, policy?: TlogPolicy): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  const noCache = { "cache-control": "no-cache" };

  // Without a configured policy, the log alone: its key and no witnesses.
  const policyText = policy ? formatPolicy(policy) : `log ${log.verifierKey()}\nquorum none\n`;
  app.openapi(policyRoute, (c) => c.text(policyText, 200, noCache));

  // The log's page: HTML for a person, JSON for a program (Accept: application/json or ?format=json).
  app.get("/v1/log/", async (c) => {
    const page = await logPage(log, log.crypto, policy, policyText);
    const json = c.req.query("format") === "json" || (c.req.header("accept") ?? "").includes("application/json");
    if (json) return c.json(page, 200, noCache);
    c.header("content-security-policy", PAGE_CSP);
    return c.html(renderLogPage(page), 200, noCache);
  });

  app.openapi(checkpointRoute, async (c) => c.text((await log.checkpoint()).note, 200, noCache));

  app.openapi(keyRoute, (c) => c.text(`${log.verifierKey()}\n`, 200, noCache));

  app.openapi(entryRoute, async (c) => {
    const { index } = c.req.valid("param");
    const entry = await log.entry(index);
    return c.json(
      {
        index: entry.index,
        leaf: toBase64(entry.leaf),
        leafHash: toBase64(entry.leafHash),
        treeSize: entry.checkpoint.size,
        inclusionProof: entry.proof.map(toBase64),
        checkpoint: entry.checkpoint.note,
      },
      200,
    );
  });

  // tlog-tiles: the tile path has slashes, so the route matches the rest of the path itself.
  app.openAPIRegistry.registerPath(tileRoute);
  app.get("/v1/log/tile/*", async (c) => {
    const path = new URL(c.req.url).pathname.slice("/v1/log/tile/".length);
    const tile = parseTilePath(path);
    if (!tile) {
      throw new HttpProblem(
        400,
        "invalid-tile-path",
        "Not a tile path",
        "tile/<L>/<N>[.p/<W>] or tile/entries/<N>[.p/<W>], N in 3-digit groups (x001/234), as C2SP tlog-tiles writes them",
      );
    }
    const bytes = await log.tile(tile);
    // Full or partial, a tile's bytes never change: a partial tile of width W is always the same W hashes.
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      "content-type": "application/octet-stream",
      "cache-control": "public, max-age=31536000, immutable",
    });
  });

  app.openapi(leavesRoute, async (c) => {
    const { start, count } = c.req.valid("query");
    const { size, leaves } = await log.leaves(start, count);
    return c.json({ start, treeSize: size, leaves: leaves.map(toBase64) }, 200);
  });

  app.openapi(consistencyRoute, async (c) => {
    const { from, to } = c.req.valid("query");
    const { proof, verified } = await log.checkedConsistencyProof(from, to);
    // A proof checked against both signed roots never changes; one between unsigned sizes is only
    // as good as the stored nodes today, so it is not kept for a year.
    const cache = verified ? "public, max-age=31536000, immutable" : "no-cache";
    return c.json(proof.map(toBase64), 200, { "cache-control": cache });
  });

  return app;
}
