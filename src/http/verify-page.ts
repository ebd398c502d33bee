// The page a consumer sees after scanning, in the reader's language (src/i18n/): verdict first, in
// words and colour and icon, then what to do now, the product, its journey, and what tagtrail
// keeps about the scan. Server-rendered, no script, no
// cookie, no third-party asset; readable on a phone and by a screen reader.
import type { JourneyStep, PartyDisplay, VerifyResult } from "../core/answer.js";
import { REPORT_PLACES } from "../core/report.js";
import { countryName, formatDay, messages, nextStep, roleName } from "../i18n/catalogue.js";
import { direction, LANGUAGES, type Language } from "../i18n/languages.js";

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] as string,
  );

const ICON: Record<VerifyResult["verdict"] | "unreadable" | "unavailable", string> = {
  authentic: "✓",
  caution: "i",
  recalled: "!",
  warning: "!",
  counterfeit: "✕",
  unreadable: "?",
  unavailable: "…",
};

function who(lang: Language, p: PartyDisplay): string {
  const role = roleName(lang, p.role);
  const country = p.country ? countryName(lang, p.country) : "";
  const name = p.name ? `${p.name} (${role})` : role;
  return country ? `${name}, ${country}` : name;
}

function step(lang: Language, s: JourneyStep): string {
  const m = messages(lang);
  const where = s.country && s.country !== s.party.country ? ` — ${esc(countryName(lang, s.country))}` : "";
  return `<li><time datetime="${esc(s.date)}">${esc(formatDay(lang, s.date))}</time> <strong>${esc(m.steps[s.type] ?? s.type)}</strong> ${esc(m.page.by(who(lang, s.party)))}${where}</li>`;
}

const CSS = `
:root{color-scheme:light dark;font-family:system-ui,sans-serif;line-height:1.5}
body{margin:0;padding:1rem;max-width:40rem;margin-inline:auto}
.verdict{border-radius:.75rem;padding:1rem 1.25rem;margin-bottom:1.25rem;border:3px solid}
.verdict h1{margin:0;font-size:1.6rem;display:flex;gap:.6rem;align-items:center}
.icon{display:inline-grid;place-items:center;width:2.2rem;height:2.2rem;border-radius:50%;font-weight:700;color:#fff}
.authentic{border-color:#1b7f3b;background:#e8f5ec;color:#0f3d1e}.authentic .icon{background:#1b7f3b}
.warning{border-color:#a15c00;background:#fff4e0;color:#4a2a00}.warning .icon{background:#a15c00}
.counterfeit{border-color:#b3261e;background:#fdecea;color:#5c0f0a}.counterfeit .icon{background:#b3261e}
.caution{border-color:#1f5fa8;background:#eaf2fc;color:#0d2a4d}.caution .icon{background:#1f5fa8}
.recalled{border-color:#8f2d00;background:#fff0e8;color:#3d1300}.recalled .icon{background:#8f2d00}
.recalled a{color:inherit;font-weight:600}
.unreadable,.unavailable{border-color:#44546a;background:#eef1f5;color:#1d2633}.unreadable .icon,.unavailable .icon{background:#44546a}
ul.reasons{margin:.5rem 0 0;padding-left:1.2rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
@media (max-width:30rem){dl{grid-template-columns:1fr;gap:0}dd{margin-bottom:.4rem}}
main,nav{overflow-wrap:anywhere}
ol.journey{padding-left:1.2rem}section{margin-bottom:1.25rem}
.privacy{font-size:.9rem;border-top:1px solid #8886;padding-top:.75rem}
.next{border-inline-start:4px solid currentColor;padding-inline-start:.75rem}
nav.lang ul{display:flex;flex-wrap:wrap;gap:.25rem .75rem;list-style:none;padding:0;margin:.25rem 0}
nav.lang a{display:inline-block;padding:.25rem 0}
summary h2{display:inline;font-size:1.1rem}fieldset{border:1px solid #8886;border-radius:.5rem}
textarea{width:100%;box-sizing:border-box;font:inherit}button{font:inherit;padding:.4rem .9rem}
@media (prefers-color-scheme:dark){.authentic,.caution,.warning,.counterfeit,.caution{border-color:#1f5fa8;background:#eaf2fc;color:#0d2a4d}.caution .icon{background:#1f5fa8}
.recalled{border-color:#8f2d00;background:#fff0e8;color:#3d1300}.recalled .icon{background:#8f2d00}
.recalled a{color:inherit;font-weight:600}
.unreadable,.unavailable{color:inherit;background:transparent}}`;

/** The privacy note, in the reader's language. Opens a section the page closes. */
export function privacyNote(lang: Language): string {
  const m = messages(lang).page;
  return `<section class="privacy" aria-labelledby="privacy-h"><h2 id="privacy-h">${esc(m.privacyHeading)}</h2>
<p>${esc(m.privacy)}</p>`;
}

/** The language switch: every language by its own name, each a link to this page in it. */
function languageSwitch(lang: Language, href: (l: Language) => string): string {
  const items = LANGUAGES.map((l) => {
    const name = esc(messages(l).name);
    return l === lang
      ? `<li><span aria-current="true" lang="${l}">${name}</span></li>`
      : `<li><a href="${esc(href(l))}" lang="${l}" hreflang="${l}">${name}</a></li>`;
  }).join("");
  return `<nav class="lang" aria-label="${esc(messages(lang).page.language)}"><ul>${items}</ul></nav>`;
}

/** The consumer pages' policy: their own inline styles and forms to this origin; no script, frame or remote asset. */
export const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * A whole page in tagtrail's look: `main` is the page's body, already escaped where needed, and
 * `attributes` the main element's (escaped). Only the claim page passes a `script` (a same-origin path).
 */
export function pageDocument(
  title: string,
  main: string,
  options: { script?: string; attributes?: string; lang?: Language; nav?: string } = {},
): string {
  const lang = options.lang ?? "en";
  return `<!doctype html>
<html lang="${lang}" dir="${direction(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(title)} — tagtrail</title>
<style>${CSS}</style>${
    options.script
      ? `
<script src="${esc(options.script)}" defer></script>`
      : ""
  }
</head>
<body>
${options.nav ?? ""}
<main${options.attributes ?? ""}>
${main}
</main>
</body>
</html>`;
}

export { esc as escapeHtml };

/** Where a tag's offline proof file is served (http/tag-routes.ts). */
function proofFileUrl(p: { readonly gtin: string; readonly serial: string }): string {
  return `/v1/tags/${p.gtin}/${encodeURIComponent(p.serial)}/proof`;
}

/** A page with a headline box and nothing about a product: for codes we cannot judge. */
function notice(lang: Language, kind: "unreadable" | "unavailable", code: string): string {
  const m = messages(lang);
  const title = m.verdicts[kind];
  return pageDocument(
    title,
    `<section class="verdict ${kind}" role="status" aria-live="polite" data-verdict="${kind}">
<h1><span class="icon" aria-hidden="true">${ICON[kind]}</span>${esc(title)}</h1>
<ul class="reasons"><li data-code="${esc(code)}">${esc(m.page[kind])}</li></ul>
</section>
<section class="next" aria-labelledby="next-h"><h2 id="next-h">${esc(m.page.whatNow)}</h2><p data-next="${kind}">${esc(m.next[kind])}</p></section>
${privacyNote(lang)}
</section>`,
    { lang },
  );
}

function reasonItem(lang: Language, x: VerifyResult["reasons"][number]): string {
  const url = x.recall?.url;
  // Only an https link the maker signed with its recall; anything else is shown as text at most.
  const link =
    url && /^https:\/\//.test(url)
      ? ` <a href="${esc(url)}" rel="noreferrer">${esc(messages(lang).page.recallNotice)}</a>`
      : "";
  // The maker's own words, in its own language and direction, isolated from the page's.
  const words = x.recall?.instructions ? `<p dir="auto"><bdi>${esc(x.recall.instructions)}</bdi></p>` : "";
  return `<li data-code="${esc(x.code)}">${esc(x.message)}${words}${link}</li>`;
}

/** The owner's way in: claim a bought product, or manage a claimed one, on the claim page. */
function claimLink(lang: Language, r: VerifyResult): string {
  if (!r.status || r.status.custody === "destroyed") return "";
  const href = `/claim/01/${encodeURIComponent(r.product.gtin)}/21/${encodeURIComponent(r.product.serial)}`;
  const m = messages(lang).page;
  if (r.status.claimed) return `<p><a href="${esc(href)}">${esc(m.manageIt)}</a></p>`;
  if (r.status.custody === "sold") return `<p><a href="${esc(href)}">${esc(m.claimIt)}</a></p>`;
  return "";
}

/** The anonymous report form (no script; nothing that identifies the sender is asked or kept). */
function reportForm(lang: Language, r: VerifyResult): string {
  const m = messages(lang).report;
  const hidden = { gtin: r.product.gtin, serial: r.product.serial, verdict: r.verdict, lang };
  return `<section aria-labelledby="report-h"><details><summary><h2 id="report-h">${esc(m.heading)}</h2></summary>
<p>${esc(m.intro)}</p>
<form method="post" action="/report">${Object.entries(hidden)
    .map(([k, v]) => `<input type="hidden" name="${k}" value="${esc(v)}">`)
    .join("")}
<fieldset><legend>${esc(m.place)}</legend>${REPORT_PLACES.map(
    (p) => `<label><input type="radio" name="place" value="${p}" required> ${esc(m.places[p])}</label>`,
  ).join("<br>")}</fieldset>
<p><label for="report-text">${esc(m.text)}</label><br><textarea id="report-text" name="text" maxlength="500" rows="4" required></textarea></p>
<p><button type="submit">${esc(m.send)}</button></p>
</form></details></section>`;
}

/** The answer to a report sent from the page: thanks, or "enough for today". */
export function renderReportAnswer(lang: Language, stored: boolean): string {
  const m = messages(lang).report;
  const text = stored ? m.thanks : m.tooMany;
  return pageDocument(
    m.heading,
    `<h1>${esc(m.heading)}</h1>
<p role="status" data-report="${stored ? "stored" : "too-many"}">${esc(text)}</p>
${privacyNote(lang)}
</section>`,
    { lang },
  );
}

export interface PageLinks {
  /** This very check as JSON (its signature included), offered as the proofs anyone can re-check. */
  readonly json?: string;
  /** This page in another language. */
  readonly language: (lang: Language) => string;
}

/** The consumer page for a verdict, in `r.lang`. */
export function renderVerifyPage(r: VerifyResult, lang: Language, links: PageLinks): string {
  const m = messages(lang);
  const title = m.verdicts[r.verdict];
  const p = r.product;
  const info = p.info;
  const name = info && inLanguage(info.names, lang);
  const description = info?.descriptions && inLanguage(info.descriptions, lang);
  const rows: [string, string | undefined][] = [
    [m.page.name, name],
    [m.page.website, info?.domain],
    [m.page.gtin, p.gtin],
    [m.page.serial, p.serial],
    [m.page.lot, p.lot],
    [m.page.expiry, p.expiry ? expiryText(lang, p.expiry) : undefined],
    [m.page.manufacturer, p.manufacturer ? who(lang, p.manufacturer) : undefined],
  ];
  const next = nextStep(r.verdict, r.reasons);
  return pageDocument(
    title,
    `<section class="verdict ${r.verdict}" role="status" aria-live="polite" data-verdict="${r.verdict}">
<h1><span class="icon" aria-hidden="true">${ICON[r.verdict]}</span>${esc(title)}</h1>
<ul class="reasons">${r.reasons.map((x) => reasonItem(lang, x)).join("")}</ul>
</section>
<section class="next" aria-labelledby="next-h"><h2 id="next-h">${esc(m.page.whatNow)}</h2><p data-next="${next}">${esc(m.next[next])}</p>${
      info?.support && r.verdict !== "counterfeit"
        ? `<p><a href="${esc(info.support)}" rel="noreferrer" data-support>${esc(m.page.support)}</a></p>`
        : ""
    }</section>
${claimLink(lang, r)}
<section aria-labelledby="product-h"><h2 id="product-h">${esc(m.page.product)}</h2>
<dl>${rows
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v as string)}</dd>`)
      .join("")}</dl>${description ? `<p>${esc(description)}</p>` : ""}</section>
${
  r.journey.length > 0
    ? `<section aria-labelledby="journey-h"><h2 id="journey-h">${esc(m.page.journey)}</h2><ol class="journey">${r.journey.map((s) => step(lang, s)).join("")}</ol></section>`
    : ""
}
${reportForm(lang, r)}
${privacyNote(lang)}
${r.proofs && links.json ? `<p>${esc(m.page.proofs)} <a href="${esc(links.json)}">${esc(m.page.proofsLink)}</a>, <a href="${esc(proofFileUrl(r.product))}" download>${esc(m.page.proofFile)}</a></p>` : ""}
</section>`,
    { lang, nav: languageSwitch(lang, links.language) },
  );
}

/** A maker's text in the reader's language, else English, else the first it gave. */
function inLanguage(texts: Readonly<Record<string, string>>, lang: Language): string | undefined {
  return texts[lang] ?? texts.en ?? Object.values(texts)[0];
}

/** YYMMDD (DD 00: the end of the month) as the reader writes a date or a month. */
function expiryText(lang: Language, yymmdd: string): string {
  const [yy, mm, dd] = [yymmdd.slice(0, 2), yymmdd.slice(2, 4), yymmdd.slice(4)];
  if (dd !== "00") return formatDay(lang, `20${yy}-${mm}-${dd}`);
  return new Intl.DateTimeFormat(lang, { year: "numeric", month: "long", timeZone: "UTC" }).format(
    Date.parse(`20${yy}-${mm}-01T00:00:00Z`),
  );
}

/**
 * The page for a URL that is not a readable tag (a typo, a wrong check digit, a cut-off code):
 * we cannot tell anything about the product, so we say so rather than call it a fake.
 */
export function renderUnreadableCodePage(lang: Language = "en"): string {
  return notice(lang, "unreadable", "unreadable-code");
}

/** The page when the service cannot give an answer it can prove (its storage needs repair). */
export function renderUnavailablePage(lang: Language = "en"): string {
  return notice(lang, "unavailable", "service-unavailable");
}
