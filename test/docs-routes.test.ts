// /docs without a browser: the page loads only this server's files, under a strict policy, with
// long-cached assets whose links change when their bytes do. (browser.test.ts renders it.)
import { describe, expect, it } from "vitest";
import { type DocsAsset, docsRoutes } from "../src/http/docs-routes.js";

function fakeAssets(fail = 0) {
  const reads: DocsAsset[] = [];
  let failures = fail;
  const load = async (name: DocsAsset) => {
    reads.push(name);
    if (failures-- > 0) throw new Error("unreadable");
    return new TextEncoder().encode(`/* ${name} */`);
  };
  return { load, reads };
}

async function links(app: ReturnType<typeof docsRoutes>): Promise<string[]> {
  const html = await (await app.request("/docs")).text();
  return [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
}

describe("docs routes", () => {
  it("serves a page that loads only its own files, with no inline script", async () => {
    const res = await docsRoutes(fakeAssets().load).request("/docs");
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("style-src 'self';");
    expect(csp).toContain("connect-src 'self';");
    expect(csp).not.toMatch(/unsafe|https?:/);
    const html = await res.text();
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script>/);
    const srcs = await links(docsRoutes(fakeAssets().load));
    expect(srcs.map((s) => s.replace(/\?v=[\w-]+$/, ""))).toEqual([
      "data:,",
      "/docs/swagger-ui.css",
      "/openapi.json",
      "/docs/swagger-ui-bundle.js",
      "/docs/init.js",
    ]);
  });

  it("starts swagger-ui on /openapi.json with no validator", async () => {
    const init = await (await docsRoutes(fakeAssets().load).request("/docs/init.js")).text();
    expect(init).toContain('url: "/openapi.json"');
    expect(init).toContain("validatorUrl: null");
  });

  it("caches an asset for good only at the URL the page links", async () => {
    const app = docsRoutes(fakeAssets().load);
    for (const link of (await links(app)).filter((l) => l.includes("?v="))) {
      const linked = await app.request(link);
      expect(linked.status, link).toBe(200);
      expect(linked.headers.get("cache-control"), link).toBe("public, max-age=31536000, immutable");
      expect(linked.headers.get("content-type"), link).toMatch(
        link.includes(".css") ? /^text\/css/ : /^text\/javascript/,
      );
      const stale = await app.request(link.replace(/\?v=.*/, "?v=older"));
      expect(stale.headers.get("cache-control"), link).toBe("no-cache");
    }
  });

  it("reads each asset once, and again after a failed read", async () => {
    const assets = fakeAssets(1);
    const app = docsRoutes(assets.load).onError((_, c) => c.text("unreadable", 500));
    expect((await app.request("/docs")).status).toBe(500);
    expect((await app.request("/docs")).status).toBe(200);
    await app.request("/docs/swagger-ui-bundle.js");
    await app.request("/docs/swagger-ui.css");
    expect(assets.reads.sort()).toEqual(["swagger-ui-bundle.js", "swagger-ui-bundle.js", "swagger-ui.css"]);
  });
});
