// The page a consumer sees after scanning: verdict first, in words and colour and icon, then the
// product, its journey, and what tagtrail keeps about the scan. Server-rendered, no script, no
// cookie, no third-party asset; readable on a phone and by a screen reader.
import type { JourneyStep, PartyDisplay, VerifyResult } from "../service/verify.js";

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] as string,
  );

const HEADLINE: Record<VerifyResult["verdict"], { title: string; icon: string }> = {
  authentic: { title: "Genuine product", icon: "✓" },
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
ul.reasons{margin:.5rem 0 0;padding-left:1.2rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
ol.journey{padding-left:1.2rem}section{margin-bottom:1.25rem}
.privacy{font-size:.9rem;border-top:1px solid #8886;padding-top:.75rem}
@media (prefers-color-scheme:dark){.authentic,.warning,.counterfeit{color:inherit;background:transparent}}`;

export function renderVerifyPage(r: VerifyResult): string {
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
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(h.title)} — tagtrail</title>
<style>${CSS}</style>
</head>
<body>
<main>
<section class="verdict ${r.verdict}" role="status" aria-live="polite" data-verdict="${r.verdict}">
<h1><span class="icon" aria-hidden="true">${h.icon}</span>${esc(h.title)}</h1>
<ul class="reasons">${r.reasons.map((x) => `<li data-code="${esc(x.code)}">${esc(x.message)}</li>`).join("")}</ul>
</section>
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
<section class="privacy" aria-labelledby="privacy-h"><h2 id="privacy-h">Your privacy</h2>
<p>This check is anonymous. tagtrail does not keep your IP address, your browser or device details, a cookie, or the time of your scan.
It only adds one to a count of checks for this product on today's date, to spot copied codes, and deletes those counts after a while.</p>
${r.proofs ? `<p>Everything above can be re-checked independently: <a href="?format=json">the proofs as JSON</a>.</p>` : ""}
</section>
</main>
</body>
</html>`;
}

/** The page for a URL that is not a tag at all (malformed GTIN or serial). */
export function renderInvalidCodePage(): string {
  return renderVerifyPage({
    verdict: "counterfeit",
    reasons: [
      { code: "invalid-code", message: "This is not a valid product code: it cannot belong to a genuine product." },
    ],
    product: { gtin: "", serial: "" },
    journey: [],
  }).replace(/<section aria-labelledby="product-h">[\s\S]*?<\/section>\n/, "");
}
