// Who may recall what, and which tags a recall covers: one rule for the server (at ingest), the
// auditor's replay and the verify answer. A maker recalls only GTINs under its own company
// prefixes, and lifts only its own recalls, once.
import type { RecallStatement, Role } from "../event.js";
import { gtinHasPrefix } from "../gs1.js";
import type { RuleRefusal } from "./keys.js";

export type RecallRuleCode = "not-maker" | "gtin-not-makers" | "unknown-recall" | "already-lifted" | "invalid-recall";

export interface RecallActor {
  readonly party: string;
  readonly roles: readonly Role[];
  readonly companyPrefixes: readonly string[];
}

/** A recall as stored: what a lift must match. */
export interface RecallTarget {
  readonly makerParty: string;
  readonly gtin: string;
  readonly lifted: boolean;
}

/** At most this many serials in one recall; a larger one is a lot or the whole GTIN. */
export const MAX_RECALL_SERIALS = 1000;

/** Why `actor` may not make statement `r`; `target` is the recall a lift names, if it exists. */
export function recallRefusal(
  r: RecallStatement,
  actor: RecallActor,
  target: RecallTarget | undefined,
): RuleRefusal<RecallRuleCode> | undefined {
  if (!actor.roles.includes("manufacturer")) return { code: "not-maker", detail: "only a manufacturer can recall" };
  if (!actor.companyPrefixes.some((p) => gtinHasPrefix(r.gtin, p))) {
    return { code: "gtin-not-makers", detail: `GTIN ${r.gtin} is not under one of ${actor.party}'s company prefixes` };
  }
  if (r.action === "recall") {
    if (r.lifts !== undefined) return { code: "invalid-recall", detail: "a recall lifts nothing" };
    if (r.lot !== undefined && r.serials !== undefined) {
      return { code: "invalid-recall", detail: "a recall names a lot or serials, not both" };
    }
    if (r.serials !== undefined && (r.serials.length === 0 || r.serials.length > MAX_RECALL_SERIALS)) {
      return { code: "invalid-recall", detail: `a recall names 1 to ${MAX_RECALL_SERIALS} serials` };
    }
    if (!r.instructions) return { code: "invalid-recall", detail: "a recall says what holders should do" };
    return undefined;
  }
  if (r.lifts === undefined || !target)
    return { code: "unknown-recall", detail: "the recall to lift is not in the log" };
  if (target.makerParty !== actor.party || target.gtin !== r.gtin) {
    return { code: "not-maker", detail: "only the maker that made a recall can lift it" };
  }
  if (target.lifted) return { code: "already-lifted", detail: "the recall was already lifted" };
  return undefined;
}

/** Does recall `r` cover the tag? */
export function recallCovers(
  r: Pick<RecallStatement, "gtin" | "lot" | "serials">,
  tag: { readonly gtin: string; readonly serial: string; readonly lot?: string },
): boolean {
  if (r.gtin !== tag.gtin) return false;
  if (r.lot !== undefined && r.lot !== tag.lot) return false;
  return r.serials === undefined || r.serials.includes(tag.serial);
}
