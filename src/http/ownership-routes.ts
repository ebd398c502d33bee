// Life after the sale, recalls and product descriptions: a holder's claim and transfers (signed by the holder's device
// key), the claim page that makes that key, and a maker's recalls by GTIN, lot or serials (signed
// by the maker's key). None needs a token: each statement is authenticated by its signature.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Ownership } from "../service/ownership.js";
import type { Products } from "../service/products.js";
import type { Recalls } from "../service/recalls.js";
import { EntryResults, RecallAnswer } from "./answers.js";
import { CLAIM_SCRIPT_PATH, renderClaimPage } from "./claim-page.js";
import { CLAIM_SCRIPT } from "./claim-script.js";
import { HttpProblem } from "./problem.js";
import { jsonAnswer, jsonBody, limitBody, present, refusals, SMALL_BODY_LIMIT } from "./route-kit.js";
import { HolderBody, ProductBody, RecallBody, TagPathParams } from "./schemas.js";
import { validationHook } from "./validation.js";
import { renderUnreadableCodePage } from "./verify-page.js";
import { readerLanguage } from "./verify-routes.js";

const EntryResult = EntryResults.shape.results.unwrap().element;

const HolderStatusAnswer = z
  .object({
    gtin: z.string(),
    serial: z.string(),
    head: z
      .string()
      .openapi({ description: "Leaf hash of the tag's newest entry (base64url): the next statement's prev" }),
    length: z.number().int(),
    claimable: z.boolean().openapi({ description: "A claim code is open" }),
    owner: z.string().optional().openapi({ description: "The holder's device key (base64url), once claimed" }),
    since: z.string().optional().openapi({ format: "date", description: "UTC day the holder got it" }),
    custody: z.enum(["active", "in_transit", "sold", "destroyed"]),
  })
  .openapi("HolderStatus");

const holderRoute = createRoute({
  method: "post",
  path: "/v1/holder-statements",
  summary: "A holder's claim (with the claim code) or transfer, signed by the holder's device key",
  request: { body: jsonBody(HolderBody) },
  responses: { 200: jsonAnswer("Appended (or already, identically)", EntryResult), ...refusals },
});

const holderStatusRoute = createRoute({
  method: "get",
  path: "/v1/tags/{gtin}/{serial}/holder",
  summary: "Whether a tag can be claimed, which key holds it, and its chain head",
  request: { params: TagPathParams },
  responses: { 200: jsonAnswer("Holder status", HolderStatusAnswer), 400: refusals[400], 404: refusals[404] },
});

const recallRoute = createRoute({
  method: "post",
  path: "/v1/recalls",
  summary: "A maker's recall of a GTIN, a lot or serials, or the lifting of one, signed by the maker's key",
  request: { body: jsonBody(RecallBody) },
  responses: { 200: jsonAnswer("Logged (or already, identically)", RecallAnswer), ...refusals },
});

const ProductAnswer = z.object({ leafIndex: z.number().int(), leafHash: z.string() }).openapi("ProductResult");

const productRoute = createRoute({
  method: "post",
  path: "/v1/products",
  summary: "A maker's signed description of a product (GTIN): names by language, description, image and support links",
  request: { body: jsonBody(ProductBody) },
  responses: { 200: jsonAnswer("Logged", ProductAnswer), ...refusals },
});

const PAGE_CSP =
  "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function ownershipRoutes(ownership: Ownership, recalls: Recalls, products: Products): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  for (const path of ["/v1/holder-statements", "/v1/recalls", "/v1/products"]) {
    app.use(path, limitBody(SMALL_BODY_LIMIT));
  }
  app.openapi(productRoute, async (c) => {
    const { product, signature } = c.req.valid("json");
    return c.json(await products.describe({ product: present(product), signature }), 200);
  });

  app.openapi(holderRoute, async (c) => {
    const { statement, signature } = c.req.valid("json");
    return c.json(await ownership.apply({ statement: present(statement), signature }), 200);
  });
  app.openapi(holderStatusRoute, async (c) => {
    const { gtin, serial } = c.req.valid("param");
    c.header("cache-control", "no-store");
    return c.json(await ownership.status(gtin, serial), 200);
  });
  app.openapi(recallRoute, async (c) => {
    const { recall, signature } = c.req.valid("json");
    return c.json(await recalls.apply({ recall: present(recall), signature }), 200);
  });

  app.get("/claim/01/:gtin/21/:serial", (c) => {
    const parsed = TagPathParams.safeParse(c.req.param());
    c.header("content-security-policy", PAGE_CSP);
    c.header("cache-control", "no-store");
    if (!parsed.success) {
      // A person gets the same page as for an unreadable verify URL; a program a problem document.
      if (!(c.req.header("accept") ?? "").includes("text/html")) {
        throw new HttpProblem(400, "unreadable-code", "Not a product code", "the path holds no valid GTIN and serial");
      }
      return c.html(renderUnreadableCodePage(readerLanguage(c.req.raw)), 400);
    }
    return c.html(renderClaimPage(parsed.data.gtin, parsed.data.serial));
  });
  app.get(CLAIM_SCRIPT_PATH, (c) => {
    c.header("cache-control", "public, max-age=300");
    return c.body(CLAIM_SCRIPT, 200, { "content-type": "text/javascript; charset=utf-8" });
  });
  return app;
}
