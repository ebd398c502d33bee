// The operator's registry: parties and their keys (register, read, add, retire, revoke). Every
// route needs the operator's bearer token; each change is a log entry (service/parties.ts).
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Sha256 } from "../core/crypto.js";
import type { PartyRegistry } from "../service/parties.js";
import { KeyAnswer, PartyWithKeys, RegisteredParty } from "./answers.js";
import { jsonAnswer, jsonBody, OPERATOR, operatorOnly, refusals } from "./route-kit.js";
import { AddKeyBody, KeyId, PartyId, RegisterPartyBody, RevokeKeyBody } from "./schemas.js";
import { validationHook } from "./validation.js";

const partyParam = z.object({ id: PartyId.openapi({ param: { name: "id", in: "path" } }) });
const keyParams = partyParam.extend({ keyId: KeyId.openapi({ param: { name: "keyId", in: "path" } }) });

const registerRoute = createRoute({
  method: "post",
  path: "/v1/parties",
  summary: "Register a party and its first key (operator)",
  security: OPERATOR,
  request: { body: jsonBody(RegisterPartyBody) },
  responses: { 201: jsonAnswer("Registered", RegisteredParty), ...refusals },
});

const partyRoute = createRoute({
  method: "get",
  path: "/v1/parties/{id}",
  summary: "A party and its keys (operator)",
  security: OPERATOR,
  request: { params: partyParam },
  responses: { 200: jsonAnswer("Party", PartyWithKeys), 404: refusals[404] },
});

const addKeyRoute = createRoute({
  method: "post",
  path: "/v1/parties/{id}/keys",
  summary: "Add a key to a party, e.g. to rotate (operator)",
  security: OPERATOR,
  request: { params: partyParam, body: jsonBody(AddKeyBody) },
  responses: { 201: jsonAnswer("Key added", KeyAnswer), ...refusals },
});

const retireKeyRoute = createRoute({
  method: "post",
  path: "/v1/parties/{id}/keys/{keyId}/retire",
  summary: "Retire a key: nothing new is accepted under it; what it signed stays valid (operator)",
  security: OPERATOR,
  request: { params: keyParams },
  responses: { 200: jsonAnswer("Key retired", KeyAnswer), ...refusals },
});

const revokeKeyRoute = createRoute({
  method: "post",
  path: "/v1/parties/{id}/keys/{keyId}/revoke",
  summary: "Revoke a compromised key from a point in time (operator)",
  security: OPERATOR,
  request: { params: keyParams, body: jsonBody(RevokeKeyBody) },
  responses: { 200: jsonAnswer("Key revoked", KeyAnswer), ...refusals },
});

export function partyRoutes(parties: PartyRegistry, sha256: Sha256, adminToken: string): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  operatorOnly(app, ["/v1/parties", "/v1/parties/*"], sha256, adminToken);

  app.openapi(registerRoute, async (c) => {
    const { gln, ...party } = c.req.valid("json");
    return c.json(await parties.register({ ...party, ...(gln === undefined ? {} : { gln }) }), 201);
  });

  app.openapi(partyRoute, async (c) => c.json(await parties.get(c.req.valid("param").id), 200));

  app.openapi(addKeyRoute, async (c) =>
    c.json(await parties.addKey(c.req.valid("param").id, c.req.valid("json").publicKey), 201),
  );

  app.openapi(retireKeyRoute, async (c) => {
    const { id, keyId } = c.req.valid("param");
    return c.json(await parties.retireKey(id, keyId), 200);
  });

  app.openapi(revokeKeyRoute, async (c) => {
    const { id, keyId } = c.req.valid("param");
    return c.json(await parties.revokeKey(id, keyId, Date.parse(c.req.valid("json").compromisedAt)), 200);
  });

  return app;
}
