// The storage contract every adapter must honour (better-sqlite3 on Node, D1 in workerd): atomic
// commits guarded by chain heads, duplicates refused whole, keys retired or revoked once, lookups
// in bulk, scan counts, and no fork when many writers race on one database.
import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../../src/core/bytes.js";
import { nobleCrypto } from "../../src/core/crypto.js";
import { commissionedState, entryBytes } from "../../src/core/event.js";
import { prefixesOverlap } from "../../src/core/gs1.js";
import { treeHasher } from "../../src/core/merkle/hash.js";
import { rederiveHead } from "../../src/core/merkle/rederive.js";
import { hashLeaf } from "../../src/index.js";
import { type DomainStore, type DomainWrite, DuplicateError, HeadMovedError } from "../../src/store/domain-store.js";
import { LogDamageError, type LogStore, type Seal } from "../../src/store/log-store.js";
import { refRoot } from "./reference-tree.js";

export interface StoreUnderTest {
  readonly log: LogStore;
  readonly domain: DomainStore;
  /** Another writer on the same database, with no state shared with this one (own connection or object). */
  writer(): StoreUnderTest;
  /** Runs raw SQL on the same database, behind the adapter's back (to inject damage). */
  sql(statement: string): Promise<void>;
}

/**
 * A stand-in for the log's seal: the checkpoint text names the size and root it seals, and the
 * check re-derives the stored tree against the newest one, as the real log does.
 */
export const seal: Seal = {
  check(basis) {
    const m = basis.checkpoint && /^test checkpoint (\d+) ([0-9a-f]{64})\n$/.exec(basis.checkpoint.note);
    const signed = m
      ? {
          size: Number(m[1]),
          root: fromHex(m[2] as string) as Uint8Array,
          ...(basis.consistencyNodes ? { consistencyNodes: basis.consistencyNodes } : {}),
        }
      : undefined;
    const derived = rederiveHead(treeHasher(nobleCrypto.sha256), basis, signed);
    if (!derived.ok) throw new LogDamageError(derived.damage);
    return derived.frontier;
  },
  sign: (head) => `test checkpoint ${head.size} ${toHex(head.root)}\n`,
};

function party(id: string, companyPrefixes = ["9506000"]): DomainWrite {
  const p = {
    id,
    name: id,
    roles: ["manufacturer" as const],
    country: "DE",
    companyPrefixes,
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

/** A recall event extending `tag`'s chain from the head and length given. */
function recall(
  tag: { id: number; serial: string; head: Uint8Array; length: number; state: ReturnType<typeof commissionedState> },
  text: string,
): DomainWrite {
  const leaf = new TextEncoder().encode(text);
  return {
    kind: "event",
    tagId: tag.id,
    gtin: "09506000134352",
    serial: tag.serial,
    expectHead: tag.head,
    expectLength: tag.length,
    state: { ...tag.state, recalled: true },
    type: "recall",
    actorParty: "maker",
    actorKey: "k",
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
      expect((await log.latestCheckpoint())?.note).toBe(`test checkpoint 4 ${toHex(result.root)}\n`);
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

    // Damage is injected behind the adapter's back; a fresh writer then reads the stored tree.
    for (const [what, damage] of [
      ["a flipped bit in a right-edge node", "UPDATE log_nodes SET hash = zeroblob(32) WHERE level = 2 AND idx = 0"],
      ["a flipped bit in the head row", "UPDATE log_state SET root = zeroblob(32) WHERE id = 1"],
      ["a changed last leaf", "UPDATE log_leaves SET data = X'00' WHERE idx = 4"],
      ["a deleted last leaf", "DELETE FROM log_leaves WHERE idx = 4"],
      ["a deleted right-edge node", "DELETE FROM log_nodes WHERE level = 0 AND idx = 4"],
      [
        "a damaged checkpoint row",
        "UPDATE log_checkpoints SET note = 'test checkpoint 5 ' || hex(zeroblob(32)) || char(10)",
      ],
    ] as const) {
      it(`refuses to extend the tree over ${what}, writing nothing`, async () => {
        const s = await open();
        await s.domain.commit([...maker(), commission("D1"), commission("D2"), commission("D3")], 1, seal);
        await s.sql(damage);
        const fresh = s.writer();
        const before = await fresh.log.checkpointsFrom(0, 100);
        await expect(fresh.domain.commit([commission("D4")], 2, seal)).rejects.toBeInstanceOf(LogDamageError);
        expect(await fresh.log.checkpointsFrom(0, 100)).toEqual(before);
        expect(await fresh.domain.tag("09506000134352", "D4")).toBeUndefined();
      });
    }

    it("serves a gap in the leaves as a short answer, never as shifted leaves", async () => {
      const s = await open();
      const writes = [...maker(), commission("G1"), commission("G2"), commission("G3")];
      await s.domain.commit(writes, 1, seal);
      await s.sql("DELETE FROM log_leaves WHERE idx = 2");
      const bytes = async (start: number, count: number) => (await s.log.leaves(start, count)).map((l) => toHex(l));
      expect(await bytes(0, 5)).toEqual(writes.slice(0, 2).map((w) => toHex(w.leaf)));
      expect(await bytes(3, 2)).toEqual(writes.slice(3).map((w) => toHex(w.leaf)));
      expect(await s.log.leaves(2, 1)).toEqual([]);
    });

    it("refuses a write whose chain head moved, writing nothing of the batch", async () => {
      const { log, domain } = await open();
      await domain.commit([...maker(), commission("A")], 1, seal);
      const tag = (await domain.tag("09506000134352", "A")) as {
        id: number;
        head: Uint8Array;
        state: ReturnType<typeof commissionedState>;
      };
      const event = (expectHead: Uint8Array, n: number) =>
        recall({ ...tag, serial: "A", head: expectHead, length: 1 }, `event ${n}`);
      const before = await log.head();
      expect(toHex((await domain.tagToken("09506000134352", "A"))?.head ?? new Uint8Array())).toBe(toHex(tag.head));
      await expect(domain.commit([commission("B"), event(new Uint8Array(32), 1)], 2, seal)).rejects.toBeInstanceOf(
        HeadMovedError,
      );
      expect((await log.head()).size).toBe(before.size);
      expect(await domain.tag("09506000134352", "B")).toBeUndefined();
      await domain.commit([event(tag.head, 2)], 3, seal);
      const moved = await domain.tag("09506000134352", "A");
      expect(moved?.length).toBe(2);
      expect(moved?.state.recalled).toBe(true);
      // What a scan reads first follows the chain too (adapters that cache it must forget it).
      expect(toHex((await domain.tagToken("09506000134352", "A"))?.head ?? new Uint8Array())).toBe(
        toHex(moved?.head ?? new Uint8Array(1)),
      );
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
      // An adapter that reads the day counts with the token must read the same ones.
      const token = await domain.tagToken("09506000134352", "M7");
      if (token?.scanDays) expect(token.scanDays).toEqual(await domain.scanDays(id));
      expect(await domain.purgeScans("2026-01-15")).toBe(2);
      expect(await domain.scanDays(id)).toEqual([{ day: "2026-02-01", count: 1 }]);
    });

    it("commits a batch larger than any single bulk parameter (D1 cuts them at 900 KB)", async () => {
      const { log, domain } = await open();
      const many = Array.from({ length: 4000 }, (_, i) => commission(`BIG-${i}-${"x".repeat(100)}`.slice(0, 20)));
      const writes = [...maker(), ...many];
      const result = await domain.commit(writes, 1, seal);
      expect(result.size).toBe(writes.length);
      const leaves = await log.leaves(0, writes.length);
      expect(leaves.map(toHex)).toEqual(writes.map((w) => toHex(w.leaf)));
      expect(toHex(result.root)).toBe(toHex(refRoot(leaves)));
      const found = await domain.tags(many.map((w) => ({ gtin: w.tag.gtin, serial: w.tag.serial })));
      expect(found.size).toBe(4000);
      const last = found.get(`09506000134352/${many[3999]?.tag.serial}`) as { id: number };
      expect((await domain.chain(last.id)).map((e) => e.leafIndex)).toEqual([writes.length - 1]);
    });

    it("takes many concurrent commits through one store: all land in order, a bad one fails alone", async () => {
      const { log, domain } = await open();
      await domain.commit([...maker(), commission("G-dup")], 1, seal);
      const base = (await log.head()).size;
      const attempts = Array.from({ length: 24 }, (_, n) =>
        // n = 7 commissions a tag that exists: refused, and only it.
        domain.commit([commission(n === 7 ? "G-dup" : `G-${n}`), commission(`G-${n}-b`)], 10 + n, seal),
      );
      const settled = await Promise.allSettled(attempts);
      expect(settled.map((s) => s.status)).toEqual(settled.map((_, n) => (n === 7 ? "rejected" : "fulfilled")));
      expect((settled[7] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateError);
      const firsts = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value.firstIndex] : []));
      expect(firsts).toEqual(firsts.map((_, i) => base + 2 * i)); // arrival order, no gaps
      const head = await log.head();
      expect(head.size).toBe(base + 2 * 23);
      expect(toHex(head.root)).toBe(toHex(refRoot(await log.leaves(0, head.size))));
      expect(await domain.tag("09506000134352", "G-7-b")).toBeUndefined();
      expect(await domain.tag("09506000134352", "G-8-b")).toBeDefined();
      // A wave with nothing wrong in it lands whole, still in arrival order.
      const wave = await Promise.all(
        Array.from({ length: 16 }, (_, n) => domain.commit([commission(`W-${n}`)], 50 + n, seal)),
      );
      expect(wave.map((r) => r.firstIndex)).toEqual(wave.map((_, i) => head.size + i));
    });

    it("finds a registered company prefix that overlaps, either way, and refuses such a party whole", async () => {
      const { log, domain } = await open();
      await domain.commit(maker(), 1, seal); // the maker holds 9506000
      const held = { partyId: "maker", prefix: "9506000" };
      for (const [asked, overlaps] of [
        [["9506"], true],
        [["9506000"], true],
        [["950600012345"], true],
        [["1234", "95060001"], true],
        [["9506001"], false],
        [["0950600"], false],
        [["950600"], true],
        [[], false],
      ] as const) {
        // The query is core/gs1 prefixesOverlap in SQL: they must agree.
        expect(asked.some((p) => prefixesOverlap(p, held.prefix))).toBe(overlaps);
        expect({ asked, found: await domain.overlappingPrefix(asked) }).toEqual({
          asked,
          found: overlaps ? held : undefined,
        });
      }
      const size = (await log.head()).size;
      await expect(domain.commit([party("rival", ["9506"])], 2, seal)).rejects.toBeInstanceOf(DuplicateError);
      // Two overlapping parties in one commit: the second sees the first.
      await expect(
        domain.commit([party("twin-a", ["4000123"]), party("twin-b", ["40001"])], 3, seal),
      ).rejects.toBeInstanceOf(DuplicateError);
      expect((await log.head()).size).toBe(size);
      expect(await domain.parties(["rival", "twin-a", "twin-b"])).toEqual(new Map());
      await domain.commit([party("neighbour", ["9506001"]), party("shop", [])], 4, seal);
      expect(await domain.overlappingPrefix(["95060019"])).toEqual({ partyId: "neighbour", prefix: "9506001" });
    });

    it("retires and revokes a key once, bumping the key version each time", async () => {
      const { domain } = await open();
      await domain.commit([...maker(), commission("K")], 1, seal);
      const version = async () => (await domain.tagToken("09506000134352", "K"))?.sharedVersion;
      const v0 = await version();
      const keyId = "ed25519:00000000000000000000000000000000";
      const leaf = (s: string) => new TextEncoder().encode(s);
      await domain.commit([{ kind: "retire-key", keyId, at: 5, leaf: leaf("retire") }], 5, seal);
      expect(await version()).toBe((v0 ?? 0) + 1);
      await expect(
        domain.commit([{ kind: "retire-key", keyId, at: 6, leaf: leaf("retire again") }], 6, seal),
      ).rejects.toBeInstanceOf(DuplicateError);
      await domain.commit([{ kind: "revoke-key", keyId, compromisedAt: 2, leaf: leaf("revoke") }], 7, seal);
      await expect(
        domain.commit([{ kind: "revoke-key", keyId, compromisedAt: 3, leaf: leaf("revoke again") }], 8, seal),
      ).rejects.toBeInstanceOf(DuplicateError);
      expect(await domain.key(keyId)).toMatchObject({ retiredAt: 5, compromisedAt: 2 });
      expect(await version()).toBe((v0 ?? 0) + 2);
    });

    it("keeps NFC batches sealed, binds tags' UIDs once, and raises a tap counter atomically", async () => {
      const { domain, log } = await open();
      const sealedKey = Uint8Array.from({ length: 45 }, (_, i) => i);
      const batch = {
        kind: "nfc-batch" as const,
        batch: { id: "B".repeat(16), makerParty: "maker", commitment: "c".repeat(43), sealedKey },
        leaf: new TextEncoder().encode("nfc batch"),
      };
      const uid = Uint8Array.of(4, 1, 2, 3, 4, 5, 6);
      const bound = (serial: string, u: Uint8Array) => ({
        ...commission(serial),
        nfc: { batch: batch.batch.id, uid: u },
      });
      await domain.commit([...maker(), batch, bound("N1", uid), commission("P1")], 1, seal);
      const stored = await domain.nfcBatch(batch.batch.id);
      expect(stored && [stored.makerParty, [...stored.sealedKey], stored.leafIndex]).toEqual([
        "maker",
        [...sealedKey],
        2,
      ]);
      expect(await domain.nfcBatch("x".repeat(16))).toBeUndefined();
      const token = await domain.tagToken("09506000134352", "N1");
      expect([token?.nfcBatch, token?.nfcUid && [...token.nfcUid]]).toEqual([batch.batch.id, [...uid]]);
      expect((await domain.tagToken("09506000134352", "P1"))?.nfcBatch).toBeNull();
      // One UID, one tag of a batch: a second binding is refused whole.
      const size = (await log.head()).size;
      await expect(domain.commit([bound("N2", uid)], 2, seal)).rejects.toBeInstanceOf(DuplicateError);
      expect((await log.head()).size).toBe(size);

      const id = token?.id as number;
      const advance = (counter: number, day = "2026-11-25") => domain.advanceTap(id, counter, day);
      expect(await advance(5)).toEqual({ fresh: true, lastCounter: 5, lastDay: "2026-11-25" });
      expect(await advance(5, "2026-11-26")).toEqual({ fresh: false, lastCounter: 5, lastDay: "2026-11-25" });
      expect(await advance(3, "2026-11-26")).toEqual({ fresh: false, lastCounter: 5, lastDay: "2026-11-25" });
      expect(await advance(0)).toMatchObject({ fresh: false });
      const many = await Promise.all(Array.from({ length: 16 }, () => advance(9, "2026-11-27")));
      expect(many.filter((t) => t.fresh)).toHaveLength(1);
      expect(many.every((t) => t.lastCounter === 9)).toBe(true);

      // Revoked once, moving the shared version every cached answer checks.
      const version = async () => (await domain.tagToken("09506000134352", "N1"))?.sharedVersion ?? 0;
      const v0 = await version();
      const revoke = (n: number) => ({
        kind: "revoke-nfc-batch" as const,
        id: batch.batch.id,
        compromisedAt: 1000 + n,
        leaf: new TextEncoder().encode(`revoke ${n}`),
      });
      await domain.commit([revoke(1)], 3, seal);
      expect(await version()).toBe(v0 + 1);
      expect((await domain.nfcBatch(batch.batch.id))?.compromisedAt).toBe(1001);
      await expect(domain.commit([revoke(2)], 4, seal)).rejects.toBeInstanceOf(DuplicateError);
    });

    it("stores recalls by GTIN, lifts each once, and bumps the shared version for both", async () => {
      const { domain, log } = await open();
      await domain.commit([...maker(), commission("R1")], 1, seal);
      const version = async () => (await domain.tagToken("09506000134352", "R1"))?.sharedVersion ?? 0;
      const v0 = await version();
      const recall = (n: number, extra: object) => {
        const leaf = new TextEncoder().encode(`recall ${n}`);
        return {
          kind: "recall" as const,
          recall: { gtin: "09506000134352", makerParty: "maker", instructions: `do ${n}`, ...extra },
          leaf,
          leafHash: hashLeaf(leaf),
        };
      };
      const byLot = recall(1, { lot: "L1", url: "https://maker.example/r" });
      const bySerials = recall(2, { serials: ["R1", "R2"] });
      await domain.commit([byLot, bySerials], 10, seal);
      expect(await version()).toBe(v0 + 1);
      const listed = await domain.recalls("09506000134352");
      expect(listed.map((r) => [r.lot, r.serials, r.instructions, r.lifted, r.loggedAt])).toEqual([
        [undefined, ["R1", "R2"], "do 2", false, 10],
        ["L1", undefined, "do 1", false, 10],
      ]);
      expect(await domain.recalls("04012345000009")).toEqual([]);
      const lift = (n: number) => ({
        kind: "lift-recall" as const,
        lifts: byLot.leafHash,
        leaf: new TextEncoder().encode(`lift ${n}`),
      });
      await domain.commit([lift(1)], 11, seal);
      expect(await version()).toBe(v0 + 2);
      expect(await domain.recallByHash(byLot.leafHash)).toMatchObject({ lot: "L1", lifted: true });
      expect((await domain.recalls("09506000134352")).map((r) => r.instructions)).toEqual(["do 2"]);
      // A second lift, or a second copy of the same recall, is refused whole.
      const size = (await log.head()).size;
      await expect(domain.commit([lift(2)], 12, seal)).rejects.toBeInstanceOf(DuplicateError);
      await expect(domain.commit([bySerials], 12, seal)).rejects.toBeInstanceOf(DuplicateError);
      expect((await log.head()).size).toBe(size);
    });

    it("keeps each GTIN's newest description, and only its first maker's", async () => {
      const { domain, log } = await open();
      await domain.commit([...maker(), party("rival", ["4000123"])], 1, seal);
      const statement = (name: string) => ({
        actor: "ed25519:00000000000000000000000000000000",
        gtin: "09506000134352",
        domain: "maker.example",
        names: { en: name },
        time: "2026-11-25T00:00:00Z",
      });
      const describe = (makerParty: string, name: string) => ({
        kind: "product" as const,
        product: { gtin: "09506000134352", makerParty, statement: statement(name) },
        leaf: new TextEncoder().encode(`product ${makerParty} ${name}`),
      });
      expect(await domain.product("09506000134352")).toBeUndefined();
      await domain.commit([describe("maker", "One")], 2, seal);
      await domain.commit([describe("maker", "Two")], 3, seal);
      expect(await domain.product("09506000134352")).toEqual({ makerParty: "maker", statement: statement("Two") });
      const size = (await log.head()).size;
      await expect(domain.commit([describe("rival", "Mine")], 4, seal)).rejects.toBeInstanceOf(DuplicateError);
      expect((await log.head()).size).toBe(size);
      expect((await domain.product("09506000134352"))?.statement.names).toEqual({ en: "Two" });
    });

    it("never forks when 16 writers race on the same chain and log", async () => {
      const first = await open();
      await first.domain.commit([...maker(), commission("RACE")], 1, seal);
      const tag = (await first.domain.tag("09506000134352", "RACE")) as NonNullable<
        Awaited<ReturnType<DomainStore["tag"]>>
      >;
      const writers = Array.from({ length: 16 }, () => first.writer());
      // Round 1: every writer extends the chain from the same head (only one may win) and
      // commissions a tag of its own in the same commit (written only with the winner's event).
      const round1 = await Promise.allSettled(
        writers.map((w, n) => {
          return w.domain.commit([commission(`R1-${n}`), recall(tag, `race event ${n}`)], 10 + n, seal);
        }),
      );
      const won = round1.flatMap((r, n) => (r.status === "fulfilled" ? [n] : []));
      expect(won).toHaveLength(1);
      for (const r of round1) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(HeadMovedError);
      const chain = await first.domain.chain(tag.id);
      expect(chain.map((e) => e.seq)).toEqual([0, 1]);
      for (let n = 0; n < 16; n++) {
        expect(Boolean(await first.domain.tag("09506000134352", `R1-${n}`))).toBe(won.includes(n));
      }
      // Round 2: independent commits all land, each at its own indices, none lost.
      const round2 = await Promise.all(
        writers.map((w, n) => w.domain.commit([commission(`R2-${n}a`), commission(`R2-${n}b`)], 40 + n, seal)),
      );
      const indices = round2.flatMap((r) => [r.firstIndex, r.firstIndex + 1]).sort((a, b) => a - b);
      expect(new Set(indices).size).toBe(32);
      const head = await first.log.head();
      const leaves = await first.log.leaves(0, head.size);
      expect(leaves).toHaveLength(head.size);
      expect(toHex(head.root)).toBe(toHex(refRoot(leaves)));
      for (const [n, r] of round2.entries()) {
        const tags = await first.domain.tags([
          { gtin: "09506000134352", serial: `R2-${n}a` },
          { gtin: "09506000134352", serial: `R2-${n}b` },
        ]);
        expect(tags.size).toBe(2);
        const entries = await Promise.all([...tags.values()].map((t) => first.domain.chain(t.id)));
        expect(entries.map((c) => c[0]?.leafIndex).sort()).toEqual([r.firstIndex, r.firstIndex + 1].sort());
      }
      // Every checkpoint seals the root of exactly the leaves before its size: one history.
      const checkpoints = await first.log.checkpointsFrom(0, 1000);
      expect(checkpoints.length).toBeGreaterThanOrEqual(18);
      for (const cp of checkpoints) {
        expect(cp.note).toBe(`test checkpoint ${cp.size} ${toHex(refRoot(leaves.slice(0, cp.size)))}\n`);
      }
    });
  });
}
