// Who may commission a tag: a registered manufacturer, with a key usable at that time, for a GTIN
// inside one of its GS1 company prefixes. The tag's own signature is checked by the caller (the
// server verifies a whole batch at once, in parallel).
import type { PartyStatement } from "../event.js";
import { gtinHasPrefix } from "../gs1.js";
import { type KeyLifetime, type KeyRuleCode, keyRefusal, type RuleRefusal } from "./keys.js";

export type CommissionRuleCode = KeyRuleCode | "not-manufacturer" | "gtin-not-makers";

export function commissionRefusal(
  gtin: string,
  key: KeyLifetime | undefined,
  maker: PartyStatement | undefined,
  at: number,
): RuleRefusal<CommissionRuleCode> | undefined {
  const keyProblem = keyRefusal(key, at, "the tag");
  if (keyProblem) return keyProblem;
  if (!maker?.roles.includes("manufacturer")) {
    return { code: "not-manufacturer", detail: "only a manufacturer can commission tags" };
  }
  if (!maker.companyPrefixes.some((p) => gtinHasPrefix(gtin, p))) {
    return { code: "gtin-not-makers", detail: `GTIN ${gtin} is outside the maker's company prefixes` };
  }
  return undefined;
}
