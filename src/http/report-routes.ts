// Anonymous reports of suspect products: from the verify page's form (no script: a plain POST,
// answered with a page), or as JSON; and the maker's signed request to read those about its own
// products. Nothing about the sender is read: no address, agent or cookie, and the time of day
// is not kept.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { negotiate } from "../i18n/languages.js";
import { DomainError } from "../service/errors.js";
import type { Reports } from "../service/reports.js";
import { HttpProblem } from "./problem.js";
import { jsonAnswer, jsonBody, limitBody, refusals } from "./route-kit.js";
import { ReportBody, ReportReadBody } from "./schemas.js";
import { validationHook } from "./validation.js";
import { PAGE_CSP, renderReportAnswer, renderUnreadableCodePage } from "./verify-page.js";

const REPORT_BODY_LIMIT = 8 * 1024;

const submitRoute = createRoute({
  method: "post",
  path: "/v1/reports",
  summary: "Report a suspect product, anonymously (at most 20 reports a tag and 2,000 a GTIN a day)",
  request: { body: jsonBody(ReportBody) },
  responses: {
    202: jsonAnswer("Stored", z.object({ stored: z.literal(true) })),
    ...refusals,
    429: { description: "As many reports as taken today for this tag or GTIN", content: refusals[400].content },
  },
});

const ReportsAnswer = z
  .union([
    z.object({ gtin: z.string(), enough: z.literal(false), threshold: z.number().int() }),
    z.object({
      gtin: z.string(),
      enough: z.literal(true),
      count: z.number().int(),
      reports: z
        .array(
          z.object({ serial: z.string(), verdict: z.string(), day: z.string(), place: z.string(), text: z.string() }),
        )
        .readonly(),
    }),
  ])
  .openapi("Reports", { description: "A GTIN's reports, shown only once there are at least `threshold`" });

const readRoute = createRoute({
  method: "post",
  path: "/v1/reports/read",
  summary:
    "A maker reads the reports about one of its GTINs (a request signed with its own key, fresh within 5 minutes)",
  request: { body: jsonBody(ReportReadBody) },
  responses: { 200: jsonAnswer("Reports", ReportsAnswer), ...refusals },
});

export function reportRoutes(reports: Reports): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  for (const path of ["/v1/reports", "/v1/reports/read", "/report"]) app.use(path, limitBody(REPORT_BODY_LIMIT));

  app.openapi(submitRoute, async (c) => {
    await reports.submit(c.req.valid("json"));
    return c.json({ stored: true as const }, 202);
  });
  app.openapi(readRoute, async (c) => {
    const { request, signature } = c.req.valid("json");
    c.header("cache-control", "no-store");
    return c.json(await reports.read(request, signature), 200);
  });

  // The page's form: a person gets a page back, in the language the form was shown in.
  app.post("/report", async (c) => {
    const form = await c.req.parseBody();
    const lang = negotiate(typeof form.lang === "string" ? form.lang : undefined, c.req.header("accept-language"));
    c.header("content-security-policy", PAGE_CSP);
    c.header("cache-control", "no-store");
    const parsed = ReportBody.safeParse({
      gtin: form.gtin,
      serial: form.serial,
      verdict: form.verdict,
      place: form.place,
      text: form.text,
    });
    // A program that does not take HTML gets problem documents, as from every other route.
    const person = (c.req.header("accept") ?? "").includes("text/html");
    if (!parsed.success) {
      if (!person) throw new HttpProblem(400, "invalid-request", "The report is not valid", "fill in every field");
      return c.html(renderUnreadableCodePage(lang), 400);
    }
    try {
      await reports.submit(parsed.data);
    } catch (err) {
      if (person && err instanceof DomainError && err.code === "too-many-reports") {
        return c.html(renderReportAnswer(lang, false), 429);
      }
      throw err;
    }
    return c.html(renderReportAnswer(lang, true), 200);
  });
  return app;
}
