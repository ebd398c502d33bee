// Who may say what about a product: only the maker whose company prefix covers the GTIN, and (once
// a maker has described it) only that maker again; its image and support links on its own domain.
// Run by the server at ingest and by the auditor's replay.
import type { ProductStatement, Role } from "../event.js";
import { gtinHasPrefix } from "../gs1.js";
import type { RuleRefusal } from "./keys.js";

export type ProductRuleCode = "not-maker" | "gtin-not-makers" | "invalid-product";

/** Is `url` an https URL on `domain` or a subdomain of it? */
export function onDomain(url: string, domain: string): boolean {
  try {
    const u = new URL(url);
    const host = u.hostname.toLowerCase();
    const d = domain.toLowerCase();
    return u.protocol === "https:" && (host === d || host.endsWith(`.${d}`));
  } catch {
    return false;
  }
}

export function productRefusal(
  p: ProductStatement,
  actor: { readonly party: string; readonly roles: readonly Role[]; readonly companyPrefixes: readonly string[] },
  describedBy: string | undefined,
): RuleRefusal<ProductRuleCode> | undefined {
  if (!actor.roles.includes("manufacturer"))
    return { code: "not-maker", detail: "only a manufacturer describes products" };
  if (!actor.companyPrefixes.some((prefix) => gtinHasPrefix(p.gtin, prefix))) {
    return { code: "gtin-not-makers", detail: `GTIN ${p.gtin} is not under one of ${actor.party}'s company prefixes` };
  }
  if (describedBy !== undefined && describedBy !== actor.party) {
    return { code: "not-maker", detail: "another maker described this product" };
  }
  if (Object.keys(p.names).length === 0) return { code: "invalid-product", detail: "a product has a name" };
  for (const [what, url] of [
    ["image", p.image],
    ["support", p.support],
  ] as const) {
    if (url !== undefined && !onDomain(url, p.domain)) {
      return { code: "invalid-product", detail: `the ${what} link must be https on ${p.domain}` };
    }
  }
  return undefined;
}
