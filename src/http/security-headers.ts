// Security headers, sized to what each response is. Every response gets nosniff. Documents (HTML)
// also get the browser hardening set (frame, referrer, cross-origin isolation, HSTS); JSON, text
// and problem responses need none of it, and each header costs throughput on the hot verify path.
import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";

export function securityHeaders(): MiddlewareHandler {
  const documentHeaders = secureHeaders({ referrerPolicy: "no-referrer" });
  return async (c, next) => {
    c.header("x-content-type-options", "nosniff");
    const accept = c.req.header("accept") ?? "";
    // Browsers navigating ask for text/html; API clients ask for JSON or nothing in particular.
    if (accept.includes("text/html")) return documentHeaders(c, next);
    await next();
    if (c.res.headers.get("content-type")?.startsWith("text/html")) {
      c.res.headers.set("x-frame-options", "DENY");
      c.res.headers.set("referrer-policy", "no-referrer");
    }
  };
}
