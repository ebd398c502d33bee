// Starts the writer thread (./commit-worker.ts) and sends it commits: the Node runtime's
// sequencer. Replies come back in order; a thread that dies fails what was waiting on it.
import type { Worker } from "node:worker_threads";
import type {
  DomainWrite,
  ReportLimits,
  ReportRow,
  ScanCount,
  ScanWrites,
  TapCount,
} from "../../store/domain-store.js";
import type { CommitOutcome } from "../../store/sequenced-store.js";
import { startThread } from "./thread.js";
import type { WriterData, WriterReply, WriterRequest } from "./writer-thread.js";

export interface Writer extends ScanWrites {
  commit(writes: readonly DomainWrite[], loggedAt: number): Promise<CommitOutcome>;
  close(): Promise<void>;
}

type Request = WriterRequest extends infer R ? (R extends WriterRequest ? Omit<R, "id"> : never) : never;

/**
 * Starts the writer thread. `onFailure` hears of a thread that died while open (not closed): no
 * write can succeed after that, and one may have committed without its answer, so the process
 * should end and be restarted rather than serve on with a read side it cannot trust.
 */
export function openWriter(data: WriterData, onFailure: (err: Error) => void = () => {}): Writer {
  const worker: Worker = startThread(import.meta.url, "writer-thread", { workerData: data });
  const waiting = new Map<number, { resolve: (o: unknown) => void; reject: (e: Error) => void }>();
  let failed: Error | undefined;
  let closing = false;
  const failAll = (err: Error) => {
    if (failed) return;
    failed = err;
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
    if (!closing) onFailure(err);
  };
  worker.on("message", (reply: WriterReply) => {
    const w = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (!w) return;
    if ("error" in reply) w.reject(new Error(`write failed in the writer thread: ${reply.error}`));
    else w.resolve(reply.outcome);
  });
  worker.on("error", (err) => failAll(err));
  worker.on("exit", (code) => failAll(new Error(`the writer thread exited (${code})`)));
  let next = 0;
  const send = <T>(req: Request): Promise<T> => {
    if (failed) return Promise.reject(failed);
    return new Promise<T>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve: resolve as (o: unknown) => void, reject });
      worker.postMessage({ ...req, id } as WriterRequest);
    });
  };
  return {
    commit: (writes, loggedAt) => send<CommitOutcome>({ kind: "commit", writes, loggedAt }),
    addScans: (counts: readonly ScanCount[]) => send<void>({ kind: "add-scans", counts }),
    purgeScans: (beforeDay: string) => send<number>({ kind: "purge-scans", beforeDay }),
    addReport: (report: ReportRow, limits: ReportLimits) => send<boolean>({ kind: "add-report", report, limits }),
    advanceTap: (tagId: number, counter: number, day: string) =>
      send<TapCount>({ kind: "advance-tap", tagId, counter, day }),
    async close() {
      closing = true;
      await worker.terminate();
    },
  };
}
