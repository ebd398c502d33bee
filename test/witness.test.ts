// A witness (C2SP tlog-witness) over real HTTP with its own SQLite file: it cosigns a log's
// checkpoints as they grow, answers every status the spec defines, and refuses a fork: a second
// log with the same key whose history differs after a common prefix never gets a cosignature,
// whether it sends a proof that fails (422) or the same size with another root (409); and of
// concurrent submissions from one state exactly one advances it.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifiedCosignatures } from "../src/core/cosignature.js";
import { randomSeed } from "../src/core/crypto.js";
import { formatVerifierKey, type NoteSigner, noteSigner, parseVerifierKey } from "../src/core/note.js";
import { parsePolicy } from "../src/core/policy.js";
import { formatAddCheckpoint } from "../src/core/witness.js";
import { Publisher } from "../src/log/publisher.js";
import { TransparencyLog } from "../src/log/transparency-log.js";
import { nodeCrypto } from "../src/runtime/node/crypto.js";
import { type RunningWitness, startWitness } from "../src/runtime/node/witness.js";
import { openDatabase } from "../src/store/sqlite/database.js";
import { SqliteLogStore } from "../src/store/sqlite/log-store.js";
import { tempDir } from "./support/temp.js";

const dir = tempDir();
const signer = noteSigner(nodeCrypto, "witnessed.example/log", randomSeed());

function openLog(file: string, key: NoteSigner = signer): TransparencyLog {
  return new TransparencyLog(new SqliteLogStore(openDatabase(join(dir, file)), nodeCrypto), nodeCrypto, key);
}

const leaves = (from: number, n: number, tag = "") =>
  Array.from({ length: n }, (_, k) => new TextEncoder().encode(`${tag}leaf ${from + k}`));

describe("a witness", () => {
  let witness: RunningWitness;
  const log = openLog("main.db");
  const fork = openLog("fork.db");
  const post = async (body: string) => {
    const res = await fetch(`${witness.base}/add-checkpoint`, { method: "POST", body });
    return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
  };
  /** Submits the log's newest checkpoint from `old`, with its consistency proof. */
  const submit = async (l: TransparencyLog, old: number) => {
    const cp = await l.checkpoint();
    const proof = old === 0 ? [] : await l.consistencyProof(old, cp.size);
    return { cp, answer: await post(formatAddCheckpoint({ oldSize: old, proof, note: cp.note })) };
  };

  beforeAll(async () => {
    await log.open();
    await fork.open();
    const policy = join(dir, "policy.txt");
    writeFileSync(policy, `log ${formatVerifierKey(signer)}\nquorum none\n`);
    witness = await startWitness({
      dataDir: join(dir, "w1"),
      name: "w1.example/witness",
      policy,
      host: "127.0.0.1",
      port: 0,
    });
  });
  afterAll(async () => witness?.close());

  it("cosigns a growing log, each cosignature verifying against the witness's key", async () => {
    const key = parseVerifierKey(nodeCrypto.sha256, witness.vkey, 0x04);
    await log.append(leaves(0, 10));
    const first = await submit(log, 0);
    expect([first.answer.status, first.answer.type]).toEqual([200, "text/plain; charset=utf-8"]);
    const cosigned = verifiedCosignatures(nodeCrypto, first.cp.note + first.answer.text, [key]);
    expect(cosigned.map((c) => c.name)).toEqual(["w1.example/witness"]);
    expect(Math.abs((cosigned[0]?.time ?? 0) - Date.now() / 1000)).toBeLessThan(5);
    await log.append(leaves(10, 7));
    expect((await submit(log, 10)).answer.status).toBe(200);
    // The same checkpoint again, from its own size: cosigned again (same root).
    expect((await submit(log, 17)).answer.status).toBe(200);
  });

  it("answers the spec's statuses: stale old size 409 with the size, 400, 403, 404, 422", async () => {
    await log.append(leaves(17, 3));
    const stale = await submit(log, 10);
    expect([stale.answer.status, stale.answer.type, stale.answer.text]).toEqual([409, "text/x.tlog.size", "17\n"]);
    const cp = await log.checkpoint();
    expect((await post(formatAddCheckpoint({ oldSize: cp.size + 1, proof: [], note: cp.note }))).status).toBe(400);
    const stranger = openLog("stranger.db", noteSigner(nodeCrypto, "witnessed.example/log", randomSeed()));
    await stranger.open();
    await stranger.append(leaves(0, 20));
    expect((await submit(stranger, 17)).answer.status).toBe(403);
    const other = openLog("other.db", noteSigner(nodeCrypto, "other.example/log", randomSeed()));
    await other.open();
    await other.append(leaves(0, 1));
    expect((await submit(other, 0)).answer.status).toBe(404);
    const wrongProof = await post(
      formatAddCheckpoint({ oldSize: 17, proof: await log.consistencyProof(10, cp.size), note: cp.note }),
    );
    expect(wrongProof.status).toBe(422);
    expect((await post("old 1\nnot base64\n\n")).status).toBe(400);
    expect((await submit(log, 17)).answer.status).toBe(200);
  });

  it("never cosigns a fork: the same key, another history after a common prefix", async () => {
    // The fork shares the first 17 leaves, then differs.
    await fork.append(leaves(0, 17));
    await fork.append(leaves(17, 5, "forked "));
    const atSame = await fork.checkpoint(); // size 22, unlike the log's
    const answer = await post(
      formatAddCheckpoint({ oldSize: 20, proof: await fork.consistencyProof(20, atSame.size), note: atSame.note }),
    );
    expect(answer.status).toBe(422);
    // The fork at the witness's own size with another root: a conflict, not a cosignature.
    const forkAt20 = openLog("fork20.db");
    await forkAt20.open();
    await forkAt20.append(leaves(0, 17));
    await forkAt20.append(leaves(17, 3, "forked "));
    const same = await forkAt20.checkpoint();
    expect((await post(formatAddCheckpoint({ oldSize: 20, proof: [], note: same.note }))).status).toBe(409);
    // The honest log still extends what was cosigned.
    await log.append(leaves(20, 1));
    expect((await submit(log, 20)).answer.status).toBe(200);
  });

  it("never lets a forked log publish: its publisher gets no quorum, while the honest log's does", async () => {
    const w2 = await startWitness({
      dataDir: join(dir, "w2"),
      name: "w2.example/witness",
      policy: join(dir, "policy.txt"),
      host: "127.0.0.1",
      port: 0,
    });
    try {
      const policy = parsePolicy(
        nodeCrypto,
        `log ${formatVerifierKey(signer)}\nwitness W1 ${witness.vkey} ${witness.base}\nwitness W2 ${w2.vkey} ${w2.base}\ngroup both all W1 W2\nquorum both\n`,
      );
      const honest = openLog("honest.db");
      const forked = openLog("forked.db");
      await honest.open();
      await forked.open();
      // The honest log is witnessed first; then a fork (same key, another history) asks for cosignatures.
      const origin = (await log.checkpoint()).size;
      await honest.append(leaves(0, origin));
      const report: string[] = [];
      const honestPublisher = new Publisher(honest, { policy, report: (l) => report.push(l) });
      // A copy of the log above (the same leaves, so the same tree): W1 knows it, W2 learns it.
      const first = await honestPublisher.publish();
      expect(first.published, report.join("\n")).toBe(true);
      expect(first.published && first.witnesses).toEqual(["W1", "W2"]);
      await forked.append(leaves(0, 5, "fork "));
      const forkPublisher = new Publisher(forked, { policy, report: (l) => report.push(l) });
      const outcome = await forkPublisher.publish();
      expect(outcome.published).toBe(false);
      expect(await forked.published()).toBeUndefined();
      expect(report.some((l) => /refused/.test(l))).toBe(true);
    } finally {
      await w2.close();
    }
  });

  it("lets exactly one of many concurrent submissions from one state advance it", async () => {
    const base = (await log.checkpoint()).size;
    const notes: { size: number; note: string; proof: Uint8Array[] }[] = [];
    for (let k = 1; k <= 8; k++) {
      await log.append(leaves(base + k - 1, 1));
      const cp = await log.checkpoint();
      notes.push({ size: cp.size, note: cp.note, proof: await log.consistencyProof(base, cp.size) });
    }
    const answers = await Promise.all(
      notes.map((n) => post(formatAddCheckpoint({ oldSize: base, proof: n.proof, note: n.note }))),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(7);
  });
});
