// Anonymous reports of suspect products, and how a maker asks to read those about its products:
// a request signed with the maker's own key (no admin token), fresh within a few minutes.
import { statementBytes } from "./canonical.js";

export const REPORT_PLACES = ["shop", "online", "market", "other"] as const;
export type ReportPlace = (typeof REPORT_PLACES)[number];

/** Reports are shown to a maker only once a product has this many: one cannot single anyone out. */
export const REPORT_THRESHOLD = 3;

/** What a maker signs to read the reports about one GTIN. */
export interface ReportRead {
  /** Key ID of the maker's signing key. */
  readonly actor: string;
  readonly gtin: string;
  /** RFC 3339 UTC, second precision: the request is refused outside a few minutes of it. */
  readonly time: string;
}

export function reportReadBytes(r: ReportRead): Uint8Array {
  return statementBytes("report-read", { actor: r.actor, gtin: r.gtin, time: r.time });
}
