// Anonymous reports of suspect products. A report keeps the tag, the verdict its reporter was
// shown, the UTC day, where it was bought and the reporter's words: nothing about who sent it, so
// the submission limit counts reports per tag and per GTIN a day, not per sender. The maker reads
// the reports about its own products with a request signed by its key; a product's reports are
// shown only once there are at least REPORT_THRESHOLD of them.
import { gtinHasPrefix } from "../core/gs1.js";
import { REPORT_THRESHOLD, type ReportPlace, type ReportRead, reportReadBytes } from "../core/report.js";
import type { ReportLimits, ReportRow } from "../store/domain-store.js";
import { type ServiceContext, utcDay } from "./context.js";
import { DomainError, type ReportCode } from "./errors.js";
import { signingMaker } from "./maker-statement.js";

export const REPORT_LIMITS: ReportLimits = { perTagDay: 20, perGtinDay: 2000 };
const FRESH_MS = 5 * 60 * 1000;

export interface ReportSubmission {
  readonly gtin: string;
  readonly serial: string;
  readonly verdict: string;
  readonly place: ReportPlace;
  readonly text: string;
}

export type ReportsAnswer =
  | { readonly gtin: string; readonly enough: false; readonly threshold: number }
  | {
      readonly gtin: string;
      readonly enough: true;
      readonly count: number;
      readonly reports: readonly Omit<ReportRow, "gtin">[];
    };

export class Reports {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly limits: ReportLimits = REPORT_LIMITS,
  ) {}

  async submit(r: ReportSubmission): Promise<void> {
    const day = utcDay(this.ctx.now());
    if (!(await this.ctx.store.addReport({ ...r, day }, this.limits))) {
      throw new DomainError("report", "too-many-reports", "this product has had as many reports today as we take");
    }
  }

  async read(request: ReportRead, signature: Uint8Array): Promise<ReportsAnswer> {
    const { ctx } = this;
    const now = ctx.now();
    const refuse = (code: ReportCode, detail: string): never => {
      throw new DomainError("report", code, detail);
    };
    if (Math.abs(Date.parse(request.time) - now) > FRESH_MS)
      refuse("stale-request", "sign the request with the current time");
    const actor = await signingMaker(ctx, "report", request.actor, reportReadBytes(request), signature, "the request");
    if (!actor.roles.includes("manufacturer") || !actor.companyPrefixes.some((p) => gtinHasPrefix(request.gtin, p))) {
      refuse("gtin-not-makers", `GTIN ${request.gtin} is not one of ${actor.party}'s products`);
    }
    const rows = await ctx.store.reports(request.gtin);
    if (rows.length < REPORT_THRESHOLD) return { gtin: request.gtin, enough: false, threshold: REPORT_THRESHOLD };
    return {
      gtin: request.gtin,
      enough: true,
      count: rows.length,
      reports: rows.map(({ gtin: _, ...rest }) => rest),
    };
  }
}
