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
    expect(new Set(rows.map((r) => r.event))).toEqual(new Set(EVENT_TYPES));
    expect(new Set(rows.map((r) => r.state.custody))).toEqual(new Set(["active", "in_transit", "sold", "destroyed"]));
    // The table is not all refusals: every event type is accepted somewhere.
    for (const type of EVENT_TYPES) expect(rows.some((r) => r.event === type && "state" in r.outcome)).toBe(true);
  });

  for (const type of EVENT_TYPES) {
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
