// Crash safety: a child process appends batches and reports each acknowledged append; it is
// killed with SIGKILL at random moments, many times. After every kill the stored tree must equal
// the tree recomputed from the stored leaves, and every acknowledged leaf must be there.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { toHex } from "../src/core/bytes.js";
import { CompactRange } from "../src/core/merkle/compact.js";
import { treeHasher } from "../src/core/merkle/hash.js";
import { nodeKey } from "../src/core/merkle/proof.js";
import { nodeCrypto } from "../src/runtime/node/crypto.js";
import { openDatabase } from "../src/store/sqlite/database.js";
import { crashLeaf } from "./support/crash-child.js";
import { tempDir } from "./support/temp.js";

const KILLS = 20;
const child = fileURLToPath(new URL("./support/crash-child.ts", import.meta.url));
const hasher = treeHasher(nodeCrypto.sha256);

function runUntilKilled(dir: string, delayMs: number): Promise<{ acked: number; acks: number }> {
  return new Promise((resolve, reject) => {
    const proc: ChildProcess = spawn(process.execPath, ["--import", "tsx", child, dir], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let buffer = "";
    let acked = 0;
    let acks = 0;
    proc.stdout?.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl = buffer.indexOf("\n");
      while (nl >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line === "ready") setTimeout(() => proc.kill("SIGKILL"), delayMs);
        const m = /^ack (\d+) (\d+)$/.exec(line);
        if (m) {
          acked = Math.max(acked, Number(m[1]) + Number(m[2]));
          acks++;
        }
        nl = buffer.indexOf("\n");
      }
    });
    proc.on("error", reject);
    proc.on("exit", (_code, signal) =>
      signal === "SIGKILL" ? resolve({ acked, acks }) : reject(new Error(`child exited ${_code}`)),
    );
  });
}

/** Recomputes every complete node and the root from the stored leaves and compares with storage. */
function checkStoredTree(dir: string, acked: number): number {
  const db = openDatabase(join(dir, "crash.db"));
  try {
    const head = db.prepare("SELECT size, root FROM log_state").get() as { size: number; root: Uint8Array };
    expect(head.size).toBeGreaterThanOrEqual(acked);
    const stored = new Map<string, string>();
    for (const row of db.prepare("SELECT level, idx, hash FROM log_nodes").iterate() as Iterable<{
      level: number;
      idx: number;
      hash: Uint8Array;
    }>) {
      stored.set(nodeKey({ level: row.level, index: row.idx }), toHex(row.hash));
    }
    const range = CompactRange.empty(hasher);
    const problems: string[] = [];
    let i = 0;
    for (const leaf of db.prepare("SELECT idx, data FROM log_leaves ORDER BY idx").iterate() as Iterable<{
      idx: number;
      data: Uint8Array;
    }>) {
      if (leaf.idx !== i || toHex(leaf.data) !== toHex(crashLeaf(i))) problems.push(`leaf ${i}`);
      range.append(hasher.hashLeaf(leaf.data), (node) => {
        if (stored.get(nodeKey(node)) !== toHex(node.hash)) problems.push(`node ${nodeKey(node)}`);
        stored.delete(nodeKey(node));
      });
      i++;
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(i).toBe(head.size);
    expect(stored.size, "nodes beyond the stored leaves").toBe(0);
    expect(toHex(range.root())).toBe(toHex(head.root));
    return head.size;
  } finally {
    db.close();
  }
}

describe("crash safety under SIGKILL", () => {
  it(`keeps every acknowledged append across ${KILLS} kills`, async () => {
    const dir = tempDir("tagtrail-crash-");
    let totalAcks = 0;
    let size = 0;
    for (let k = 0; k < KILLS; k++) {
      const { acked, acks } = await runUntilKilled(dir, 20 + Math.floor(Math.random() * 250));
      totalAcks += acks;
      size = checkStoredTree(dir, acked);
    }
    console.log(`crash test: ${KILLS} kills, ${totalAcks} acknowledged appends, ${size} leaves`);
    expect(totalAcks).toBeGreaterThan(KILLS);
    expect(size).toBeGreaterThan(0);
  }, 180_000);
});
