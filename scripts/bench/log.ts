// Log benchmarks: durable appends vs raw SQLite inserts of the same rows, inclusion proofs at 1M
// leaves, opening a large log, and a full audit re-hash vs the raw SHA-256 rate.
import { join } from "node:path";
import { randomSeed } from "../../src/core/crypto.js";
import { CompactRange } from "../../src/core/merkle/compact.js";
import { treeHasher } from "../../src/core/merkle/hash.js";
import { inclusionPlan, planNodes } from "../../src/core/merkle/proof.js";
import { noteSigner } from "../../src/core/note.js";
import { TransparencyLog } from "../../src/log/transparency-log.js";
import { openAuditPool } from "../../src/runtime/node/audit-pool.js";
import { nodeCrypto } from "../../src/runtime/node/crypto.js";
import { openDatabase } from "../../src/store/sqlite/database.js";
import { SqliteLogStore } from "../../src/store/sqlite/log-store.js";
import { fmt, line, rate, section, time, verdict, withScratch } from "./report.js";

const LEAF_BYTES = 160; // about the size of a signed custody event
const BATCH = 1000;

function leaf(i: number): Uint8Array {
  const out = new Uint8Array(LEAF_BYTES);
  new DataView(out.buffer).setFloat64(0, i);
  out.fill(i & 255, 8);
  return out;
}

export async function benchLog(totalLeaves: number): Promise<void> {
  await withScratch(async (dir) => {
    const signer = noteSigner(nodeCrypto, "bench.example/log", randomSeed());
    const hasher = treeHasher(nodeCrypto.sha256);

    section(`Log: durable appends (WAL, synchronous=FULL, batches of ${BATCH}, ${LEAF_BYTES}-byte leaves)`);
    const measured = 100 * BATCH;
    // Baseline: the same leaf and node rows into identical tables, same pragmas, same batches.
    const rawDb = openDatabase(join(dir, "raw.db"));
    const rows: { leaves: Uint8Array[]; nodes: { level: number; index: number; hash: Uint8Array }[] }[] = [];
    const range = CompactRange.empty(hasher);
    for (let b = 0; b < measured / BATCH; b++) {
      const leaves = Array.from({ length: BATCH }, (_, k) => leaf(b * BATCH + k));
      const nodes: { level: number; index: number; hash: Uint8Array }[] = [];
      for (const l of leaves) range.append(hasher.hashLeaf(l), (n) => nodes.push(n));
      rows.push({ leaves, nodes });
    }
    const insLeaf = rawDb.prepare("INSERT INTO log_leaves (idx, data) VALUES (?, ?)");
    const insNode = rawDb.prepare("INSERT INTO log_nodes (level, idx, hash) VALUES (?, ?, ?)");
    const rawBatch = rawDb.transaction((b: number) => {
      const r = rows[b] as (typeof rows)[number];
      for (const [k, l] of r.leaves.entries()) insLeaf.run(b * BATCH + k, l);
      for (const n of r.nodes) insNode.run(n.level, n.index, n.hash);
    });
    const [, rawMs] = time(() => {
      for (let b = 0; b < rows.length; b++) rawBatch.immediate(b);
    });
    rawDb.close();

    const db = openDatabase(join(dir, "log.db"));
    const store = new SqliteLogStore(db, nodeCrypto);
    const log = await new TransparencyLog(store, nodeCrypto, signer).open();
    const batches = rows.map((r) => r.leaves);
    const start = performance.now();
    for (const leaves of batches) await log.append(leaves);
    const logMs = performance.now() - start;
    const logRate = rate(measured, logMs);
    const rawRate = rate(measured, rawMs);
    line("raw SQLite inserts of the same rows", `${fmt(rawRate)} /s`, "(baseline)");
    line(
      "log appends (hash, nodes, head, checkpoint)",
      `${fmt(logRate)} /s`,
      `${fmt(logRate / rawRate, 2)} × baseline`,
    );

    // Fill to the proof-size target with larger batches (not measured).
    for (let at = measured; at < totalLeaves; at += 10_000) {
      const n = Math.min(10_000, totalLeaves - at);
      await log.append(Array.from({ length: n }, (_, k) => leaf(at + k)));
    }
    db.close();

    section(`Log: proofs at ${fmt(totalLeaves)} leaves`);
    const [reopened, openMs] = time(() => {
      const d = openDatabase(join(dir, "log.db"));
      const s = new SqliteLogStore(d, nodeCrypto);
      return { d, s, head: s.headSync() };
    });
    line("open database and read tree head", `${fmt(openMs, 2)} ms`, "(no rebuild: O(1) at any size)");
    const log2 = new TransparencyLog(reopened.s, nodeCrypto, signer);
    const size = reopened.head.size;
    const samples = 20_000;
    const indices = Array.from({ length: samples }, () => Math.floor(Math.random() * size));
    let reads = 0;
    let fromDisk = 0;
    for (const i of indices.slice(0, 1000)) {
      const nodes = planNodes(inclusionPlan(i, size));
      reads += nodes.length;
      fromDisk += nodes.filter((n) => n.level < 8).length; // levels ≥ 8 stay in memory once read
    }
    for (const i of indices.slice(0, 500)) await log2.inclusionProof(i, size); // warm-up
    const t0 = performance.now();
    for (const i of indices) await log2.inclusionProof(i, size);
    const perProof = ((performance.now() - t0) * 1000) / samples;
    line(
      "inclusion proof (random leaf)",
      `${fmt(perProof, 1)} µs`,
      `${fmt(reads / 1000, 1)} nodes/proof, ${fmt(fromDisk / 1000, 1)} from disk; ${verdict(perProof <= 200, "≤ 200 µs")}`,
    );
    const t1 = performance.now();
    for (const i of indices.slice(0, 5000)) await log2.consistencyProof(Math.max(1, i), size);
    line("consistency proof (random old size)", `${fmt(((performance.now() - t1) * 1000) / 5000, 1)} µs`);

    section(`Log: audit (replay every leaf, re-hash the tree, check every checkpoint)`);
    const sample = leaf(0);
    const hashes = 1_000_000;
    const [, shaMs] = time(() => {
      for (let i = 0; i < hashes; i++) nodeCrypto.sha256(sample);
    });
    const shaRate = rate(hashes, shaMs);
    line(`raw SHA-256 of ${LEAF_BYTES}-byte inputs, one thread`, `${fmt(shaRate)} /s`, "(baseline)");
    const serialStart = performance.now();
    await log2.audit();
    const serialRate = rate(size, performance.now() - serialStart);
    line("audit, one thread", `${fmt(serialRate)} /s`, `${fmt(serialRate / shaRate, 2)} × baseline`);
    const pool = openAuditPool(join(dir, "log.db"), 2);
    await Promise.all(Array.from({ length: pool.size }, () => pool.summarize(0, 1, []))); // start-up, not measured
    const auditStart = performance.now();
    const report = await log2.audit({ summarize: pool.summarize, concurrency: pool.size * 2 });
    const auditRate = rate(report.size, performance.now() - auditStart);
    await pool.close();
    line(
      `audit, ${pool.size} worker threads`,
      `${fmt(auditRate)} /s`,
      `${fmt(auditRate / shaRate, 2)} × baseline; ${verdict(auditRate >= 300_000, "≥ 300k/s")}`,
    );
    reopened.d.close();
  });
}
