// Child process for the crash test: appends batches to the log in a data directory forever,
// printing "ack <firstIndex> <count>" after each append returns. Leaf i's bytes are a pure
// function of i, so the parent can check every acknowledged leaf after a SIGKILL.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomSeed } from "../../src/core/crypto.js";
import { noteSigner } from "../../src/core/note.js";
import { TransparencyLog } from "../../src/log/transparency-log.js";
import { nodeCrypto } from "../../src/runtime/node/crypto.js";
import { openDatabase } from "../../src/store/sqlite/database.js";
import { SqliteLogStore } from "../../src/store/sqlite/log-store.js";

export function crashLeaf(i: number): Uint8Array {
  return new TextEncoder().encode(`crash-test leaf ${i} ${"#".repeat(i % 50)}`);
}

async function main(): Promise<void> {
  const dir = process.argv[2] as string;
  const db = openDatabase(join(dir, "crash.db"));
  const store = new SqliteLogStore(db, nodeCrypto);
  // The same log key across restarts: the log re-derives its tree against its own last checkpoint.
  const seedFile = join(dir, "log.seed");
  if (!existsSync(seedFile)) writeFileSync(seedFile, randomSeed());
  const seed = new Uint8Array(readFileSync(seedFile));
  const log = await new TransparencyLog(store, nodeCrypto, noteSigner(nodeCrypto, "crash.example/log", seed)).open();
  process.stdout.write("ready\n");
  for (let batch = 0; ; batch++) {
    const size = store.headSync().size;
    const count = 1 + ((batch * 37 + size) % 64);
    const leaves = Array.from({ length: count }, (_, k) => crashLeaf(size + k));
    const result = await log.append(leaves);
    process.stdout.write(`ack ${result.firstIndex} ${count}\n`);
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop() as string)) void main();
