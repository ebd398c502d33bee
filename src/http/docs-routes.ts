// /docs: the API reference (Scalar) over /openapi.json, with its script served by this server so
// the page works with no internet. The runtime supplies the script's bytes.
import { Scalar } from "@scalar/hono-api-reference";
import { Hono } from "hono";

export type AssetLoader = () => Promise<Uint8Array>;

export function docsRoutes(loadScript: AssetLoader): Hono {
  const app = new Hono();
  let script: Promise<Uint8Array> | undefined;
  app.get("/docs/scalar.js", async (c) => {
    script ??= loadScript();
    const bytes = await script;
    return c.body(new Uint8Array(bytes), 200, {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "public, max-age=86400",
    });
  });
  app.get(
    "/docs",
    Scalar({
      url: "/openapi.json",
      cdn: "/docs/scalar.js",
      pageTitle: "tagtrail API",
      withDefaultFonts: false,
      hideClientButton: true,
    }),
  );
  return app;
}
