// A pool of worker threads that summarise audit pages in parallel, one SQLite reader each: the
// Node adapter's PageSummarizer. WAL mode lets the readers run beside the writer.
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import type { PageSummary } from "../../core/merkle/compact.js";
import type { PageRequest } from "./audit-thread.js";
import { startThread } from "./thread.js";

export interface AuditPool {
  readonly size: number;
  summarize(start: number, end: number, sizes: readonly number[]): Promise<PageSummary>;
  close(): Promise<void>;
}

function startWorker(path: string): Worker {
  // A larger young generation: a page's leaves stay alive while it is hashed, and every scavenge
  // of a small nursery would copy them again.
  return startThread(import.meta.url, "audit-thread", {
    workerData: { path },
    resourceLimits: { maxYoungGenerationSizeMb: 64 },
  });
}

export function openAuditPool(path: string, threads = availableParallelism()): AuditPool {
  const workers = Array.from({ length: Math.max(1, threads) }, () => startWorker(path));
  const waiting = new Map<number, { resolve: (s: PageSummary) => void; reject: (e: Error) => void }>();
  for (const w of workers) {
    w.on("message", (msg: { id: number; summary?: PageSummary; error?: string }) => {
      const p = waiting.get(msg.id);
      waiting.delete(msg.id);
      if (msg.summary) p?.resolve(msg.summary);
      else p?.reject(new Error(msg.error ?? "audit worker failed"));
    });
    w.on("error", (err) => {
      for (const p of waiting.values()) p.reject(err);
      waiting.clear();
    });
  }
  let nextId = 0;
  return {
    size: workers.length,
    summarize(start, end, sizes) {
      const id = nextId++;
      const worker = workers[id % workers.length] as Worker;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        const req: PageRequest = { id, start, end, sizes: [...sizes] };
        worker.postMessage(req);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
