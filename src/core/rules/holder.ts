// What a product's holder may sign: a claim with the claim code, then transfers to a new holder.
// The server (at ingest), the auditor's replay and the simulation run this one function; the
// signature under `statement.holder` is checked by the caller, as custody signatures are.
import type { ChainState, HolderStatement } from "../event.js";
import type { RuleRefusal } from "./keys.js";

export type HolderRuleCode =
  | "chain-closed"
  | "tag-stolen"
  | "already-claimed"
  | "not-claimable"
  | "wrong-claim-code"
  | "not-holder"
  | "invalid-transfer"
  | "not-sold";

export type HolderTransition =
  | { readonly ok: true; readonly state: ChainState }
  | ({ readonly ok: false } & RuleRefusal<HolderRuleCode>);

const refuse = (code: HolderRuleCode, detail: string): HolderTransition => ({ ok: false, code, detail });

/**
 * Applies a holder's statement to a chain in `state`. `opens(commitment, code)` tells whether a
 * claim code opens a claim commitment (core/claim.ts opensCommitment, bound to the tag).
 */
export function applyHolder(
  state: ChainState,
  s: HolderStatement,
  opens: (commitment: string, code: string) => boolean,
): HolderTransition {
  if (state.custody === "destroyed") return refuse("chain-closed", "the tag was destroyed");
  if (s.type === "claim") {
    if (s.to !== undefined || s.offer !== undefined) return refuse("invalid-transfer", "a claim names no new holder");
    if (state.stolen) return refuse("tag-stolen", "the tag was reported stolen");
    // Only a bought product: a box opened in a warehouse or on a shelf must not take the buyer's claim.
    if (state.custody !== "sold") return refuse("not-sold", "only a sold product can be claimed");
    if (state.owner !== undefined) return refuse("already-claimed", "the product was already claimed");
    if (state.claim === undefined) return refuse("not-claimable", "the product has no open claim code");
    if (s.code === undefined || !opens(state.claim, s.code)) {
      return refuse("wrong-claim-code", "the claim code does not match this product");
    }
    const { claim: _, ...rest } = state;
    return { ok: true, state: { ...rest, owner: s.holder } };
  }
  if (s.code !== undefined) return refuse("invalid-transfer", "a transfer carries no claim code");
  if (state.owner === undefined || state.owner !== s.holder) {
    return refuse("not-holder", "only the product's current holder can transfer it");
  }
  if (s.to !== undefined && s.offer !== undefined) {
    return refuse("invalid-transfer", "a transfer names a new holder or offers a code, not both");
  }
  if (s.to === s.holder) return refuse("invalid-transfer", "a transfer names another holder");
  const { owner: _, claim: __, ...rest } = state;
  // To a named key; or an offer the new holder claims with a one-time code; or a release (neither).
  if (s.to !== undefined) return { ok: true, state: { ...rest, owner: s.to } };
  return { ok: true, state: s.offer !== undefined ? { ...rest, claim: s.offer } : rest };
}
