// Bearer-token authentication for the operator's endpoints. Tokens are compared as SHA-256
// digests in constant time, so neither their contents nor their length leak through timing.
import type { MiddlewareHandler } from "hono";
import { constantTimeEqual, utf8 } from "../core/bytes.js";
import type { Sha256 } from "../core/crypto.js";
import { HttpProblem, problemResponse } from "./problem.js";

export function adminAuth(sha256: Sha256, token: string): MiddlewareHandler {
  const expected = sha256(utf8(token));
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const presented = header.startsWith("Bearer ") ? header.slice(7) : "";
    if (!constantTimeEqual(sha256(utf8(presented)), expected)) {
      c.header("www-authenticate", 'Bearer realm="tagtrail-admin"');
      return problemResponse(
        c,
        new HttpProblem(401, "unauthorized", "Admin token required", "send Authorization: Bearer <admin token>"),
      );
    }
    await next();
  };
}
