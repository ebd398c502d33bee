// The auditor's replay catches every kind of rule break an operator could slip into the log,
// even when each leaf is well-formed and signed.
import { describe, expect, it } from "vitest";
import { toBase64, toBase64Url } from "../src/core/bytes.js";
import { type CustodyEvent, entryBytes, type LogEntry, signEvent } from "../src/core/event.js";
import { LogReplay } from "../src/core/replay.js";
import { mintTag } from "../src/core/tag.js";
import { hashLeaf } from "../src/index.js";
import { nodeCrypto } from "../src/runtime/node/crypto.js";
import { actor, GTIN, PREFIX } from "./support/actors.js";

const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));
const maker = actor("maker");
const shop = actor("shop");

function setup(): { replay: LogReplay; leaves: Uint8Array[]; add(e: LogEntry): string } {
  const replay = new LogReplay(nodeCrypto);
  const leaves: Uint8Array[] = [];
  const add = (e: LogEntry) => {
    const leaf = entryBytes(e);
    replay.apply(leaves.length, leaf);
    leaves.push(leaf);
    return toBase64Url(hashLeaf(leaf));
  };
  for (const [a, roles, prefixes] of [
    [maker, ["manufacturer"], [PREFIX]],
    [shop, ["retailer"], []],
  ] as const) {
    add({
      kind: "party",
      party: { id: a.id, name: a.id, roles: [...roles], country: "DE", companyPrefixes: [...prefixes], showName: true },
    });
    add({ kind: "key", action: "add", party: a.id, keyId: a.keyId, publicKey: toBase64(a.publicKey) });
  }
  return { replay, leaves, add };
}

const event = (a: typeof maker, e: Omit<CustodyEvent, "actor" | "time">): LogEntry => {
  const full: CustodyEvent = { ...e, actor: a.keyId, time: "2026-11-22T10:00:00Z" };
  return { kind: "event", event: full, signature: toBase64Url(signEvent(nodeCrypto, a.seed, full)) };
};

describe("log replay", () => {
  it("accepts a lawful history", () => {
    const { replay, add } = setup();
    const t = mintTag(nodeCrypto, maker.seed, maker.keyId, { gtin: GTIN }, random);
    let head = add({ kind: "commission", tag: t.tag, signature: toBase64Url(t.signature) });
    head = add(event(maker, { type: "ship", gtin: t.tag.gtin, serial: t.tag.serial, prev: head, to: "shop" }));
    head = add(event(shop, { type: "receive", gtin: t.tag.gtin, serial: t.tag.serial, prev: head }));
    add(event(shop, { type: "sell", gtin: t.tag.gtin, serial: t.tag.serial, prev: head }));
    expect(replay.violations).toEqual([]);
    expect(replay.tags.get(`${t.tag.gtin}/${t.tag.serial}`)?.state.custody).toBe("sold");
  });

  it("flags forged, unlinked, unauthorised and out-of-prefix entries", () => {
    const { replay, add } = setup();
    const t = mintTag(nodeCrypto, maker.seed, maker.keyId, { gtin: GTIN }, random);
    const c0 = add({ kind: "commission", tag: t.tag, signature: toBase64Url(t.signature) });
    const id = { gtin: t.tag.gtin, serial: t.tag.serial };
    add(event(shop, { type: "sell", ...id, prev: c0 })); // not the custodian
    add(event(maker, { type: "ship", ...id, prev: "A".repeat(43), to: "shop" })); // wrong prev
    const forged = event(maker, { type: "recall", ...id, prev: c0 });
    add({ ...forged, signature: toBase64Url(new Uint8Array(64)) } as LogEntry); // bad signature
    const foreign = mintTag(nodeCrypto, maker.seed, maker.keyId, { gtin: "04012345000009" }, random);
    add({ kind: "commission", tag: foreign.tag, signature: toBase64Url(foreign.signature) }); // not the maker's GTIN
    add({ kind: "key", action: "retire", party: "maker", keyId: maker.keyId, publicKey: toBase64(maker.publicKey) });
    const late = mintTag(nodeCrypto, maker.seed, maker.keyId, { gtin: GTIN }, random);
    add({ kind: "commission", tag: late.tag, signature: toBase64Url(late.signature) }); // retired key
    add({ kind: "commission", tag: t.tag, signature: toBase64Url(t.signature) }); // twice
    expect(replay.violations.map((v) => v.code)).toEqual([
      "not-custodian",
      "wrong-prev",
      "bad-signature",
      "gtin-not-makers",
      "key-unusable",
      "key-unusable",
    ]);
  });

  it("flags a party whose company prefix overlaps an earlier party's, either way, and what it then signs", () => {
    const { replay, leaves, add } = setup(); // the maker holds PREFIX
    const party = (id: string, companyPrefixes: string[]): LogEntry => ({
      kind: "party",
      party: { id, name: id, roles: ["manufacturer"], country: "DE", companyPrefixes, showName: true },
    });
    const first = leaves.length;
    add(party("wider", ["1234", PREFIX.slice(0, 4)])); // holds the maker's range
    add(party("narrower", [`${PREFIX}12`])); // inside it
    add(party("same", [PREFIX]));
    add(party("neighbour", [`${PREFIX.slice(0, 6)}1`])); // lawful: 9506001
    const rival = actor("wider");
    add({ kind: "key", action: "add", party: rival.id, keyId: rival.keyId, publicKey: toBase64(rival.publicKey) });
    const t = mintTag(nodeCrypto, rival.seed, rival.keyId, { gtin: GTIN }, random);
    add({ kind: "commission", tag: t.tag, signature: toBase64Url(t.signature) });
    expect(replay.violations.map((v) => [v.index - first, v.code])).toEqual([
      [0, "prefix-overlap"],
      [1, "prefix-overlap"],
      [2, "prefix-overlap"],
      [4, "unknown-party"],
      [5, "unknown-key"],
    ]);
    expect(replay.violations[0]?.detail).toBe("wider's prefix 9506 overlaps maker's prefix 9506000");
    expect(replay.parties.has("neighbour")).toBe(true);
  });
});
