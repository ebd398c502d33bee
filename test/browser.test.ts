// The verify page in real Chromium (Debian's, driven by playwright-core) on a phone-sized
// viewport: what a person sees for each verdict, and that the page is usable there.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toBase64Url } from "../src/core/bytes.js";
import { formatClaimCode } from "../src/core/claim.js";
import { nobleCrypto } from "../src/core/crypto.js";
import { batchIdOf, batchKeyCommitment, simulateTap, sunTemplate } from "../src/core/nfc.js";
import { mintTag, type SignedTag, tagUrl } from "../src/core/tag.js";
import { messages } from "../src/i18n/catalogue.js";
import { direction, LANGUAGES } from "../src/i18n/languages.js";
import { actor, Client } from "./support/actors.js";
import { startServer } from "./support/server.js";
import { tempDir } from "./support/temp.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
let browser: Browser;
let client: Client;
const urls: Record<string, string> = {};
let claim: { tag: SignedTag; code: string };
/** A new tap of the NFC demo tag: its URL, with the seal as the tag mirrors it. */
let nfcTap: (seal?: "CC" | "OO") => string;

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
    const server = await startServer(tempDir(), "browser.example/log", undefined, {
      nfcKek: crypto.getRandomValues(new Uint8Array(32)),
    });
    client = new Client(server.base, server.runtime.adminToken);
    const maker = actor("maker");
    const shop = actor("shop");
    await client.register(maker, ["manufacturer"]);
    await client.register(shop, ["retailer"], { showName: false, country: "FR" });
    const [sold, recalled, unknown, held, stolen] = client.mint(maker, 5, undefined, "LOT-9");
    const [claimable] = client.mint(maker, 1, undefined, "LOT-9", true);
    if (!sold || !recalled || !unknown || !held || !stolen || !claimable) throw new Error("mint");
    const heads = (await client.commission([sold, recalled, held, stolen, claimable])).body.results.map(
      (r: { leafHash: string }) => r.leafHash,
    );
    for (const [tag, first] of [
      [sold, heads[0]],
      [claimable, heads[4]],
    ] as const) {
      await client.walk(tag, first, [
        [maker, "ship", { to: "shop" }],
        [shop, "receive"],
        [shop, "sell"],
      ]);
    }
    const recall = await client.recall(maker, {
      action: "recall",
      gtin: recalled.tag.gtin,
      serials: [recalled.tag.serial],
      instructions: "Stop using it and take it back to the shop.",
      url: "https://maker.example/recall",
    });
    if (recall.status !== 200) throw new Error(JSON.stringify(recall.body));
    const ship = client.signed(maker, "ship", stolen, heads[3], { to: "shop" });
    const shipped = (await client.events([ship])).body.results[0].leafHash;
    await client.events([client.signed(shop, "report-stolen", stolen, shipped)]);
    claim = { tag: claimable, code: claimable.claimCode as string };
    const url = (t: typeof sold, token = toBase64Url(t.signature)) =>
      `${server.base}/01/${t.tag.gtin}/21/${t.tag.serial}?s=${token}`;
    urls.authentic = url(sold);
    urls.recalled = url(recalled);
    urls.warning = url(stolen);
    urls.counterfeit = url(unknown);
    urls.caution = url(held);
    // An NFC TagTamper tag on the shop's shelf, tapped by a software tag.
    const batchKey = crypto.getRandomValues(new Uint8Array(16));
    const commitment = batchKeyCommitment(nobleCrypto.sha256, batchKey);
    const batch = batchIdOf(commitment);
    const registered = await client.nfcBatch(maker, { action: "register", batch, commitment }, batchKey);
    if (registered.status !== 200) throw new Error(JSON.stringify(registered.body));
    const uid = Uint8Array.of(4, 9, 8, 7, 6, 5, 4);
    const chip = mintTag(nobleCrypto, maker.seed, maker.keyId, { gtin: sold.tag.gtin, nfc: { batch, uid } }, (n) =>
      crypto.getRandomValues(new Uint8Array(n)),
    );
    const nfcHead = (await client.commissionNfc([{ tag: chip, uid }])).body.results[0].leafHash;
    await client.walk(chip, nfcHead, [
      [maker, "ship", { to: "shop" }],
      [shop, "receive"],
    ]);
    const template = sunTemplate(tagUrl(server.base, chip.tag.gtin, chip.tag.serial, chip.signature), true).url;
    let counter = 0;
    nfcTap = (seal = "CC") =>
      simulateTap(
        nobleCrypto.aes,
        batchKey,
        uid,
        template,
        ++counter,
        (n) => crypto.getRandomValues(new Uint8Array(n)),
        seal,
      );
  });

  afterAll(async () => {
    await browser?.close();
  });

  const cases = [
    ["authentic", ["sold"]],
    ["caution", ["not-in-shop"]],
    ["recalled", ["recalled", "not-in-shop"]],
    ["warning", ["reported-stolen", "in-transit"]],
    ["counterfeit", ["not-commissioned"]],
  ] as const;

  for (const lang of LANGUAGES) {
    for (const [verdict, codes] of cases) {
      it(`shows the ${verdict} verdict legibly on a phone in ${lang}`, async () => {
        const page = await browser.newPage({
          viewport: { width: 390, height: 844 },
          deviceScaleFactor: 2,
          isMobile: true,
          hasTouch: true,
        });
        const m = messages(lang);
        const url = `${urls[verdict] as string}&lang=${lang}`;
        const outside: string[] = [];
        page.on("request", (r) => {
          if (new URL(r.url()).hostname !== "127.0.0.1") outside.push(r.url());
        });
        const res = await page.goto(url);
        expect(res?.status()).toBe(200);
        expect(res?.headers()["content-security-policy"]).toMatch(/default-src 'none'/);
        await expect(page.locator("h1").innerText()).resolves.toContain(m.verdicts[verdict]);
        const status = page.locator('[role="status"]');
        expect(await status.getAttribute("data-verdict")).toBe(verdict);
        expect(
          await page.locator(".reasons li").evaluateAll((els) => els.map((e) => e.getAttribute("data-code"))),
        ).toEqual(codes);
        expect(await page.locator("html").getAttribute("lang")).toBe(lang);
        expect(await page.locator("html").getAttribute("dir")).toBe(direction(lang));
        // A next step, and the language switch naming every language in itself.
        expect(await page.locator("[data-next]").innerText()).toBe(
          m.next[(await page.locator("[data-next]").getAttribute("data-next")) as keyof typeof m.next],
        );
        expect(await page.locator("nav.lang li").count()).toBe(LANGUAGES.length);
        expect(await page.locator(`nav.lang [aria-current="true"]`).innerText()).toBe(m.name);
        // Nothing wider than the screen, verdict visible without scrolling.
        expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
        const box = await status.boundingBox();
        expect(box && box.y + box.height).toBeLessThan(844);
        // The privacy statement, in the reader's language.
        await expect(page.getByRole("heading", { name: m.page.privacyHeading }).isVisible()).resolves.toBe(true);
        expect(await page.locator(".privacy p").first().innerText()).toBe(m.page.privacy);
        // No cookie, and light: at most 14 KB compressed.
        expect(await page.context().cookies()).toEqual([]);
        const html = await (await fetch(url, { headers: { accept: "text/html" } })).text();
        expect(gzipSync(html).length).toBeLessThanOrEqual(14 * 1024);
        expect(outside).toEqual([]);
        await page.close();
      });
    }
  }

  // WCAG 2.2 AA by axe-core (injected past the page's CSP, which allows no script), for every
  // verdict in every language, at 200 % zoom (a 390 px phone seen through 195 CSS px).
  const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  for (const lang of LANGUAGES) {
    it(`has no WCAG 2.2 AA violation in ${lang}, and reflows at 200 % zoom`, async () => {
      const context = await browser.newContext({ bypassCSP: true, viewport: { width: 195, height: 422 } });
      const page = await context.newPage();
      const found: string[] = [];
      for (const [verdict] of cases) {
        await page.goto(`${urls[verdict] as string}&lang=${lang}`);
        await page.addScriptTag({ content: AXE });
        const result = (await page.evaluate(
          "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } })",
        )) as { violations: { id: string; nodes: { target: string[] }[] }[] };
        for (const v of result.violations)
          found.push(`${verdict}: ${v.id} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
        expect(await page.evaluate("document.documentElement.scrollWidth"), verdict).toBeLessThanOrEqual(195);
        // Landmarks a screen reader can jump between.
        expect(await page.locator("main").count()).toBe(1);
        expect(await page.locator("nav").count()).toBe(1);
      }
      expect(found).toEqual([]);
      await context.close();
    });
  }

  it("shows an NFC tap, its reload and a seal opened before the sale, accessibly in every language", async () => {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const found: string[] = [];
    for (const lang of LANGUAGES) {
      const m = messages(lang);
      // Each tap made just before it is opened: a later tap makes every earlier URL a replay.
      const reload = () => {
        const url = nfcTap();
        return fetch(url).then(() => url); // the first opening of this tap: the page is its reload
      };
      for (const [tap, verdict, codes] of [
        [async () => nfcTap(), "authentic", ["at-retailer", "nfc-tapped"]],
        [reload, "caution", ["nfc-already-checked"]],
        [async () => nfcTap("OO"), "warning", ["seal-opened-before-sale", "nfc-tapped"]],
      ] as const) {
        const url = await tap();
        await page.goto(`${url}&lang=${lang}`);
        expect(await page.locator('[role="status"]').getAttribute("data-verdict"), `${lang} ${verdict}`).toBe(verdict);
        expect(
          await page.locator(".reasons li").evaluateAll((els) => els.map((e) => e.getAttribute("data-code"))),
        ).toEqual(codes);
        const next = (await page.locator("[data-next]").getAttribute("data-next")) as keyof typeof m.next;
        expect(next).toBe(verdict === "caution" ? "tap-again" : verdict === "warning" ? "seal-opened" : "shelf");
        expect(await page.locator("[data-next]").innerText()).toBe(m.next[next]);
        await page.addScriptTag({ content: AXE });
        const result = (await page.evaluate(
          "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } })",
        )) as { violations: { id: string; nodes: { target: string[] }[] }[] };
        for (const v of result.violations) found.push(`${lang} ${verdict}: ${v.id}`);
      }
    }
    expect(found).toEqual([]);
    await context.close();
  });

  it("sends an anonymous report from the page's form, with no script", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${urls.caution as string}&lang=it`);
    await page.locator("summary").click();
    await page.getByLabel(messages("it").report.places.online).check();
    await page.getByLabel(messages("it").report.text).fill("Venduto sigillato su un sito d'aste.");
    await Promise.all([
      page.waitForURL(/\/report$/),
      page.getByRole("button", { name: messages("it").report.send }).click(),
    ]);
    expect(await page.locator("[data-report]").innerText()).toBe(messages("it").report.thanks);
    expect(await page.locator("html").getAttribute("lang")).toBe("it");
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });

  it("follows Accept-Language, and the switch keeps the signature", async () => {
    const context = await browser.newContext({
      locale: "fr-FR",
      extraHTTPHeaders: { "accept-language": "fr-FR,fr;q=0.9" },
    });
    const page = await context.newPage();
    await page.goto(urls.authentic as string);
    expect(await page.locator("html").getAttribute("lang")).toBe("fr");
    await page.locator('nav.lang a[hreflang="ar"]').click();
    await page.waitForURL(/lang=ar/);
    expect(page.url()).toContain("s=");
    expect(await page.locator("html").getAttribute("dir")).toBe("rtl");
    expect(await page.locator("[role=status]").getAttribute("data-verdict")).toBe("authentic");
    await context.close();
  });

  it("claims a product on the claim page, keeps the key on the device, and passes it on", async () => {
    const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
    const { tag, code } = claim;
    const path = `/claim/01/${tag.tag.gtin}/21/${tag.tag.serial}`;
    const outside: string[] = [];
    const watch = (p: import("playwright-core").Page) =>
      p.on("request", (r) => {
        if (new URL(r.url()).hostname !== "127.0.0.1") outside.push(r.url());
      });
    const seller = await browser.newContext(phone);
    const page = await seller.newPage();
    watch(page);
    // The second QR inside the packaging: the claim page with the code in the fragment.
    const res = await page.goto(`${client.base}${path}#${formatClaimCode(code)}`);
    expect(res?.headers()["content-security-policy"]).toMatch(/script-src 'self'/);
    await expect.poll(() => page.locator("#code").inputValue()).toBe(formatClaimCode(code));
    expect(page.url()).not.toContain("#");
    await page.getByRole("button", { name: "Claim this product" }).click();
    await page.locator('[data-panel="owner"]').waitFor({ state: "visible" });
    expect(await page.locator("#claim-status").innerText()).toMatch(/Claimed/);
    const owner = (await client.holderStatus(tag)).body.owner as string;
    expect(owner).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await client.verify(tag)).body.reasons[0].code).toBe("claimed");

    // The key stays on the device: after a reload the page still knows its owner.
    await page.reload();
    await page.locator('[data-panel="owner"]').waitFor({ state: "visible" });
    expect(await page.locator("#owner-since").innerText()).toBe(new Date().toISOString().slice(0, 10));

    // Resale: a one-time transfer code, redeemed by the buyer's own device.
    await page.getByRole("button", { name: "Make a one-time transfer code" }).click();
    await page.locator("#offer-result").waitFor({ state: "visible" });
    const link = await page.locator("#offer-link").getAttribute("href");
    expect(link).toContain(path);
    const buyer = await browser.newContext(phone);
    const page2 = await buyer.newPage();
    watch(page2);
    await page2.goto(link as string);
    await page2.getByRole("button", { name: "Claim this product" }).click();
    await page2.locator('[data-panel="owner"]').waitFor({ state: "visible" });
    const newOwner = (await client.holderStatus(tag)).body.owner as string;
    expect(newOwner).not.toBe(owner);

    // The seller's device now sees a product claimed by someone else.
    await page.reload();
    await page.locator('[data-panel="claimed"]').waitFor({ state: "visible" });
    expect(await page.locator('[data-panel="claimed"]').innerText()).toMatch(/it is a copy/);
    expect(await seller.cookies()).toEqual([]);
    expect(await buyer.cookies()).toEqual([]);
    expect(outside).toEqual([]);
    await seller.close();
    await buyer.close();
  });

  it("answers an unreadable code (a typo in the check digit, a cut-off serial) without calling it fake", async () => {
    const authentic = urls.authentic as string;
    const typo = authentic.replace(
      /\/01\/(\d{13})(\d)\//,
      (_, body, check) => `/01/${body}${(Number(check) + 1) % 10}/`,
    );
    expect(typo).not.toBe(authentic);
    for (const url of [typo, `${client.base}/01/12345678/21/%7Bbad%7D?s=zz`]) {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      const res = await page.goto(url);
      expect(res?.status()).toBe(400);
      const heading = await page.locator("h1").innerText();
      expect(heading).toContain("This code cannot be read");
      expect(heading).not.toMatch(/genuine|fake|counterfeit/i);
      expect(await page.locator('[role="status"]').getAttribute("data-verdict")).toBe("unreadable");
      expect(await page.locator(".reasons li").getAttribute("data-code")).toBe("unreadable-code");
      expect(await page.locator("#product-h").count()).toBe(0);
      await page.close();
    }
  });

  it("links the genuine page to the same check as JSON, signature included", async () => {
    const page = await browser.newPage();
    await page.goto(urls.authentic as string);
    const link = page.getByRole("link", { name: "the proofs as JSON" });
    const [response] = await Promise.all([page.waitForEvent("response"), link.click()]);
    expect(response.url()).toContain("format=json");
    const answer = (await response.json()) as { verdict: string };
    expect(answer.verdict).toBe("authentic");
    await page.close();
  });

  it("serves the API reference at /docs with no request leaving this machine", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const outside: string[] = [];
    const requested: string[] = [];
    await page.route("**/*", (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === "127.0.0.1") {
        requested.push(url.pathname);
        return route.continue();
      }
      outside.push(url.href);
      return route.abort();
    });
    const refused: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") refused.push(m.text());
    });
    page.on("pageerror", (e) => refused.push(e.message));
    const res = await page.goto(`${client.base}/docs`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()["content-security-policy"]).toMatch(/script-src 'self';.*connect-src 'self'/);
    // swagger-ui has drawn the operations it read from /openapi.json.
    const events = page.locator('.opblock-summary-path[data-path="/v1/events"]');
    await events.first().waitFor({ timeout: 20_000 });
    await expect(page.getByText("Verify a tag", { exact: false }).first().isVisible()).resolves.toBe(true);
    expect(await page.locator(".opblock").count()).toBeGreaterThan(10);
    expect(await page.title()).toBe("tagtrail API");
    expect(await page.locator(".validator-badge, .topbar").count()).toBe(0);
    expect(requested).toEqual(
      expect.arrayContaining([
        "/docs",
        "/docs/swagger-ui.css",
        "/docs/swagger-ui-bundle.js",
        "/docs/init.js",
        "/openapi.json",
      ]),
    );
    expect(outside).toEqual([]);
    expect(refused).toEqual([]); // no error, and nothing refused by the page's policy
    await page.close();
  });

  it("shows the journey with the retailer's role and country but not its name", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(urls.authentic as string);
    const steps = await page.locator("ol.journey li").allInnerTexts();
    expect(steps).toHaveLength(4);
    expect(steps[3]).toMatch(/Sold by retailer, France/);
    expect(steps.join("\n")).not.toMatch(/Shop Ltd/);
    expect(await page.locator("dl").innerText()).toMatch(/LOT-9/);
    await page.close();
  });
});
