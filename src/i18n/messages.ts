// What a language must say: every verdict, reason, next step, role, journey step and page label,
// keyed by the stable codes of core/. One file a language (./en.ts, ./de.ts, …) fills it in; the
// compiler checks that none misses a key.
import type { EntryType } from "../core/event.js";
import type { ReportPlace } from "../core/report.js";
import type { DisplayRole, ReasonCode, Verdict } from "../core/verdict.js";

/** What a reason's message may use, already formatted for the reader (dates, countries, a shop). */
export interface ReasonContext {
  /** The day, as the reader writes dates. */
  readonly day: string;
  /** A shop or party, as "<name>, <country>" or "a retailer in <country>". */
  readonly at: string;
}

/** The next step a reader is given, one for every verdict and the reasons that change what to do. */
export const NEXT_STEPS = [
  "shelf",
  "sold",
  "claimed",
  "authentic",
  "caution",
  "recalled",
  "stolen",
  "destroyed",
  "compromised",
  "counterfeit",
  "unreadable",
  "unavailable",
  "tap-again",
  "seal-opened",
] as const;
export type NextStep = (typeof NEXT_STEPS)[number];

export interface Messages {
  /** The language's name in itself, for the language switch. */
  readonly name: string;
  readonly verdicts: Readonly<Record<Verdict | "unreadable" | "unavailable", string>>;
  readonly reasons: { readonly [C in ReasonCode]: (c: ReasonContext) => string };
  readonly next: Readonly<Record<NextStep, string>>;
  readonly roles: Readonly<Record<DisplayRole, string>>;
  readonly steps: Readonly<Record<EntryType, string>>;
  /** A party shown without its name: "a retailer in France". */
  readonly partyIn: (role: string, country: string) => string;
  readonly page: {
    readonly product: string;
    /** The product's name, as its maker registered it. */
    readonly name: string;
    readonly website: string;
    readonly support: string;
    readonly gtin: string;
    readonly serial: string;
    readonly lot: string;
    readonly expiry: string;
    readonly manufacturer: string;
    readonly journey: string;
    /** A journey line's actor: "by Corner Shop (retailer), France". */
    readonly by: (who: string) => string;
    readonly whatNow: string;
    readonly recallNotice: string;
    readonly claimIt: string;
    readonly manageIt: string;
    readonly proofs: string;
    readonly proofsLink: string;
    /** The link to the tag's offline proof file (C2SP tlog-proof). */
    readonly proofFile: string;
    readonly language: string;
    readonly privacyHeading: string;
    /** What is and is not kept, in plain words. */
    readonly privacy: string;
    readonly unreadable: string;
    readonly unavailable: string;
  };
  /** The anonymous report form and its answers. */
  readonly report: {
    readonly heading: string;
    /** What is and is not kept, and not to write a name. */
    readonly intro: string;
    readonly place: string;
    readonly places: Readonly<Record<ReportPlace, string>>;
    readonly text: string;
    readonly send: string;
    readonly thanks: string;
    readonly tooMany: string;
  };
}
