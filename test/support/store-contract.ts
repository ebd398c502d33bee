// The storage contract every adapter must honour (SQLite now, D1 with the Workers issue): atomic
// commits guarded by chain heads, duplicates refused whole, lookups in bulk, scan counts.
import { describe, expect, it } from "vitest";
import { toHex } from "../../src/core/bytes.js";
import { commissionedState, entryBytes } from "../../src/core/event.js";
import { hashLeaf } from "../../src/index.js";
import { type DomainStore, type DomainWrite, HeadMovedError } from "../../src/store/domain-store.js";
import type { LogStore } from "../../src/store/log-store.js";
import { refRoot } from "./reference-tree.js";

export interface StoreUnderTest {
  readonly log: LogStore;
  readonly domain: DomainStore;
}

const seal = (head: { size: number }) => `test checkpoint ${head.size}\n`;

function party(id: string): DomainWrite {
  const p = {
    id,
    name: id,
    roles: ["manufacturer" as const],
    country: "DE",
    companyPrefixes: ["9506000"],
    showName: true,
  };
  return { kind: "party", party: p, leaf: entryBytes({ kind: "party", party: p }) };
}

/** The maker and its key, which commissioned tags refer to. */
function maker(): DomainWrite[] {
  return [
    party("maker"),
    {
      kind: "add-key",
      key: {
        keyId: "ed25519:00000000000000000000000000000000",
        partyId: "maker",
        publicKey: new Uint8Array(32).fill(1),
      },
      leaf: new TextEncoder().encode("key"),
    },
  ];
}

function commission(serial: string): Extract<DomainWrite, { kind: "commission" }> {
  const tag = { gtin: "09506000134352", serial, maker: "ed25519:00000000000000000000000000000000" };
  const leaf = entryBytes({ kind: "commission", tag, signature: "sig" });
  return {
    kind: "commission",
    tag: {
      gtin: tag.gtin,
      serial,
      makerParty: "maker",
      makerKey: tag.maker,
      signature: new Uint8Array(64),
      state: commissionedState("maker"),
    },
    leaf,
    leafHash: hashLeaf(leaf),
  };
}

export function storeContract(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`store contract: ${name}`, () => {
    it("commits writes and their leaves together, sealing the new head", async () => {
      const { log, domain } = await open();

      const writes = [...maker(), commission("S1"), commission("S2")];
      const result = await domain.commit(writes, 1_000, seal);
      expect(result.firstIndex).toBe(0);
      expect(result.size).toBe(4);
      expect(toHex(result.root)).toBe(toHex(refRoot(writes.map((w) => w.leaf))));
      expect((await log.latestCheckpoint())?.note).toBe("test checkpoint 4\n");
      const tags = await domain.tags([
        { gtin: "09506000134352", serial: "S1" },
        { gtin: "09506000134352", serial: "S2" },
        { gtin: "09506000134352", serial: "nope" },
      ]);
      expect([...tags.keys()].sort()).toEqual(["09506000134352/S1", "09506000134352/S2"]);
      const chain = await domain.chain((tags.get("09506000134352/S1") as { id: number }).id);
      expect(chain.map((e) => [e.seq, e.leafIndex, e.type])).toEqual([[0, 2, "commission"]]);
      expect(await domain.tagToken("09506000134352", "S2")).toMatchObject({ makerParty: "maker" });
    });

    it("refuses a write whose chain head moved, writing nothing of the batch", async () => {
      const { log, domain } = await open();
      await domain.commit([...maker(), commission("A")], 1, seal);
      const tag = (await domain.tag("09506000134352", "A")) as {
        id: number;
        head: Uint8Array;
        state: ReturnType<typeof commissionedState>;
      };
      const event = (expectHead: Uint8Array, n: number): DomainWrite => {
        const leaf = new TextEncoder().encode(`event ${n}`);
        return {
          kind: "event",
          tagId: tag.id,
          gtin: "09506000134352",
          serial: "A",
          expectHead,
          expectLength: 1,
          state: { ...tag.state, recalled: true },
          type: "recall",
          actorParty: "maker",
          actorKey: "k",
          leaf,
          leafHash: hashLeaf(leaf),
        };
      };
      const before = await log.head();
      await expect(domain.commit([commission("B"), event(new Uint8Array(32), 1)], 2, seal)).rejects.toBeInstanceOf(
        HeadMovedError,
      );
      expect((await log.head()).size).toBe(before.size);
      expect(await domain.tag("09506000134352", "B")).toBeUndefined();
      await domain.commit([event(tag.head, 2)], 3, seal);
      const moved = await domain.tag("09506000134352", "A");
      expect(moved?.length).toBe(2);
      expect(moved?.state.recalled).toBe(true);
    });

    it("refuses duplicate tags whole", async () => {
      const { log, domain } = await open();
      await domain.commit([...maker(), commission("D")], 1, seal);
      const size = (await log.head()).size;
      await expect(domain.commit([commission("E"), commission("D")], 2, seal)).rejects.toThrow();
      expect((await log.head()).size).toBe(size);
      expect(await domain.tag("09506000134352", "E")).toBeUndefined();
    });

    it("looks up many tags at once and counts scans by day", async () => {
      const { domain } = await open();
      const many = Array.from({ length: 600 }, (_, i) => commission(`M${i}`));
      await domain.commit([...maker(), ...many], 1, seal);
      const found = await domain.tags(many.map((w) => ({ gtin: w.tag.gtin, serial: w.tag.serial })));
      expect(found.size).toBe(600);
      const id = (found.get("09506000134352/M7") as { id: number }).id;
      await domain.addScans([{ tagId: id, day: "2026-01-01", country: "", count: 2 }]);
      await domain.addScans([
        { tagId: id, day: "2026-01-01", country: "", count: 3 },
        { tagId: id, day: "2026-01-01", country: "FR", count: 4 },
      ]);
      await domain.addScans([{ tagId: id, day: "2026-02-01", country: "DE", count: 1 }]);
      expect(await domain.scanDays(id)).toEqual([
        { day: "2026-01-01", count: 9 },
        { day: "2026-02-01", count: 1 },
      ]);
      expect(await domain.purgeScans("2026-01-15")).toBe(2);
      expect(await domain.scanDays(id)).toEqual([{ day: "2026-02-01", count: 1 }]);
    });
  });
}
