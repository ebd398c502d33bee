// The languages the consumer's pages and answers speak, and how a request picks one: ?lang= first,
// then Accept-Language (RFC 9110 §12.5.4, by quality), then English. Attacker-controlled input:
// the header is read only so far, and no more than 20 of its entries.
export const LANGUAGES = ["en", "de", "fr", "es", "it", "pt", "zh-Hans", "ja", "ar", "hi"] as const;
export type Language = (typeof LANGUAGES)[number];

/** Languages written right to left. */
const RTL: ReadonlySet<Language> = new Set(["ar"]);

export function direction(lang: Language): "ltr" | "rtl" {
  return RTL.has(lang) ? "rtl" : "ltr";
}

/** The language a BCP 47 tag asks for, if we speak it (pt-BR → pt, zh-CN → zh-Hans; zh-TW → none). */
export function languageOf(tag: string): Language | undefined {
  const t = tag.trim().toLowerCase();
  const exact = LANGUAGES.find((l) => l.toLowerCase() === t);
  if (exact) return exact;
  const [primary, ...rest] = t.split("-");
  if (primary === "zh") {
    // Simplified Chinese only: Traditional (Hant, TW, HK, MO) is another script we do not have.
    return rest.some((s) => ["hant", "tw", "hk", "mo"].includes(s)) ? undefined : "zh-Hans";
  }
  return LANGUAGES.find((l) => l === primary);
}

/** ?lang= if it names a language we speak, else the best of Accept-Language, else English. */
export function negotiate(query: string | undefined, acceptLanguage: string | undefined): Language {
  const asked = query === undefined ? undefined : languageOf(query.slice(0, 35));
  if (asked) return asked;
  if (!acceptLanguage) return "en";
  const ranked = acceptLanguage
    .slice(0, 1000)
    .split(",", 20)
    .map((entry, i) => {
      const [tag = "", ...params] = entry.split(";");
      const q = params.map((p) => /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((e) => e.q > 0 && e.tag !== "*")
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const e of ranked) {
    const lang = languageOf(e.tag);
    if (lang) return lang;
  }
  return "en";
}
