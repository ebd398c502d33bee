// The consumer's languages: how a request picks one, that every language says everything (the
// compiler checks the keys; this checks the words are there and use the facts they are given),
// and that dates and countries come out in the reader's language.
import { describe, expect, it } from "vitest";
import { REASON_CODES, VERDICTS } from "../src/core/verdict.js";
import { countryName, formatDay, messages, nextStep, reasonMessage } from "../src/i18n/catalogue.js";
import { direction, LANGUAGES, negotiate } from "../src/i18n/languages.js";
import { NEXT_STEPS } from "../src/i18n/messages.js";

describe("language negotiation", () => {
  it.each([
    ["?lang= wins over the header", "de", "fr-FR,fr;q=0.9", "de"],
    ["?lang= in another case", "ZH-hans", undefined, "zh-Hans"],
    ["an unknown ?lang= falls back to the header", "xx", "ja", "ja"],
    ["the header's best quality wins", undefined, "it;q=0.5, es;q=0.8, en;q=0.1", "es"],
    ["a region maps to its language", undefined, "pt-BR", "pt"],
    ["Simplified Chinese from zh-CN", undefined, "zh-CN,zh;q=0.9", "zh-Hans"],
    ["Traditional Chinese is not Simplified", undefined, "zh-TW", "en"],
    ["Traditional, then a second choice", undefined, "zh-Hant;q=1, hi;q=0.4", "hi"],
    ["q=0 refuses", undefined, "ar;q=0, de", "de"],
    ["the wildcard alone is English", undefined, "*", "en"],
    ["no header is English", undefined, undefined, "en"],
    ["junk is English", undefined, ";;;,,q=abc,\u0000", "en"],
  ] as const)("%s", (_label, query, header, expected) => {
    expect(negotiate(query, header)).toBe(expected);
  });

  it("reads only so much of a long header", () => {
    expect(negotiate(undefined, `${"x-long;q=0.1,".repeat(5000)}fr`)).toBe("en");
  });

  it("writes Arabic right to left, the others left to right", () => {
    expect(LANGUAGES.filter((l) => direction(l) === "rtl")).toEqual(["ar"]);
  });
});

describe("the catalogue in every language", () => {
  const context = { day: "DAY", at: "SHOP" };
  it.each(LANGUAGES)("%s says everything, with the facts it is given", (lang) => {
    const m = messages(lang);
    expect(m.name.length).toBeGreaterThan(1);
    for (const v of [...VERDICTS, "unreadable", "unavailable"] as const)
      expect(m.verdicts[v].length).toBeGreaterThan(1);
    for (const step of NEXT_STEPS) expect(m.next[step].length).toBeGreaterThan(10);
    for (const code of REASON_CODES) expect(m.reasons[code](context).length, code).toBeGreaterThan(5);
    expect(m.reasons["at-retailer"](context)).toContain("SHOP");
    expect(m.reasons.sold(context)).toContain("DAY");
    expect(m.reasons.sold(context)).toContain("SHOP");
    expect(m.reasons.claimed(context)).toContain("DAY");
    expect(m.reasons.recalled(context)).toContain("DAY");
    expect(m.page.privacy.length).toBeGreaterThan(100);
    // Every language is its own: no page label left in English (bar the language names and "JSON").
    if (lang !== "en") expect(m.page.whatNow).not.toBe(messages("en").page.whatNow);
  });

  it("words dates and countries with Intl, in UTC", () => {
    expect(formatDay("en", "2026-11-25")).toBe("November 25, 2026");
    expect(formatDay("de", "2026-11-25")).toBe("25. November 2026");
    expect(formatDay("ja", "2026-11-25")).toBe("2026年11月25日");
    expect(countryName("fr", "DE")).toBe("Allemagne");
    expect(countryName("ar", "FR")).toBe("فرنسا");
    expect(countryName("en", "zz")).toBe("zz");
    // A Latin shop name inside an Arabic sentence is bidi-isolated, and the comma is Arabic.
    expect(
      reasonMessage("ar", { code: "at-retailer", at: { name: "Shop Ltd", role: "retailer", country: "FR" } }),
    ).toContain("\u2068Shop Ltd\u2069، فرنسا");
    expect(reasonMessage("es", { code: "sold", day: "2026-11-25", at: { role: "retailer", country: "FR" } })).toBe(
      "Este producto auténtico se vendió en un minorista (Francia) el 25 de noviembre de 2026. Si se lo ofrecen como nuevo, es una copia.",
    );
  });

  it.each([
    ["authentic", ["at-retailer"], "shelf"],
    ["authentic", ["sold", "often-checked"], "sold"],
    ["authentic", ["claimed"], "claimed"],
    ["authentic", ["authentic"], "authentic"],
    ["caution", ["in-transit"], "caution"],
    ["recalled", ["recalled", "not-in-shop"], "recalled"],
    ["warning", ["reported-stolen", "in-transit"], "stolen"],
    ["warning", ["destroyed"], "destroyed"],
    ["warning", ["event-key-compromised"], "compromised"],
    ["counterfeit", ["lot-mismatch"], "counterfeit"],
  ] as const)("%s with %j has the next step %s", (verdict, codes, step) => {
    expect(
      nextStep(
        verdict,
        codes.map((code) => ({ code })),
      ),
    ).toBe(step);
  });
});
