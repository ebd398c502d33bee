// The page a consumer sees after scanning: verdict first, in words and colour and icon, then the
// product, its journey, and what tagtrail keeps about the scan. Server-rendered, no script, no
// cookie, no third-party asset; readable on a phone and by a screen reader.
import type { JourneyStep, PartyDisplay, VerifyResult } from "../core/answer.js";

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] as string,
  );

const HEADLINE: Record<VerifyResult["verdict"], { title: string; icon: string }> = {
  authentic: { title: "Genuine product", icon: "✓" },
  caution: { title: "Genuine, not in a shop yet", icon: "i" },
  recalled: { title: "Recalled by its maker", icon: "!" },
  warning: { title: "Check this product", icon: "!" },
  counterfeit: { title: "Not a genuine code", icon: "✕" },
};

const STEP: Record<string, string> = {
  commission: "Made and registered",
  ship: "Shipped",
  receive: "Received",
  sell: "Sold",
  recall: "Recalled",
  "report-stolen": "Reported stolen",
  destroy: "Destroyed",
  return: "Returned to the shop",
  repair: "Repaired",
  claim: "Claimed by its owner",
  transfer: "Passed to a new owner",
};

function who(p: PartyDisplay): string {
  const name = p.name ? `${p.name} (${p.role})` : p.role;
  return p.country ? `${name}, ${p.country}` : name;
}

function step(s: JourneyStep): string {
  const where = s.country && s.country !== s.party.country ? ` — in ${esc(s.country)}` : "";
  return `<li><time datetime="${esc(s.date)}">${esc(s.date)}</time> <strong>${esc(STEP[s.type] ?? s.type)}</strong> by ${esc(who(s.party))}${where}</li>`;
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
ol.journey{padding-left:1.2rem}section{margin-bottom:1.25rem}
.privacy{font-size:.9rem;border-top:1px solid #8886;padding-top:.75rem}
@media (prefers-color-scheme:dark){.authentic,.caution,.warning,.counterfeit,.caution{border-color:#1f5fa8;background:#eaf2fc;color:#0d2a4d}.caution .icon{background:#1f5fa8}
.recalled{border-color:#8f2d00;background:#fff0e8;color:#3d1300}.recalled .icon{background:#8f2d00}
.recalled a{color:inherit;font-weight:600}
.unreadable,.unavailable{color:inherit;background:transparent}}`;

export const PRIVACY = `<section class="privacy" aria-labelledby="privacy-h"><h2 id="privacy-h">Your privacy</h2>
<p>This check is anonymous. tagtrail does not keep your IP address, your browser or device details, a cookie, or the time of your scan.
It only adds one to a count of checks for this product on today's date, and deletes those counts after a while.
If you claim a product you own, tagtrail keeps only a key your browser made for that product, and the date: no name, no e-mail, no account.</p>`;

function reasonItem(x: VerifyResult["reasons"][number]): string {
  const url = x.recall?.url;
  // Only an https link the maker signed with its recall; anything else is shown as text at most.
  const link =
    url && /^https:\/\//.test(url) ? ` <a href="${esc(url)}" rel="noreferrer">The maker's recall notice</a>` : "";
  return `<li data-code="${esc(x.code)}">${esc(x.message)}${link}</li>`;
}

/** The owner's way in: claim a bought product, or manage a claimed one, on the claim page. */
function claimLink(r: VerifyResult): string {
  if (!r.status || r.status.custody === "destroyed") return "";
  const href = `/claim/01/${encodeURIComponent(r.product.gtin)}/21/${encodeURIComponent(r.product.serial)}`;
  if (r.status.claimed) return `<p><a href="${esc(href)}">Is this yours? Transfer or release it</a></p>`;
  if (r.status.custody === "sold") {
    return `<p><a href="${esc(href)}">Bought this? Claim it with the code inside the packaging</a></p>`;
  }
  return "";
}

/**
 * A whole page in tagtrail's look: `main` is the page's body, already escaped where needed, and
 * `attributes` the main element's (escaped). Only the claim page passes a `script` (a same-origin path).
 */
export function pageDocument(
  title: string,
  main: string,
  options: { script?: string; attributes?: string } = {},
): string {
  return `<!doctype html>
<html lang="en">
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
<main${options.attributes ?? ""}>
${main}
</main>
</body>
</html>`;
}

export { esc as escapeHtml };

/** A page with a headline box and nothing about a product: for codes we cannot judge. */
function notice(kind: "unreadable" | "unavailable", title: string, icon: string, code: string, text: string): string {
  return pageDocument(
    title,
    `<section class="verdict ${kind}" role="status" aria-live="polite" data-verdict="${kind}">
<h1><span class="icon" aria-hidden="true">${icon}</span>${esc(title)}</h1>
<ul class="reasons"><li data-code="${esc(code)}">${esc(text)}</li></ul>
</section>
${PRIVACY}
</section>`,
  );
}

/**
 * The consumer page for a verdict. `jsonHref` is this very check as JSON (the same URL, its
 * signature included, with format=json), offered as the proofs anyone can re-check.
 */
export function renderVerifyPage(r: VerifyResult, jsonHref?: string): string {
  const h = HEADLINE[r.verdict];
  const p = r.product;
  const rows: [string, string | undefined][] = [
    ["Product (GTIN)", p.gtin],
    ["Serial", p.serial],
    ["Lot", p.lot],
    [
      "Expiry",
      p.expiry
        ? `20${p.expiry.slice(0, 2)}-${p.expiry.slice(2, 4)}${p.expiry.slice(4) === "00" ? "" : `-${p.expiry.slice(4)}`}`
        : undefined,
    ],
    ["Manufacturer", p.manufacturer ? who(p.manufacturer) : undefined],
  ];
  return pageDocument(
    h.title,
    `<section class="verdict ${r.verdict}" role="status" aria-live="polite" data-verdict="${r.verdict}">
<h1><span class="icon" aria-hidden="true">${h.icon}</span>${esc(h.title)}</h1>
<ul class="reasons">${r.reasons.map(reasonItem).join("")}</ul>
</section>
${claimLink(r)}
<section aria-labelledby="product-h"><h2 id="product-h">Product</h2>
<dl>${rows
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v as string)}</dd>`)
      .join("")}</dl></section>
${
  r.journey.length > 0
    ? `<section aria-labelledby="journey-h"><h2 id="journey-h">Journey</h2><ol class="journey">${r.journey.map(step).join("")}</ol></section>`
    : ""
}
${PRIVACY}
${r.proofs && jsonHref ? `<p>Everything above can be re-checked independently: <a href="${esc(jsonHref)}">the proofs as JSON</a>.</p>` : ""}
</section>`,
  );
}

/**
 * The page for a URL that is not a readable tag (a typo, a wrong check digit, a cut-off code):
 * we cannot tell anything about the product, so we say so rather than call it a fake.
 */
export function renderUnreadableCodePage(): string {
  return notice(
    "unreadable",
    "This code cannot be read",
    "?",
    "unreadable-code",
    "The address does not hold a complete product code: it may have a typo or have been cut off, or the label may be damaged. Scan the code again, or type the address exactly as printed. This alone does not mean the product is fake.",
  );
}

/** The page when the service cannot give an answer it can prove (its storage needs repair). */
export function renderUnavailablePage(): string {
  return notice(
    "unavailable",
    "This code cannot be checked right now",
    "…",
    "service-unavailable",
    "The verification service has a problem on its side, not with your product. Please try again later.",
  );
}
