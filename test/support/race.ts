// Concurrent writers over HTTP, then a fork check from what the API serves. Used against the
// Node server and inside workerd against the Worker (through the Sequencer), so both runtimes
// meet the same bar: no two events with the same prev, no two leaves at one index, every
// checkpoint seen during the race a prefix of the final log, every acknowledged write present.
import { expect } from "vitest";
import { fromBase64, fromBase64Url, toBase64Url, toHex } from "../../src/core/bytes.js";
import { parseCheckpoint } from "../../src/core/checkpoint.js";
import { nobleCrypto } from "../../src/core/crypto.js";
import { parseEntryBytes } from "../../src/core/event.js";
import { openNote, parseVerifierKey } from "../../src/core/note.js";
import { hashLeaf } from "../../src/index.js";
import { actor, type Client } from "./actors.js";
import { refRoot } from "./reference-tree.js";

export interface RaceReport {
  readonly writers: number;
  readonly acknowledged: number;
  readonly refusedWrongPrev: number;
  readonly checkpointsSeen: number;
  readonly logSize: number;
}

/**
 * `writers` clients at once: round 1 all ship the same tags from the same head (one winner per
 * tag, the rest refused with 409), round 2 each commissions tags of its own and walks one
 * through ship and receive; meanwhile checkpoints are sampled. Then the fork check.
 */
export async function raceAndCheck(client: Client, writers = 16): Promise<RaceReport> {
  // Its own company prefix: registered prefixes may not overlap, and the database may hold other makers.
  const maker = actor(`racemaker${Math.random().toString(36).slice(2, 8)}`, "9506003");
  const dist = actor(`racedist${Math.random().toString(36).slice(2, 8)}`);
  for (const [a, roles] of [
    [maker, ["manufacturer"]],
    [dist, ["distributor"]],
  ] as const) {
    const res = await client.register(a, [...roles]);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  const shared = client.mint(maker, 4);
  const commissioned = await client.commission(shared);
  expect(commissioned.status, JSON.stringify(commissioned.body)).toBe(200);
  const heads = (commissioned.body.results as { leafHash: string }[]).map((r) => r.leafHash);

  const acknowledged: { leafIndex: number; leafHash: string }[] = [];
  const checkpoints: string[] = [];
  let racing = true;
  const sampler = (async () => {
    while (racing) checkpoints.push((await client.call("GET", "/v1/log/checkpoint")).body as string);
  })();

  // Round 1: the same prev, many writers.
  const round1 = await Promise.all(
    Array.from({ length: writers }, (_, w) =>
      client.events(
        shared.map((tag, i) =>
          client.signed(maker, "ship", tag, heads[i] as string, {
            to: dist.id,
            time: new Date(Date.now() - 1000 - w * 1000).toISOString().replace(/\.\d+Z$/, "Z"),
          }),
        ),
      ),
    ),
  );
  const winners = round1.filter((r) => r.status === 200);
  expect(winners).toHaveLength(1);
  for (const r of round1) {
    if (r.status !== 200) expect([r.status, r.body.code]).toEqual([409, "wrong-prev"]);
  }
  acknowledged.push(...(winners[0]?.body.results ?? []));

  // Round 2: independent writes, all of which must land.
  const round2 = await Promise.all(
    Array.from({ length: writers }, async () => {
      const mine = client.mint(maker, 3);
      const c = await client.commission(mine);
      expect(c.status, JSON.stringify(c.body)).toBe(200);
      const results = [...c.body.results] as { leafIndex: number; leafHash: string }[];
      const tag = mine[0] as (typeof mine)[number];
      const ship = await client.events([
        client.signed(maker, "ship", tag, (results[0] as { leafHash: string }).leafHash, { to: dist.id }),
      ]);
      expect(ship.status, JSON.stringify(ship.body)).toBe(200);
      const receive = await client.events([client.signed(dist, "receive", tag, ship.body.results[0].leafHash)]);
      expect(receive.status, JSON.stringify(receive.body)).toBe(200);
      return [...results, ...ship.body.results, ...receive.body.results];
    }),
  );
  for (const r of round2) acknowledged.push(...r);
  racing = false;
  await sampler;

  // The fork check, from the API alone.
  const vkey = parseVerifierKey(nobleCrypto.sha256, (await client.call("GET", "/v1/log/key")).body.trim());
  const final = parseCheckpoint(
    openNote(nobleCrypto, (await client.call("GET", "/v1/log/checkpoint")).body, [vkey]).text,
  );
  const leaves: Uint8Array[] = [];
  while (leaves.length < final.size) {
    const page = await client.call("GET", `/v1/log/leaves?start=${leaves.length}&count=1000`);
    expect(page.status).toBe(200);
    leaves.push(...(page.body.leaves as string[]).map((b) => fromBase64(b) as Uint8Array));
  }
  leaves.length = final.size;
  expect(toHex(refRoot(leaves))).toBe(toHex(final.root));
  for (const note of checkpoints) {
    const cp = parseCheckpoint(openNote(nobleCrypto, note, [vkey]).text);
    expect(toHex(refRoot(leaves.slice(0, cp.size))), `checkpoint at ${cp.size}`).toBe(toHex(cp.root));
  }
  const indices = new Set(acknowledged.map((a) => a.leafIndex));
  expect(indices.size).toBe(acknowledged.length);
  for (const a of acknowledged) {
    expect(toBase64Url(hashLeaf(leaves[a.leafIndex] as Uint8Array))).toBe(a.leafHash);
  }
  const prevs = new Set<string>();
  const hashes = new Set(leaves.map((l) => toHex(hashLeaf(l))));
  for (const leaf of leaves) {
    const entry = parseEntryBytes(leaf);
    if (entry?.kind !== "event") continue;
    const prev = toHex(fromBase64Url(entry.event.prev) as Uint8Array);
    expect(prevs.has(prev), "two events name the same prev").toBe(false);
    expect(hashes.has(prev), "an event's prev is in the log").toBe(true);
    prevs.add(prev);
  }
  return {
    writers,
    acknowledged: acknowledged.length,
    refusedWrongPrev: round1.length - winners.length,
    checkpointsSeen: checkpoints.length,
    logSize: final.size,
  };
}
