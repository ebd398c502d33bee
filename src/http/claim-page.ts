// The claim page: where a buyer claims a product with the code from inside its packaging, and an
// owner later passes it on or releases it for a return. Its script (claim-script.ts) makes and keeps
// the device's key; the page itself is served with no product data beyond the GTIN and serial.
import { escapeHtml as esc, pageDocument, privacyNote } from "./verify-page.js";

export const CLAIM_SCRIPT_PATH = "/assets/claim.js";

export function renderClaimPage(gtin: string, serial: string): string {
  return pageDocument(
    "Claim your product",
    `<h1>Your product</h1>
<dl><dt>Product (GTIN)</dt><dd>${esc(gtin)}</dd><dt>Serial</dt><dd>${esc(serial)}</dd></dl>
<p id="claim-status" role="status" aria-live="polite"></p>
<noscript><p>Claiming needs JavaScript: your browser makes a key for this product and keeps it on this device.</p></noscript>
<section data-panel="claim" hidden aria-labelledby="claim-h"><h2 id="claim-h">Claim it</h2>
<p>Bought this product? Enter the claim code printed inside the packaging. Your browser makes a key for it and keeps it on this device: no account, no name, no e-mail.</p>
<form id="claim-form"><label for="code">Claim code</label><br>
<input id="code" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="40" required placeholder="XXXX-XXXX-XXXX-XXXX-XXXX">
<button type="submit">Claim this product</button></form></section>
<section data-panel="owner" hidden aria-labelledby="owner-h"><h2 id="owner-h">You own this product</h2>
<p>Claimed on <span id="owner-since"></span>, by this device.</p>
<h3>Pass it on (resale or a gift)</h3>
<p><button id="offer" type="button">Make a one-time transfer code</button></p>
<form id="handover-form"><label for="to">Or enter the new owner's device key</label><br>
<input id="to" name="to" autocomplete="off" spellcheck="false" maxlength="43"> <button type="submit">Transfer</button></form>
<h3>Return it to the shop</h3>
<p><button id="release" type="button">Release my claim</button> The shop can then record the return.</p></section>
<section id="offer-result" hidden aria-labelledby="offer-h"><h2 id="offer-h">Transfer code</h2>
<p>Give the new owner this code: <strong id="offer-code"></strong></p>
<p>or this link: <a id="offer-link" rel="noreferrer"></a></p></section>
<section data-panel="claimed" hidden aria-labelledby="claimed-h"><h2 id="claimed-h">Already claimed</h2>
<p>This product was claimed by its owner on <span id="claimed-since"></span>. If you just bought it sealed in a shop, it is a copy: take it back to the shop.</p></section>
<section data-panel="unclaimable" hidden><p>This product has no open claim code. If its owner passes it on to you, they give you one.</p></section>
<section data-panel="closed" hidden><p>This product was recorded as destroyed.</p></section>
<section data-panel="receive" hidden aria-labelledby="receive-h"><h2 id="receive-h">Getting it from its owner?</h2>
<p><button id="receive" type="button">Show this device's key</button> and give it to the owner to transfer the product to you.</p>
<p><code id="receive-key"></code></p></section>
${privacyNote("en")}
</section>`,
    { script: CLAIM_SCRIPT_PATH, attributes: ` data-gtin="${esc(gtin)}" data-serial="${esc(serial)}"` },
  );
}
