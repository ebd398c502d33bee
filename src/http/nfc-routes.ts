// A maker's NFC batch keys (NTAG 424 DNA): registering one (the key sealed at rest, only its
// commitment logged) and revoking one from a compromise time on. Authenticated by the maker's
// signature over the statement, like recalls; the key is never answered, logged or shown.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { NfcBatches } from "../service/nfc.js";
import { jsonAnswer, jsonBody, limitBody, present, refusals, SMALL_BODY_LIMIT } from "./route-kit.js";
import { NfcBatchBody } from "./schemas.js";
import { validationHook } from "./validation.js";

const NfcBatchAnswer = z
  .object({
    batch: z.string().openapi({ description: "The batch ID" }),
    leafIndex: z.number().int(),
    leafHash: z.string().openapi({ description: "RFC 9162 leaf hash of the statement's entry, base64url" }),
    status: z.enum(["created", "existing"]).openapi({ description: "existing: an identical earlier registration" }),
  })
  .openapi("NfcBatchResult");

const batchRoute = createRoute({
  method: "post",
  path: "/v1/nfc/batches",
  summary: "Register a maker's NFC batch key (sealed at rest; the log holds a commitment) or revoke one",
  request: { body: jsonBody(NfcBatchBody) },
  responses: {
    200: jsonAnswer("Logged (or already, identically)", NfcBatchAnswer),
    ...refusals,
    503: { description: "The server has no key-encryption key for NFC batch keys", content: refusals[400].content },
  },
});

export function nfcRoutes(batches: NfcBatches): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.use("/v1/nfc/batches", limitBody(SMALL_BODY_LIMIT));
  app.openapi(batchRoute, async (c) => {
    const { statement, signature, key } = c.req.valid("json");
    return c.json(await batches.apply({ statement: present(statement), signature, ...(key ? { key } : {}) }), 200);
  });
  return app;
}
