// Worker thread for parallel audits: reads pages of leaves from its own read-only connection to
// the log's SQLite file and re-hashes them with the core's summarizePage.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import { summarizePage } from "../../core/merkle/compact.js";
import { treeHasher } from "../../core/merkle/hash.js";
import { nodeCrypto } from "./crypto.js";

export interface PageRequest {
  readonly id: number;
  readonly start: number;
  readonly end: number;
  readonly sizes: readonly number[];
}

const db = new Database(workerData.path as string, { readonly: true, fileMustExist: true });
db.pragma("mmap_size = 1073741824"); // sequential scans read straight from the page cache
const read = db
  .prepare<[number, number], Uint8Array>("SELECT data FROM log_leaves WHERE idx >= ? ORDER BY idx LIMIT ?")
  .pluck();
const hasher = treeHasher(nodeCrypto.sha256);

parentPort?.on("message", (req: PageRequest) => {
  try {
    const summary = summarizePage(hasher, req.start, read.all(req.start, req.end - req.start), req.sizes);
    parentPort?.postMessage({ id: req.id, summary });
  } catch (err) {
    parentPort?.postMessage({ id: req.id, error: err instanceof Error ? err.message : String(err) });
  }
});
