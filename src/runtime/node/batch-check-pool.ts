// Batch bodies checked on worker threads: JSON.parse and zod over a batch of 10,000 items take a
// few hundred milliseconds, which the main thread, serving every other request meanwhile, cannot
// spare. What comes back is a short problem, or the items' JSON in slices that the main thread
// turns into the body a slice at a time. Small bodies are checked inline, where the round trip
// would cost more than it saves.
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { type BatchCheck, type BatchKind, type BatchOutcome, checkBatchBody } from "../../http/batch-body.js";
import type { BatchCheckReply, BatchCheckRequest } from "./batch-check-thread.js";
import { startThread } from "./thread.js";

const INLINE_BELOW = 64 * 1024;

export interface BatchCheckPool {
  readonly check: BatchCheck;
  close(): Promise<void>;
}

/** Workers start when a large body finds none idle; one that dies is replaced. */
export function openBatchCheckPool(threads = Math.min(2, availableParallelism())): BatchCheckPool {
  const waiting = new Map<number, { worker: Worker; settle: (reply: BatchCheckReply) => void }>();
  const workers: (Worker | undefined)[] = Array.from({ length: Math.max(1, threads) }, () => undefined);
  let closed = false;

  const start = (slot: number): Worker => {
    const w = startThread(import.meta.url, "batch-check-thread");
    w.unref();
    w.on("message", (reply: BatchCheckReply) => {
      waiting.get(reply.id)?.settle(reply);
      waiting.delete(reply.id);
    });
    const fail = (reason: string) => {
      if (workers[slot] === w) workers[slot] = undefined;
      for (const [id, p] of waiting) {
        if (p.worker !== w) continue;
        p.settle({ id, error: reason });
        waiting.delete(id);
      }
    };
    w.on("error", (err) => fail(err.message));
    w.on("exit", (code) => fail(`batch check worker exited (${code})`));
    return w;
  };

  /** A started worker with nothing to do, else a new one while there is room, else the least busy. */
  const pick = (): Worker => {
    const busy = new Map<Worker, number>();
    for (const p of waiting.values()) busy.set(p.worker, (busy.get(p.worker) ?? 0) + 1);
    const started = workers.filter((w): w is Worker => w !== undefined);
    const idle = started.find((w) => !busy.has(w));
    if (idle) return idle;
    const free = workers.indexOf(undefined);
    if (free !== -1) {
      const fresh = start(free);
      workers[free] = fresh;
      return fresh;
    }
    return started.reduce((a, b) => ((busy.get(a) ?? 0) <= (busy.get(b) ?? 0) ? a : b));
  };

  let nextId = 0;
  const check: BatchCheck = <K extends BatchKind>(kind: K, bytes: Uint8Array) => {
    if (bytes.length < INLINE_BELOW || closed) return checkBatchBody(kind, bytes);
    const id = nextId++;
    const worker = pick();
    return new Promise<BatchOutcome<K>>((resolve, reject) => {
      waiting.set(id, {
        worker,
        settle: (reply) =>
          "error" in reply ? reject(new Error(reply.error)) : resolve(reply.outcome as BatchOutcome<K>),
      });
      // Moved (not cloned) to the worker: the body's own buffer, or a copy if it is a view of more.
      const whole = bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0;
      const own = whole && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
      const req: BatchCheckRequest = { id, kind, bytes: own };
      worker.postMessage(req, [own.buffer as ArrayBuffer]);
    });
  };

  return {
    check,
    close: async () => {
      closed = true;
      await Promise.all(workers.map((w) => w?.terminate()));
    },
  };
}
