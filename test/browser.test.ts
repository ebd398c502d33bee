// The verify page in real Chromium (Debian's, driven by playwright-core) on a phone-sized
// viewport: what a person sees for each verdict, and that the page is usable there.
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toBase64Url } from "../src/core/bytes.js";
import { actor, Client } from "./support/actors.js";
import { startServer } from "./support/server.js";
import { tempDir } from "./support/temp.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
let browser: Browser;
let client: Client;
const urls: Record<string, string> = {};

describe("verify page in Chromium", () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: .ci/run installs Debian's chromium`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    const server = await startServer(tempDir(), "browser.example/log");
    client = new Client(server.base, server.service.adminToken);
    const maker = actor("maker");
    const shop = actor("shop");
    await client.register(maker, ["manufacturer"]);
    await client.register(shop, ["retailer"], { showName: false, country: "FR" });
    const [sold, recalled, unknown] = client.mint(maker, 3, undefined, "LOT-9");
    if (!sold || !recalled || !unknown) throw new Error("mint");
    const heads = (await client.commission([sold, recalled])).body.results.map((r: { leafHash: string }) => r.leafHash);
    let h = heads[0];
    for (const [a, type, extra] of [
      [maker, "ship", { to: "shop" }],
      [shop, "receive", {}],
      [shop, "sell", {}],
    ] as const) {
      h = (await client.events([client.signed(a, type, sold, h, extra)])).body.results[0].leafHash;
    }
    await client.events([client.signed(maker, "recall", recalled, heads[1])]);
    const url = (t: typeof sold, token = toBase64Url(t.signature)) =>
      `${server.base}/01/${t.tag.gtin}/21/${t.tag.serial}?s=${token}`;
    urls.authentic = url(sold);
    urls.warning = url(recalled);
    urls.counterfeit = url(unknown);
  });

  afterAll(async () => {
    await browser?.close();
  });

  const cases = [
    ["authentic", "Genuine product", ["authentic"]],
    ["warning", "Check this product", ["recalled", "in-supply-chain"]],
    ["counterfeit", "Not a genuine code", ["not-commissioned"]],
  ] as const;

  for (const [verdict, heading, codes] of cases) {
    it(`shows the ${verdict} verdict legibly on a phone`, async () => {
      const page = await browser.newPage({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      });
      const res = await page.goto(urls[verdict] as string);
      expect(res?.status()).toBe(200);
      expect(res?.headers()["content-security-policy"]).toMatch(/default-src 'none'/);
      await expect(page.locator("h1").innerText()).resolves.toContain(heading);
      const status = page.locator('[role="status"]');
      expect(await status.getAttribute("data-verdict")).toBe(verdict);
      expect(
        await page.locator(".reasons li").evaluateAll((els) => els.map((e) => e.getAttribute("data-code"))),
      ).toEqual(codes);
      expect(await page.locator("html").getAttribute("lang")).toBe("en");
      // Nothing wider than the screen, verdict visible without scrolling.
      expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
      const box = await status.boundingBox();
      expect(box && box.y + box.height).toBeLessThan(844);
      // The privacy statement is on the page.
      await expect(page.getByRole("heading", { name: "Your privacy" }).isVisible()).resolves.toBe(true);
      expect(await page.locator(".privacy").innerText()).toMatch(/does not keep your IP address/);
      // No cookie was set.
      expect(await page.context().cookies()).toEqual([]);
      expect((await page.screenshot()).length).toBeGreaterThan(10_000); // it renders
      await page.close();
    });
  }

  it("answers a malformed code with a page a person can read", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const res = await page.goto(`${client.base}/01/12345678/21/%7Bbad%7D?s=zz`);
    expect(res?.status()).toBe(400);
    await expect(page.locator("h1").innerText()).resolves.toContain("Not a genuine code");
    expect(await page.locator(".reasons li").getAttribute("data-code")).toBe("invalid-code");
    expect(await page.locator("#product-h").count()).toBe(0);
    await page.close();
  });

  it("serves the API reference at /docs with no request leaving this machine", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const outside: string[] = [];
    await page.route("**/*", (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === "127.0.0.1") return route.continue();
      outside.push(url.href);
      return route.abort();
    });
    const res = await page.goto(`${client.base}/docs`);
    expect(res?.status()).toBe(200);
    await page.getByText("Verify a tag", { exact: false }).first().waitFor({ timeout: 20_000 });
    expect(await page.title()).toBe("tagtrail API");
    expect(outside).toEqual([]);
    await page.close();
  });

  it("shows the journey with the retailer's role and country but not its name", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(urls.authentic as string);
    const steps = await page.locator("ol.journey li").allInnerTexts();
    expect(steps).toHaveLength(4);
    expect(steps[3]).toMatch(/Sold by Retailer, FR/);
    expect(steps.join("\n")).not.toMatch(/Shop Ltd/);
    expect(await page.locator("dl").innerText()).toMatch(/LOT-9/);
    await page.close();
  });
});
