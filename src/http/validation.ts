// The zod-openapi hook that turns a failed validation into a 400 problem+json response.
import type { Hook } from "@hono/zod-openapi";
import type { Env } from "hono";
import { validationProblem } from "./errors.js";
import { problemResponse } from "./problem.js";

// biome-ignore lint/suspicious/noExplicitAny: the hook is generic over every route's schema.
export const validationHook: Hook<any, Env, any, any> = (result, c) => {
  if (!result.success) return problemResponse(c, validationProblem(result.error, result.target));
};
