// The transparency log on a real SQLite file: roots and proofs against the RFC reference tree,
// O(log n) reads per proof, atomic appends, reopening without a rebuild, checkpoints and audit.
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { toHex } from "../src/core/bytes.js";
import { parseCheckpoint } from "../src/core/checkpoint.js";
import { randomSeed } from "../src/core/crypto.js";
import type { NodeId } from "../src/core/merkle/range.js";
import { noteSigner, openNote } from "../src/core/note.js";
import { verifyConsistency, verifyInclusion } from "../src/index.js";
import { LogError } from "../src/log/errors.js";
import { TransparencyLog } from "../src/log/transparency-log.js";
import { openAuditPool } from "../src/runtime/node/audit-pool.js";
import { nodeCrypto } from "../src/runtime/node/crypto.js";
import { openDatabase, type SqliteDatabase } from "../src/store/sqlite/database.js";
import { SqliteLogStore } from "../src/store/sqlite/log-store.js";
import { makeLeaves, refConsistency, refPath, refRoot } from "./support/reference-tree.js";
import { tempDir } from "./support/temp.js";

const dir = tempDir();
const signer = noteSigner(nodeCrypto, "test.example/log", randomSeed());
const N = 700;
const leaves = makeLeaves(N, 7);

function open(file: string): { db: SqliteDatabase; store: SqliteLogStore; log: TransparencyLog } {
  const db = openDatabase(join(dir, file));
  const store = new SqliteLogStore(db, nodeCrypto);
  return { db, store, log: new TransparencyLog(store, nodeCrypto, signer) };
}

describe("SQLite log", () => {
  const { db, store, log } = open("main.db");
  const heads: { size: number; root: string; note: string }[] = [];

  beforeAll(async () => {
    await log.open();
    let at = 0;
    let batch = 1;
    while (at < N) {
      const k = Math.min(batch, N - at);
      const result = await log.append(leaves.slice(at, at + k));
      expect(result.firstIndex).toBe(at);
      at += k;
      const cp = await log.checkpoint();
      heads.push({ size: at, root: toHex(result.root), note: cp.note });
      batch = (batch * 3 + 1) % 97;
    }
  });

  it("keeps the RFC 9162 root after every batch", () => {
    for (const h of heads) expect(h.root, `size ${h.size}`).toBe(toHex(refRoot(leaves.slice(0, h.size))));
  });

  it("signs a checkpoint for every head, each an append-only extension of the last", async () => {
    for (const [i, h] of heads.entries()) {
      const text = openNote(nodeCrypto, h.note, [signer]).text;
      const cp = parseCheckpoint(text);
      expect(cp.size).toBe(h.size);
      expect(toHex(cp.root)).toBe(h.root);
      const prev = heads[i - 1];
      if (prev) {
        const proof = await log.consistencyProof(prev.size, h.size);
        expect(
          verifyConsistency(
            prev.size,
            h.size,
            proof,
            parseCheckpoint(openNote(nodeCrypto, prev.note, [signer]).text).root,
            cp.root,
          ),
        ).toBe(true);
      }
    }
  });

  it("serves proofs equal to the reference, reading O(log n) nodes", async () => {
    let maxReads = 0;
    const counting = new Proxy(store, {
      get(target, prop) {
        if (prop === "nodes") {
          return async (ids: readonly NodeId[]) => {
            maxReads = Math.max(maxReads, ids.length);
            return target.nodes(ids);
          };
        }
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const countingLog = new TransparencyLog(counting, nodeCrypto, signer);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: N }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.constant(n))),
        async ([m, n]) => {
          const proof = await countingLog.inclusionProof(m, n);
          expect(proof.map(toHex)).toEqual(refPath(m, leaves.slice(0, n)).map(toHex));
          expect(
            verifyInclusion(
              nodeCrypto.sha256(Uint8Array.of(0, ...(leaves[m] as Uint8Array))),
              m,
              n,
              proof,
              refRoot(leaves.slice(0, n)),
            ),
          ).toBe(true);
          if (m > 0) {
            const cproof = await countingLog.consistencyProof(m, n);
            expect(cproof.map(toHex)).toEqual(refConsistency(m, leaves.slice(0, n)).map(toHex));
          }
        },
      ),
      { numRuns: 150 },
    );
    // log2(700) < 10: a proof needs at most ~2·log2(n) stored nodes.
    expect(maxReads).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(N)));
  });

  it("audits: replays every leaf against the head and every checkpoint", async () => {
    const report = await log.audit({ pageSize: 64 });
    expect(report.size).toBe(N);
    expect(report.checkpointsChecked).toBe(heads.length);
  });

  it("audits in parallel worker threads with the same result", async () => {
    const pool = openAuditPool(join(dir, "main.db"), 2);
    try {
      const report = await log.audit({ pageSize: 32, summarize: pool.summarize, concurrency: 4 });
      expect(report).toEqual(await log.audit({ pageSize: 128 }));
      expect(report.checkpointsChecked).toBe(heads.length);
    } finally {
      await pool.close();
    }
  });

  it("detects a leaf rewritten behind the log's back, serially and in parallel", async () => {
    const { db: db2, log: log2 } = open("tamper.db");
    await log2.append(leaves.slice(0, 50));
    await log2.append(leaves.slice(50, 90));
    db2.prepare("UPDATE log_leaves SET data = ? WHERE idx = 17").run(Buffer.from("forged"));
    await expect(log2.audit()).rejects.toThrow(LogError);
    const pool = openAuditPool(join(dir, "tamper.db"), 2);
    try {
      await expect(log2.audit({ pageSize: 16, summarize: pool.summarize, concurrency: 4 })).rejects.toThrow(
        /checkpoint at size 50/,
      );
    } finally {
      await pool.close();
    }
    db2.close();
  });

  it("rolls back a failed append completely", async () => {
    const { db: db3, store: store3 } = open("atomic.db");
    await store3.appendLeaves(leaves.slice(0, 5));
    const before = {
      head: store3.headSync(),
      leaves: db3.prepare("SELECT count(*) FROM log_leaves").pluck().get(),
      nodes: db3.prepare("SELECT count(*) FROM log_nodes").pluck().get(),
    };
    // Fail the write of the first level-3 node, after leaves and lower nodes were inserted.
    db3.exec(
      "CREATE TRIGGER fail BEFORE INSERT ON log_nodes WHEN NEW.level = 3 BEGIN SELECT RAISE(ABORT, 'injected'); END",
    );
    await expect(store3.appendLeaves(leaves.slice(5, 20))).rejects.toThrow(/injected/);
    expect({
      head: store3.headSync(),
      leaves: db3.prepare("SELECT count(*) FROM log_leaves").pluck().get(),
      nodes: db3.prepare("SELECT count(*) FROM log_nodes").pluck().get(),
    }).toEqual(before);
    db3.exec("DROP TRIGGER fail");
    await store3.appendLeaves(leaves.slice(5, 20));
    expect(toHex(store3.headSync().root)).toBe(toHex(refRoot(leaves.slice(0, 20))));
    db3.close();
  });

  it("reopens without rebuilding and keeps appending", async () => {
    db.close();
    const again = open("main.db");
    expect(again.store.headSync().size).toBe(N);
    await again.log.append(makeLeaves(3, 99));
    const all = [...leaves, ...makeLeaves(3, 99)];
    expect(toHex(again.store.headSync().root)).toBe(toHex(refRoot(all)));
    expect((await again.log.checkpoint()).size).toBe(N + 3);
    again.db.close();
  });

  it("refuses to open a database created for another log origin", async () => {
    const other = open("origin.db");
    await other.log.open();
    const foreign = new TransparencyLog(
      other.store,
      nodeCrypto,
      noteSigner(nodeCrypto, "other.example/log", randomSeed()),
    );
    await expect(foreign.open()).rejects.toThrow(/belongs to log/);
    other.db.close();
  });
});
