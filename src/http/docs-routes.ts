// /docs: the API reference (swagger-ui) over /openapi.json. The page loads nothing but files this
// server serves, so it works with no internet; the runtime supplies the viewer's bytes.
import { Hono } from "hono";
import { toBase64Url } from "../core/bytes.js";

/** The viewer's files, named as swagger-ui-dist ships them; each is served at /docs/<name>. */
export const DOCS_ASSETS = ["swagger-ui-bundle.js", "swagger-ui.css"] as const;
export type DocsAsset = (typeof DOCS_ASSETS)[number];
export type AssetLoader = (name: DocsAsset) => Promise<Uint8Array>;

// The page's own start-up code, a file of its own so the page needs no inline script. No
// validator (it would send the document to validator.swagger.io), no ?url= taking the page to
// another document; "Try it out" reaches this origin only, as connect-src allows nothing else.
const INIT_JS = new TextEncoder().encode(`"use strict";
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#api",
  validatorUrl: null,
  deepLinking: true,
  queryConfigEnabled: false,
});
`);

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  // swagger-ui's stylesheet draws its icons as data: SVGs.
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const FILES = [...DOCS_ASSETS, "init.js"] as const;
type DocsFile = (typeof FILES)[number];

interface Asset {
  readonly bytes: Uint8Array<ArrayBuffer>;
  /** A digest of the bytes, put in the page's links so an asset may be cached for good. */
  readonly version: string;
}

async function fingerprint(loaded: Uint8Array): Promise<Asset> {
  const bytes = loaded.slice();
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return { bytes, version: toBase64Url(digest.subarray(0, 12)) };
}

function page(v: Record<DocsFile, string>): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>tagtrail API</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/docs/swagger-ui.css?v=${v["swagger-ui.css"]}">
</head>
<body>
<div id="api"><noscript>This page needs JavaScript; the API description itself is at <a href="/openapi.json">/openapi.json</a>.</noscript></div>
<script src="/docs/swagger-ui-bundle.js?v=${v["swagger-ui-bundle.js"]}"></script>
<script src="/docs/init.js?v=${v["init.js"]}"></script>
</body>
</html>
`;
}

export function docsRoutes(load: AssetLoader): Hono {
  const app = new Hono();
  const loaded = new Map<DocsFile, Promise<Asset>>();
  const asset = (name: DocsFile): Promise<Asset> => {
    let pending = loaded.get(name);
    if (!pending) {
      pending = (name === "init.js" ? Promise.resolve(INIT_JS) : load(name)).then(fingerprint);
      loaded.set(name, pending);
      // A failed load is tried again on the next request.
      pending.catch(() => loaded.delete(name));
    }
    return pending;
  };

  app.get("/docs", async (c) => {
    const assets = await Promise.all(FILES.map(asset));
    const versions = Object.fromEntries(FILES.map((name, i) => [name, assets[i]?.version])) as Record<DocsFile, string>;
    c.header("content-security-policy", CSP);
    c.header("cache-control", "no-cache");
    return c.html(page(versions));
  });

  for (const name of FILES) {
    app.get(`/docs/${name}`, async (c) => {
      const { bytes, version } = await asset(name);
      // The page links each file with its digest: that URL's bytes never change.
      const current = c.req.query("v") === version;
      return c.body(bytes, 200, {
        "content-type": name.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8",
        "cache-control": current ? "public, max-age=31536000, immutable" : "no-cache",
      });
    });
  }
  return app;
}
