// GET /01/{gtin}/21/{serial}?s=… — the URL in the QR code (and the GS1 Digital Link paths with a
// lot or a variant). JSON for Accept: application/json (or
// ?format=json), the consumer page otherwise. Nothing about the requester is read or kept.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { fromBase64Url } from "../core/bytes.js";
import { parseSunParams, SUN_PARAMS } from "../core/nfc.js";
import { TOKEN_PARAM } from "../core/tag.js";
import { LANGUAGES, type Language, negotiate } from "../i18n/languages.js";
import type { Verifier } from "../service/verify.js";
import { LogDamageError } from "../store/log-store.js";
import { VerifyAnswer } from "./answers.js";
import { Lot, problemContent, TagPathParams } from "./schemas.js";
import { validationHook } from "./validation.js";
import { PAGE_CSP, renderUnavailablePage, renderUnreadableCodePage, renderVerifyPage } from "./verify-page.js";

const Cpv = Lot.openapi({ description: "GS1 AI 22, a consumer product variant: accepted, not part of what is signed" });

/**
 * The paths GS1 Digital Link gives a serialised GTIN (core/digital-link.ts): the key qualifiers
 * 22, 10 and 21 in that order, 22 and 10 optional. A lot in the path must be the tag's signed lot.
 */
const VERIFY_PATHS = [
  ["/01/{gtin}/21/{serial}", TagPathParams],
  [
    "/01/{gtin}/10/{lot}/21/{serial}",
    TagPathParams.extend({ lot: Lot.openapi({ param: { name: "lot", in: "path" } }) }),
  ],
  [
    "/01/{gtin}/22/{cpv}/21/{serial}",
    TagPathParams.extend({ cpv: Cpv.openapi({ param: { name: "cpv", in: "path" } }) }),
  ],
  [
    "/01/{gtin}/22/{cpv}/10/{lot}/21/{serial}",
    TagPathParams.extend({
      cpv: Cpv.openapi({ param: { name: "cpv", in: "path" } }),
      lot: Lot.openapi({ param: { name: "lot", in: "path" } }),
    }),
  ],
] as const;

const verifyRoute = (path: string, params: typeof TagPathParams) =>
  createRoute({
    method: "get",
    path,
    summary: "Verify a tag (GS1 Digital Link): verdict, product, journey and offline-checkable proofs",
    request: {
      params,
      query: z.object({
        [TOKEN_PARAM]: z.string().max(200).optional().openapi({ description: "the tag's signature, base64url" }),
        [SUN_PARAMS.picc]: z
          .string()
          .max(64)
          .optional()
          .openapi({ description: "NFC tag (NTAG 424 DNA SUN): encrypted PICC data, 32 hex digits" }),
        [SUN_PARAMS.file]: z
          .string()
          .max(64)
          .optional()
          .openapi({ description: "NFC TagTamper tag: encrypted file data with the seal's status, 32 hex digits" }),
        [SUN_PARAMS.mac]: z
          .string()
          .max(32)
          .optional()
          .openapi({ description: "NFC tag: the tap's truncated AES-CMAC, 16 hex digits" }),
        format: z.enum(["json", "html"]).optional(),
        lang: z
          .string()
          .max(35)
          .optional()
          .openapi({
            description: `the reader's language (${LANGUAGES.join(", ")}); else Accept-Language, else English`,
          }),
      }),
    },
    responses: {
      200: {
        description: "Verdict",
        content: { "application/json": { schema: VerifyAnswer }, "text/html": { schema: z.string() } },
      },
      400: { description: "Not a tag URL", content: problemContent },
    },
  });

// The service serialises the JSON answer itself (Verifier.verifyJson), so no handler's types tie
// it to its schema: this type does, and stops compiling if VerifyAnswer no longer describes it.
type Documented<T extends z.input<typeof VerifyAnswer>> = T;
export type VerifyAnswerBody = Documented<Awaited<ReturnType<Verifier["verify"]>>>;

/** The reader's language from a raw request (?lang=, then Accept-Language). */
export function readerLanguage(request: Request): Language {
  return negotiate(
    new URL(request.url).searchParams.get("lang") ?? undefined,
    request.headers.get("accept-language") ?? undefined,
  );
}

export function verifyRoutes(verifier: Verifier, scanCountry?: (request: Request) => string | undefined): OpenAPIHono {
  // A person who scans a damaged or made-up code gets a page, not a problem document.
  const app = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (result.success) return;
      if ((c.req.header("accept") ?? "").includes("text/html") && c.req.query("format") !== "json") {
        c.header("content-security-policy", PAGE_CSP);
        c.header("cache-control", "no-store");
        return c.html(renderUnreadableCodePage(readerLanguage(c.req.raw)), 400);
      }
      return validationHook(result, c);
    },
  });
  for (const [path, params] of VERIFY_PATHS) {
    app.openapi(verifyRoute(path, params as typeof TagPathParams), async (c) => {
      const { gtin, serial, lot } = c.req.valid("param") as { gtin: string; serial: string; lot?: string };
      const query = c.req.valid("query");
      const raw = query[TOKEN_PARAM];
      const decoded = raw === undefined ? undefined : fromBase64Url(raw);
      // A token that is present but malformed still counts as presented (and wrong).
      const token = raw === undefined ? undefined : decoded?.length === 64 ? decoded : new Uint8Array(0);
      const lang = negotiate(query.lang, c.req.header("accept-language"));
      // An NFC tag's tap: its SUN data, checked against the tag's key and counter by the verifier.
      const tap = parseSunParams((name) => (query as Record<string, string | undefined>)[name]);
      const seen = scanCountry?.(c.req.raw);
      const country = seen !== undefined && /^[A-Z]{2}$/.test(seen) && seen !== "XX" ? seen : "";
      c.header("cache-control", "no-store");
      c.header("vary", "accept, accept-language");
      const wantsJson =
        query.format === "json" ||
        (query.format !== "html" && (c.req.header("accept") ?? "").includes("application/json"));
      if (wantsJson) {
        const json = await verifier.verifyJson(gtin, serial, token, { country, lang, tap, ...(lot ? { lot } : {}) });
        // Bytes, not a string: nothing re-encodes or re-measures the body on the way out.
        return c.body(json, 200, { "content-type": "application/json" }) as never;
      }
      // The page needs nothing but its own inline styles: no script, no frame, no remote asset.
      c.header("content-security-policy", PAGE_CSP);
      let result: Awaited<ReturnType<Verifier["verify"]>>;
      try {
        result = await verifier.verify(gtin, serial, token, { country, lang, tap, ...(lot ? { lot } : {}) });
      } catch (err) {
        if (err instanceof LogDamageError) return c.html(renderUnavailablePage(lang), 503);
        throw err;
      }
      // Links to this same check: as JSON (the proofs; its signature must come along), and in another language.
      // An NFC tap's data comes along too: opened again, it is the same tap ("already checked").
      const sun = Object.fromEntries(
        Object.values(SUN_PARAMS).flatMap((n) => {
          const v = (query as Record<string, string | undefined>)[n];
          return v === undefined ? [] : [[n, v]];
        }),
      );
      const same = (extra: Record<string, string>) =>
        `?${new URLSearchParams({ ...(raw === undefined ? {} : { [TOKEN_PARAM]: raw }), ...sun, ...extra })}`;
      return c.html(
        renderVerifyPage(result, lang, { json: same({ format: "json", lang }), language: (l) => same({ lang: l }) }),
        200,
      );
    });
  }
  return app;
}
