// Tags: commissioning minted tags (authenticated by the maker's signature on each, not by a
// token), and a tag's chain as plain JSON or as an EPCIS 2.0 document.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Custody } from "../service/custody.js";
import type { History } from "../service/history.js";
import type { Verifier } from "../service/verify.js";
import { EntryResults, EpcisDocument, TagHistory } from "./answers.js";
import { type BatchCheck, batchBody } from "./batch-body.js";
import { HttpProblem } from "./problem.js";
import { BATCH_BODY_LIMIT, jsonAnswer, jsonBody, limitBody, refusals } from "./route-kit.js";
import { CommissionBody, TagPathParams } from "./schemas.js";
import { validationHook } from "./validation.js";

// Documented from its schema like the others, but the body is checked by batchBody: pre-scanned,
// then parsed and validated without holding the event loop.
const commissionRoute = createRoute({
  method: "post",
  path: "/v1/tags",
  summary: "Commission minted tags (up to 10,000): each becomes a commission entry in the log",
  request: { body: jsonBody(CommissionBody) },
  responses: { 200: jsonAnswer("Commissioned (or already, identically)", EntryResults), ...refusals },
});

const historyRoute = createRoute({
  method: "get",
  path: "/v1/tags/{gtin}/{serial}/events",
  summary: "A tag's chain: every entry as signed, or an EPCIS 2.0 JSON-LD document (?format=epcis)",
  request: {
    params: TagPathParams,
    query: z.object({ format: z.enum(["json", "epcis"]).default("json") }),
  },
  responses: {
    200: {
      description: "Chain",
      content: { "application/json": { schema: TagHistory }, "application/ld+json": { schema: EpcisDocument } },
    },
    400: refusals[400],
    404: refusals[404],
  },
});

const proofRoute = createRoute({
  method: "get",
  path: "/v1/tags/{gtin}/{serial}/proof",
  summary:
    "A C2SP tlog-proof file: the tag's chain and its head's inclusion in the newest witnessed checkpoint, for offline checking",
  request: { params: TagPathParams },
  responses: {
    200: { description: "tlog-proof file", content: { "text/plain": { schema: z.string() } } },
    400: refusals[400],
    404: refusals[404],
  },
});

export function tagRoutes(
  custody: Custody,
  history: History,
  verifier: Verifier,
  checkBatch?: BatchCheck,
): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.use("/v1/tags", limitBody(BATCH_BODY_LIMIT));

  app.openAPIRegistry.registerPath(commissionRoute);
  app.post("/v1/tags", batchBody("tags", checkBatch), async (c) => {
    const { tags } = c.req.valid("json");
    const results = await custody.commission(
      tags.map(({ signature, nfcUid, ...tag }) => ({
        tag: {
          gtin: tag.gtin,
          serial: tag.serial,
          maker: tag.maker,
          ...(tag.lot === undefined ? {} : { lot: tag.lot }),
          ...(tag.expiry === undefined ? {} : { expiry: tag.expiry }),
          ...(tag.claim === undefined ? {} : { claim: tag.claim }),
          ...(tag.nfc === undefined ? {} : { nfc: tag.nfc }),
        },
        signature,
        ...(nfcUid === undefined ? {} : { nfcUid }),
      })),
    );
    return c.json({ results } satisfies z.input<typeof EntryResults>, 200);
  });

  // C2SP tlog-proof: the tag's history, provable offline against the deployment's policy.
  app.openapi(proofRoute, async (c) => {
    const { gtin, serial } = c.req.valid("param");
    const file = await verifier.proofFile(gtin, serial);
    if (!file) throw new HttpProblem(404, "unknown-tag", "Not found", `tag ${gtin}/${serial} was never commissioned`);
    return c.body(file, 200, {
      "content-type": "text/plain; charset=utf-8",
      "content-disposition": `attachment; filename="${gtin}-${serial.replace(/[^A-Za-z0-9._-]/g, "_")}.tlog-proof"`,
      "cache-control": "no-cache",
    }) as never;
  });

  app.openapi(historyRoute, async (c) => {
    const { gtin, serial } = c.req.valid("param");
    if (c.req.valid("query").format === "epcis") {
      // core/epcis.ts types the document as a plain record; test/openapi.test.ts checks it against the schema.
      const document = (await history.epcis(gtin, serial)) as z.input<typeof EpcisDocument>;
      return c.json(document, 200, { "content-type": "application/ld+json" });
    }
    return c.json(await history.entries(gtin, serial), 200);
  });

  return app;
}
