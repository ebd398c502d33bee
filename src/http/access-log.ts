// A privacy-preserving access log: method, route pattern (never the concrete path or query, so
// no tag serial or token), status and duration. No address, no user agent, no referrer.
import type { MiddlewareHandler } from "hono";

export function accessLog(write: (line: string) => void): MiddlewareHandler {
  return async (c, next) => {
    const start = performance.now();
    await next();
    const ms = (performance.now() - start).toFixed(1);
    write(`${c.req.method} ${c.req.routePath} ${c.res.status} ${ms}ms`);
  };
}
