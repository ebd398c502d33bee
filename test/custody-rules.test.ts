// The custody state machine as a table: every state a chain can be in (custody × custodian ×
// recalled × stolen), every event type, every actor (the maker, a distributor, the retailer, an
// uninvolved retailer) and, for ship, every receiver (named parties, the actor itself, an
// unregistered one) → the next state or the refusal code. The table (test/vectors/) was written
// from the rules before they moved to core/rules/custody.ts, so it pins them; each row runs
// through the one function the server and the auditor's replay both call.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type ChainState, EVENT_TYPES, type Role } from "../src/core/event.js";
import { applyEvent } from "../src/core/rules/custody.js";
import { applyHolder } from "../src/core/rules/holder.js";
import { keyRefusal } from "../src/core/rules/keys.js";

interface Row {
  readonly state: ChainState;
  readonly event: (typeof EVENT_TYPES)[number];
  readonly to?: string;
  readonly actor: string;
  readonly outcome: { readonly state: ChainState } | { readonly code: string };
}

const ROLES: Record<string, Role[]> = {
  maker: ["manufacturer"],
  dist: ["distributor"],
  shop: ["retailer"],
  other: ["retailer"],
};
const rows = JSON.parse(readFileSync(new URL("./vectors/custody-transitions.json", import.meta.url), "utf8")) as Row[];

describe("custody state machine (core/rules/custody.ts)", () => {
  it("covers every state, event and actor", () => {
    expect(rows.length).toBe(1632);
    // The events of life after the sale have their own table below.
    const afterSale = new Set(afterSaleRows.filter((r) => r.table === "event").map((r) => r.event));
    expect(new Set([...rows.map((r) => r.event), ...afterSale])).toEqual(new Set(EVENT_TYPES));
    expect(new Set(rows.map((r) => r.state.custody))).toEqual(new Set(["active", "in_transit", "sold", "destroyed"]));
    // The table is not all refusals: every event type is accepted somewhere.
    for (const type of new Set(rows.map((r) => r.event))) {
      expect(rows.some((r) => r.event === type && "state" in r.outcome)).toBe(true);
    }
  });

  for (const type of EVENT_TYPES.filter((t) => t !== "return" && t !== "repair")) {
    it(`${type}: every (state, actor${type === "ship" ? ", receiver" : ""}) gives the tabled outcome`, () => {
      const mismatches: string[] = [];
      for (const row of rows.filter((r) => r.event === type)) {
        const event = {
          type,
          gtin: "0",
          serial: "s",
          prev: "p",
          actor: "k",
          time: "t",
          ...(row.to === undefined ? {} : { to: row.to }),
        };
        const got = applyEvent(
          row.state,
          event,
          { party: row.actor, roles: ROLES[row.actor] ?? [] },
          (id) => id in ROLES,
        );
        const outcome = got.ok ? { state: got.state } : { code: got.code };
        if (JSON.stringify(outcome) !== JSON.stringify(row.outcome)) {
          mismatches.push(
            `${JSON.stringify(row.state)} ${row.actor}${row.to ? `→${row.to}` : ""}: ${JSON.stringify(outcome)}`,
          );
        }
      }
      expect(mismatches).toEqual([]);
    });
  }
});

// Life after the sale, as a table written when these rules were made (test/vectors/
// after-sale-transitions.json): return and repair for every state (custody × custodian × holder ×
// open claim code), actor (maker, distributor, the shop, another shop, a registered repairer) and
// fresh claim code; and every holder's statement (claims with the right, a wrong or no code;
// transfers to a key, to oneself, by offer, both, a release, by a stranger) for every state.
type AfterSaleRow =
  | {
      readonly table: "event";
      readonly state: ChainState;
      readonly event: "return" | "repair";
      readonly actor: string;
      readonly claim?: string;
      readonly outcome: { readonly state: ChainState } | { readonly code: string };
    }
  | {
      readonly table: "holder";
      readonly state: ChainState;
      readonly statement: { type: "claim" | "transfer"; holder: string; code?: string; to?: string; offer?: string };
      readonly outcome: { readonly state: ChainState } | { readonly code: string };
    };
const afterSaleRows = JSON.parse(
  readFileSync(new URL("./vectors/after-sale-transitions.json", import.meta.url), "utf8"),
) as AfterSaleRow[];

describe("life after the sale (core/rules/custody.ts, core/rules/holder.ts)", () => {
  const AFTER_SALE_ROLES: Record<string, Role[]> = { ...ROLES, fixer: ["repairer"] };
  it("covers every state and statement, and accepts each somewhere", () => {
    expect(afterSaleRows.length).toBe(744);
    for (const kind of ["return", "repair"]) {
      expect(afterSaleRows.some((r) => r.table === "event" && r.event === kind && "state" in r.outcome)).toBe(true);
    }
    expect(afterSaleRows.filter((r) => r.table === "holder" && "state" in r.outcome).length).toBeGreaterThan(10);
  });

  it("every row gives the tabled outcome", () => {
    const mismatches: string[] = [];
    for (const row of afterSaleRows) {
      const got =
        row.table === "event"
          ? applyEvent(
              row.state,
              {
                type: row.event,
                gtin: "0",
                serial: "s",
                prev: "p",
                actor: "k",
                time: "t",
                ...(row.claim === undefined ? {} : { claim: row.claim }),
              },
              { party: row.actor, roles: AFTER_SALE_ROLES[row.actor] ?? [] },
              (id) => id in AFTER_SALE_ROLES,
            )
          : applyHolder(
              row.state,
              { gtin: "0", serial: "s", prev: "p", day: "d", ...row.statement },
              (commitment, code) => commitment === "C" && code === "right",
            );
      const outcome = got.ok ? { state: got.state } : { code: got.code };
      if (JSON.stringify(outcome) !== JSON.stringify(row.outcome)) {
        mismatches.push(`${JSON.stringify(row)}: ${JSON.stringify(outcome)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe("key usability (core/rules/keys.ts)", () => {
  it.each([
    [undefined, 10, "unknown-key"],
    [{}, 10, undefined],
    [{ retiredAt: 11 }, 10, undefined],
    [{ retiredAt: 10 }, 10, "key-retired"],
    [{ compromisedAt: 11 }, 10, undefined],
    [{ compromisedAt: 10 }, 10, "key-revoked"],
    [{ retiredAt: 5, compromisedAt: 8 }, 10, "key-revoked"],
  ] as const)("%j at %d → %s", (key, at, code) => {
    expect(keyRefusal(key, at, "it")?.code).toBe(code);
  });
});
