// Parallel signature verification for ingest: a batch's Ed25519 checks are split across worker
// threads, one per core, so a batch of 1,000 events is verified on every core at once. Small
// batches are verified inline, where a round trip to a worker would cost more than it saves.
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import type { CheckSignatures, SignatureCheck } from "../../service/context.js";
import { nodeCrypto } from "./crypto.js";
import type { SignatureRequest } from "./signature-thread.js";
import { startThread } from "./thread.js";

const INLINE_BELOW = 32;

/** The checks in one buffer (see SignatureRequest): posting 10,000 checks as 30,000 arrays held the event loop ~15 ms. */
function pack(id: number, checks: readonly SignatureCheck[]): SignatureRequest {
  let size = 0;
  for (const c of checks) size += c.signature.length + c.publicKey.length + c.message.length;
  const bytes = new Uint8Array(size);
  const ends = new Uint32Array(3 * checks.length);
  let at = 0;
  for (const [i, c] of checks.entries()) {
    for (const [j, part] of [c.signature, c.publicKey, c.message].entries()) {
      bytes.set(part, at);
      at += part.length;
      ends[3 * i + j] = at;
    }
  }
  return { id, bytes, ends };
}

export interface SignaturePool {
  readonly checkSignatures: CheckSignatures;
  close(): Promise<void>;
}

/** Workers start on the first batch large enough to need them. */
export function openSignaturePool(threads = availableParallelism()): SignaturePool {
  const waiting = new Map<number, { resolve: (ok: boolean[]) => void; reject: (err: Error) => void }>();
  let started: Worker[] | undefined;
  const pool = (): Worker[] => {
    started ??= Array.from({ length: Math.max(1, threads) }, () => {
      const w = startThread(import.meta.url, "signature-thread");
      w.unref();
      w.on("message", (msg: { id: number; ok: boolean[] }) => {
        waiting.get(msg.id)?.resolve(msg.ok);
        waiting.delete(msg.id);
      });
      w.on("error", (err) => {
        for (const p of waiting.values()) p.reject(err);
        waiting.clear();
      });
      return w;
    });
    return started;
  };
  let nextId = 0;
  const run = (worker: Worker, checks: readonly SignatureCheck[]): Promise<boolean[]> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      const req = pack(id, checks);
      worker.postMessage(req, [req.bytes.buffer as ArrayBuffer, req.ends.buffer as ArrayBuffer]);
    });
  const checkSignatures: CheckSignatures = async (checks) => {
    if (checks.length < INLINE_BELOW)
      return checks.map((c) => nodeCrypto.ed25519.verify(c.signature, c.message, c.publicKey));
    const workers = pool();
    const slice = Math.ceil(checks.length / workers.length);
    const parts = await Promise.all(workers.map((w, i) => run(w, checks.slice(i * slice, (i + 1) * slice))));
    return parts.flat();
  };
  return { checkSignatures, close: async () => void (await Promise.all((started ?? []).map((w) => w.terminate()))) };
}
