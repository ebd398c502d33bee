// Parties (operator only), commissioning and custody events (authenticated by their signatures),
// and a tag's chain. Validation is zod at the edge; the services decide and refuse.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import type { Sha256 } from "../core/crypto.js";
import type { Custody } from "../service/custody.js";
import type { History } from "../service/history.js";
import type { PartyRegistry } from "../service/parties.js";
import { adminAuth } from "./admin-auth.js";
import { type BatchCheck, batchBody } from "./batch-body.js";
import { HttpProblem } from "./problem.js";
import {
  AddKeyBody,
  CommissionBody,
  EventsBody,
  KeyId,
  PartyId,
  problemContent,
  RegisterPartyBody,
  RevokeKeyBody,
  TagPathParams,
} from "./schemas.js";
import { validationHook } from "./validation.js";

export const BATCH_BODY_LIMIT = 8 * 1024 * 1024;
export const SMALL_BODY_LIMIT = 64 * 1024;

const tooLarge = () => {
  throw new HttpProblem(413, "body-too-large", "Request body too large");
};

const json = <T extends z.ZodType>(schema: T) => ({
  content: { "application/json": { schema } },
  required: true as const,
});
const ok = (description: string) => ({ description, content: { "application/json": { schema: z.any() } } });
const refusals = {
  400: { description: "Malformed request", content: problemContent },
  401: { description: "Bad signature or unusable key", content: problemContent },
  403: { description: "Actor not allowed", content: problemContent },
  404: { description: "Unknown tag or party", content: problemContent },
  409: { description: "Conflict with the tag's chain", content: problemContent },
  413: { description: "Body or batch too large", content: problemContent },
};

const partyParam = z.object({ id: PartyId.openapi({ param: { name: "id", in: "path" } }) });
const keyParams = partyParam.extend({ keyId: KeyId.openapi({ param: { name: "keyId", in: "path" } }) });
const admin = [{ bearerAuth: [] }];

export interface DomainDeps {
  readonly parties: PartyRegistry;
  readonly custody: Custody;
  readonly history: History;
  readonly adminToken: string;
  readonly sha256: Sha256;
  readonly checkBatch?: BatchCheck;
}

export function domainRoutes(deps: DomainDeps): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  const auth = adminAuth(deps.sha256, deps.adminToken);
  app.use("/v1/parties", auth, bodyLimit({ maxSize: SMALL_BODY_LIMIT, onError: tooLarge }));
  app.use("/v1/parties/*", auth, bodyLimit({ maxSize: SMALL_BODY_LIMIT, onError: tooLarge }));
  app.use("/v1/tags", bodyLimit({ maxSize: BATCH_BODY_LIMIT, onError: tooLarge }));
  app.use("/v1/events", bodyLimit({ maxSize: BATCH_BODY_LIMIT, onError: tooLarge }));
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", { type: "http", scheme: "bearer" });

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/parties",
      summary: "Register a party and its first key (operator)",
      security: admin,
      request: { body: json(RegisterPartyBody) },
      responses: { 201: ok("Registered"), ...refusals },
    }),
    async (c) => {
      const { gln, ...party } = c.req.valid("json");
      return c.json(await deps.parties.register({ ...party, ...(gln === undefined ? {} : { gln }) }), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/parties/{id}",
      summary: "A party and its keys (operator)",
      security: admin,
      request: { params: partyParam },
      responses: { 200: ok("Party"), 404: refusals[404] },
    }),
    async (c) => c.json(await deps.parties.get(c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/parties/{id}/keys",
      summary: "Add a key to a party, e.g. to rotate (operator)",
      security: admin,
      request: { params: partyParam, body: json(AddKeyBody) },
      responses: { 201: ok("Key added"), ...refusals },
    }),
    async (c) => c.json(await deps.parties.addKey(c.req.valid("param").id, c.req.valid("json").publicKey), 201),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/parties/{id}/keys/{keyId}/retire",
      summary: "Retire a key: nothing new is accepted under it; what it signed stays valid (operator)",
      security: admin,
      request: { params: keyParams },
      responses: { 200: ok("Key retired"), ...refusals },
    }),
    async (c) => {
      const { id, keyId } = c.req.valid("param");
      return c.json(await deps.parties.retireKey(id, keyId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/v1/parties/{id}/keys/{keyId}/revoke",
      summary: "Revoke a compromised key from a point in time (operator)",
      security: admin,
      request: { params: keyParams, body: json(RevokeKeyBody) },
      responses: { 200: ok("Key revoked"), ...refusals },
    }),
    async (c) => {
      const { id, keyId } = c.req.valid("param");
      return c.json(await deps.parties.revokeKey(id, keyId, Date.parse(c.req.valid("json").compromisedAt)), 200);
    },
  );

  // The batch routes are documented from their schemas like the others, but their bodies are
  // checked by batchBody: pre-scanned, then parsed and validated without holding the event loop.
  app.openAPIRegistry.registerPath(
    createRoute({
      method: "post",
      path: "/v1/tags",
      summary: "Commission minted tags (up to 10,000): each becomes a commission entry in the log",
      request: { body: json(CommissionBody) },
      responses: { 200: ok("Commissioned (or already, identically)"), ...refusals },
    }),
  );
  app.post("/v1/tags", batchBody("tags", deps.checkBatch), async (c) => {
    const { tags } = c.req.valid("json");
    const results = await deps.custody.commission(
      tags.map(({ signature, ...tag }) => ({
        tag: {
          gtin: tag.gtin,
          serial: tag.serial,
          maker: tag.maker,
          ...(tag.lot === undefined ? {} : { lot: tag.lot }),
          ...(tag.expiry === undefined ? {} : { expiry: tag.expiry }),
        },
        signature,
      })),
    );
    return c.json({ results }, 200);
  });

  app.openAPIRegistry.registerPath(
    createRoute({
      method: "post",
      path: "/v1/events",
      summary: "Append signed custody events (up to 10,000); all are accepted or none",
      request: { body: json(EventsBody) },
      responses: { 200: ok("Accepted (or already, identically)"), ...refusals },
    }),
  );
  app.post("/v1/events", batchBody("events", deps.checkBatch), async (c) => {
    const { events } = c.req.valid("json");
    const results = await deps.custody.events(
      events.map(({ event, signature }) => ({
        event: {
          type: event.type,
          gtin: event.gtin,
          serial: event.serial,
          prev: event.prev,
          actor: event.actor,
          time: event.time,
          ...(event.to === undefined ? {} : { to: event.to }),
          ...(event.country === undefined ? {} : { country: event.country }),
        },
        signature,
      })),
    );
    return c.json({ results }, 200);
  });

  app.openapi(
    createRoute({
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
          content: { "application/json": { schema: z.any() }, "application/ld+json": { schema: z.any() } },
        },
        400: refusals[400],
        404: refusals[404],
      },
    }),
    async (c) => {
      const { gtin, serial } = c.req.valid("param");
      if (c.req.valid("query").format === "epcis") {
        return c.json(await deps.history.epcis(gtin, serial), 200, { "content-type": "application/ld+json" });
      }
      return c.json(await deps.history.entries(gtin, serial), 200);
    },
  );

  return app;
}
