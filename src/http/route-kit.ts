// What the domain's route files share: body limits, the refusal responses their writes document,
// operator authentication, and the helpers that describe a JSON body or answer to OpenAPI.
import type { OpenAPIHono, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Sha256 } from "../core/crypto.js";
import { adminAuth } from "./admin-auth.js";
import { HttpProblem } from "./problem.js";
import { problemContent } from "./schemas.js";

/** The batch routes (POST /v1/tags and /v1/events): up to 10,000 items. */
export const BATCH_BODY_LIMIT = 8 * 1024 * 1024;
/** Every other body (the operator's party and key requests). */
export const SMALL_BODY_LIMIT = 64 * 1024;

/** Refuses a body over `maxSize` bytes with a 413 problem. */
export function limitBody(maxSize: number): MiddlewareHandler {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new HttpProblem(413, "body-too-large", "Request body too large");
    },
  });
}

/** A required JSON request body checked by `schema`. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  content: { "application/json": { schema } },
  required: true as const,
});

/** A JSON answer whose contents `schema` documents. */
export const jsonAnswer = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { "application/json": { schema } },
});

/** Every refusal a write may answer with, as problem+json. */
export const refusals = {
  400: { description: "Malformed request", content: problemContent },
  401: { description: "Bad signature or unusable key", content: problemContent },
  403: { description: "Actor not allowed", content: problemContent },
  404: { description: "Unknown tag or party", content: problemContent },
  409: { description: "Conflict with the tag's chain", content: problemContent },
  413: { description: "Body or batch too large", content: problemContent },
};

/** The security requirement of the operator's routes. */
export const OPERATOR = [{ bearerAuth: [] }];

/**
 * Puts `paths` behind the operator's bearer token (and the small body limit), and documents the
 * bearerAuth scheme that OPERATOR names.
 */
export function operatorOnly(app: OpenAPIHono, paths: readonly string[], sha256: Sha256, adminToken: string): void {
  const auth = adminAuth(sha256, adminToken);
  for (const path of paths) app.use(path, auth, limitBody(SMALL_BODY_LIMIT));
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", { type: "http", scheme: "bearer" });
}

/** A parsed body without the optional members it left out (what the signed statement holds). */
export const present = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
