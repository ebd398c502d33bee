// The server's root: what this service is, a box to paste a tag URL into, the log's current
// checkpoint and where the API is described. Script-free like the verify page. The box's form
// goes to /check, which sends the browser to this server's verify page for that tag.
import { Hono } from "hono";
import { toBase64 } from "../core/bytes.js";
import { tagPath } from "../core/digital-link.js";
import { parseTagUrl, TOKEN_PARAM } from "../core/tag.js";
import type { TransparencyLog } from "../log/transparency-log.js";
import { escapeHtml as esc, pageDocument, renderUnreadableCodePage } from "./verify-page.js";
import { readerLanguage } from "./verify-routes.js";

const HOME_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export function homeRoutes(log: TransparencyLog): Hono {
  const app = new Hono();
  app.get("/", async (c) => {
    const checkpoint = await log.checkpoint();
    c.header("content-security-policy", HOME_CSP);
    c.header("cache-control", "no-cache");
    return c.html(
      pageDocument(
        "Product verification",
        `<h1>tagtrail</h1>
<p>This server verifies products: each tag carries its maker's signature, every handoff in the supply chain is signed,
and every statement is an entry of a public, append-only log that anyone can audit. Scanning a tag tells you whether
the product is genuine, with proofs your own device can re-check.</p>
<section aria-labelledby="check-h"><h2 id="check-h">Check a product</h2>
<form action="/check" method="get">
<label for="url">Paste the address from the product's QR code or NFC tag</label><br>
<input id="url" name="url" type="url" required size="40" placeholder="https://…/01/…/21/…?s=…" autocomplete="off">
<button type="submit">Check</button>
</form></section>
<section aria-labelledby="log-h"><h2 id="log-h">The log</h2>
<dl><dt>Origin</dt><dd>${esc(checkpoint.origin)}</dd><dt>Entries</dt><dd>${checkpoint.size}</dd>
<dt>Root hash</dt><dd><code>${esc(toBase64(checkpoint.root))}</code></dd></dl>
<p><a href="/v1/log/checkpoint">The signed checkpoint</a> · <a href="/v1/log/key">the log's verifier key</a></p></section>
<section aria-labelledby="api-h"><h2 id="api-h">For developers and auditors</h2>
<p><a href="/docs">API reference</a> · <a href="/openapi.json">OpenAPI description</a></p></section>
<section class="privacy"><p>A check is anonymous: no IP address, browser details, cookie or time of day is kept.</p></section>`,
      ),
      200,
    );
  });
  // The form's target: any tag URL (whatever its host) is checked on this server.
  app.get("/check", (c) => {
    const tag = parseTagUrl((c.req.query("url") ?? "").trim());
    if (!tag) {
      c.header("content-security-policy", HOME_CSP);
      c.header("cache-control", "no-store");
      return c.html(renderUnreadableCodePage(readerLanguage(c.req.raw)), 400);
    }
    const token = new URL((c.req.query("url") ?? "").trim()).searchParams.get(TOKEN_PARAM);
    const query = token === null ? "" : `?${new URLSearchParams({ [TOKEN_PARAM]: token })}`;
    return c.redirect(`${tagPath(tag)}${query}`, 303);
  });
  return app;
}
