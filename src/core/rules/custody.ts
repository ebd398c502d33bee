// The custody state machine: who may append which event to a tag's chain, in which state, and
// the state that follows. The server (at ingest), the auditor's replay and the state-machine
// table test (test/vectors/custody-transitions.json) all run this one function.
import type { ChainState, CustodyEvent, Role } from "../event.js";
import type { RuleRefusal } from "./keys.js";

export type CustodyRuleCode =
  | "unknown-party"
  | "chain-closed"
  | "already-in-transit"
  | "not-custodian"
  | "tag-stolen"
  | "invalid-receiver"
  | "not-in-transit"
  | "not-receiver"
  | "not-received"
  | "not-retailer"
  | "not-maker"
  | "already-recalled"
  | "already-stolen"
  | "not-sold"
  | "claimed"
  | "not-repairer";

export interface Actor {
  readonly party: string;
  readonly roles: readonly Role[];
}

export type Transition =
  | { readonly ok: true; readonly state: ChainState }
  | ({ readonly ok: false } & RuleRefusal<CustodyRuleCode>);

const refuse = (code: CustodyRuleCode, detail: string): Transition => ({ ok: false, code, detail });

/**
 * Applies `e`, signed by `actor`, to a chain in `state`. `isParty` tells whether a party ID is
 * registered (a shipment must name one).
 */
export function applyEvent(
  state: ChainState,
  e: CustodyEvent,
  actor: Actor,
  isParty: (id: string) => boolean,
): Transition {
  if (e.type === "ship" && !(e.to && isParty(e.to)))
    return refuse("unknown-party", `no party ${e.to ?? "(missing)"} to ship to`);
  if (state.custody === "destroyed") return refuse("chain-closed", "the tag was destroyed");
  switch (e.type) {
    case "ship":
      if (actor.party !== state.custodian || state.custody === "in_transit") {
        return state.custody === "in_transit" && actor.party === state.custodian
          ? refuse("already-in-transit", "the tag is already in transit")
          : refuse("not-custodian", "only the current custodian can ship");
      }
      if (state.custody === "sold") return refuse("chain-closed", "the tag was sold");
      if (state.stolen) return refuse("tag-stolen", "the tag was reported stolen");
      if (!e.to || e.to === actor.party) return refuse("invalid-receiver", "ship names another party as receiver");
      return { ok: true, state: { ...state, custody: "in_transit", pendingTo: e.to } };
    case "receive": {
      if (state.custody !== "in_transit") {
        return state.custody === "sold"
          ? refuse("chain-closed", "the tag was sold")
          : refuse("not-in-transit", "the tag was not shipped");
      }
      if (actor.party !== state.pendingTo) return refuse("not-receiver", "only the named receiver can receive");
      const { pendingTo: _, ...rest } = state;
      return { ok: true, state: { ...rest, custody: "active", custodian: actor.party } };
    }
    case "sell":
      if (state.custody === "sold") return refuse("chain-closed", "the tag was already sold");
      if (actor.party !== state.custodian || state.custody !== "active") {
        return state.custody === "in_transit" && actor.party === state.custodian
          ? refuse("not-received", "the tag is in transit")
          : refuse("not-custodian", "only the current custodian can sell");
      }
      if (!actor.roles.includes("retailer")) return refuse("not-retailer", "only a retailer can sell");
      if (state.stolen) return refuse("tag-stolen", "the tag was reported stolen");
      return { ok: true, state: { ...state, custody: "sold" } };
    case "recall":
      if (actor.party !== state.maker) return refuse("not-maker", "only the manufacturer can recall");
      if (state.recalled) return refuse("already-recalled", "the tag was already recalled");
      return { ok: true, state: { ...state, recalled: true } };
    case "report-stolen":
      if (actor.party !== state.custodian && actor.party !== state.pendingTo && actor.party !== state.maker) {
        return refuse("not-custodian", "only the custodian, the receiver or the manufacturer can report a theft");
      }
      if (state.custody === "sold") return refuse("chain-closed", "the tag was sold");
      if (state.stolen) return refuse("already-stolen", "the tag was already reported stolen");
      return { ok: true, state: { ...state, stolen: true } };
    case "destroy":
      if (actor.party !== state.custodian && actor.party !== state.maker) {
        return refuse("not-custodian", "only the custodian or the manufacturer can destroy");
      }
      // A sold product is its buyer's: it comes back (a return) before anyone may destroy it.
      if (state.custody === "sold") return refuse("chain-closed", "the tag was sold");
      return { ok: true, state: { ...state, custody: "destroyed" } };
    case "return":
      // The sale is undone: the shop that sold it has it back. A claimed product comes back only
      // after its holder released the claim (a transfer to nobody), so a shop cannot take a claim.
      if (state.custody !== "sold") return refuse("not-sold", "only a sold product can be returned");
      if (actor.party !== state.custodian)
        return refuse("not-custodian", "only the shop that sold it can take it back");
      if (state.owner !== undefined) {
        return refuse("claimed", "the product is claimed: its holder must release it before the return");
      }
      {
        // The old claim code (or a pending transfer offer) dies with the sale it came with.
        const { claim: _, ...rest } = state;
        return { ok: true, state: { ...rest, custody: "active", ...(e.claim ? { claim: e.claim } : {}) } };
      }
    case "repair":
      if (actor.party !== state.maker && !actor.roles.includes("repairer")) {
        return refuse("not-repairer", "only the manufacturer or a registered repairer can record a repair");
      }
      return { ok: true, state };
  }
}
