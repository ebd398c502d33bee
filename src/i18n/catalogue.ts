// Words for the codes of core/: a reason's message, a verdict's next step, a party, a day and a
// country in the reader's language. Dates and country names come from Intl (ICU on Node and in
// workerd), in UTC, at day precision: the finest time tagtrail shows.
import type { DisplayRole, PartyDisplay, Reason, ReasonFacts, Verdict } from "../core/verdict.js";
import { ar } from "./ar.js";
import { de } from "./de.js";
import { en } from "./en.js";
import { es } from "./es.js";
import { fr } from "./fr.js";
import { hi } from "./hi.js";
import { it } from "./it.js";
import { ja } from "./ja.js";
import { direction, type Language } from "./languages.js";
import type { Messages, NextStep } from "./messages.js";
import { pt } from "./pt.js";
import { zhHans } from "./zh-Hans.js";

const CATALOGUE: Readonly<Record<Language, Messages>> = {
  en,
  de,
  fr,
  es,
  it,
  pt,
  "zh-Hans": zhHans,
  ja,
  ar,
  hi,
};

export function messages(lang: Language): Messages {
  return CATALOGUE[lang];
}

const dayFormats = new Map<Language, Intl.DateTimeFormat>();
const regionNames = new Map<Language, Intl.DisplayNames>();

/** A UTC day (YYYY-MM-DD) as the reader writes dates; the day itself if it is not one. */
export function formatDay(lang: Language, day: string): string {
  // ICU formatting costs more than the rest of a scan's wording: each day is formatted once.
  const key = `${lang}|${day}`;
  const known = formatted.get(key);
  if (known !== undefined) return known;
  const t = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(t)) return day;
  let f = dayFormats.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, { dateStyle: "long", timeZone: "UTC" });
    dayFormats.set(lang, f);
  }
  return remember(key, f.format(t));
}

/** Days and countries as already worded, by language (a few thousand at most; cleared if it grows). */
const formatted = new Map<string, string>();
const FORMATTED_LIMIT = 20_000;

function remember(key: string, text: string): string {
  if (formatted.size >= FORMATTED_LIMIT) formatted.clear();
  formatted.set(key, text);
  return text;
}

/** An ISO 3166-1 alpha-2 code as the country's name in the reader's language. */
export function countryName(lang: Language, code: string): string {
  const key = `${lang}#${code}`;
  const known = formatted.get(key);
  if (known !== undefined) return known;
  if (!/^[A-Z]{2}$/.test(code)) return code;
  let names = regionNames.get(lang);
  if (!names) {
    names = new Intl.DisplayNames([lang], { type: "region", fallback: "code" });
    regionNames.set(lang, names);
  }
  return remember(key, names.of(code) ?? code);
}

export function roleName(lang: Language, role: DisplayRole): string {
  return messages(lang).roles[role] ?? role;
}

/** A party as a shopper sees it: "<name>, <country>", or "a retailer in <country>" when it hides its name. */
export function partyText(lang: Language, p: PartyDisplay): string {
  const country = p.country ? countryName(lang, p.country) : "";
  // A name in another script inside a right-to-left sentence is isolated (U+2068 … U+2069, Unicode
  // bidi FSI/PDI): invisible, and it keeps "Shop Ltd" from pulling the words around it out of order.
  const name = p.name && direction(lang) === "rtl" ? `\u2068${p.name}\u2069` : p.name;
  if (name) return country ? `${name}${lang === "ar" ? "،" : ","} ${country}` : name;
  return messages(lang).partyIn(roleName(lang, p.role), country);
}

export function reasonMessage(lang: Language, r: ReasonFacts): string {
  const day = r.day ?? r.recall?.day;
  return messages(lang).reasons[r.code]({
    day: day ? formatDay(lang, day) : "",
    at: r.at ? partyText(lang, r.at) : "",
  });
}

/** The reasons with their messages in `lang`. */
export function worded(lang: Language, reasons: readonly ReasonFacts[]): Reason[] {
  return reasons.map((r) => ({ ...r, message: reasonMessage(lang, r) }));
}

/** Which next step fits a verdict and its reasons. */
export function nextStep(verdict: Verdict, reasons: readonly { readonly code: string }[]): NextStep {
  const has = (code: string) => reasons.some((r) => r.code === code);
  switch (verdict) {
    case "counterfeit":
      return "counterfeit";
    case "recalled":
      return "recalled";
    case "caution":
      return has("nfc-already-checked") ? "tap-again" : "caution";
    case "warning":
      if (has("reported-stolen")) return "stolen";
      if (has("destroyed")) return "destroyed";
      if (has("nfc-not-tapped")) return "tap-again";
      return has("seal-opened-before-sale") ? "seal-opened" : "compromised";
    case "authentic":
      return has("claimed") ? "claimed" : has("sold") ? "sold" : has("at-retailer") ? "shelf" : "authentic";
  }
}
