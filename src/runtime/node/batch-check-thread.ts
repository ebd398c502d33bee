// Worker thread for the batch check pool: the same check as inline (http/batch-body.ts), without
// yields (nothing else runs on this thread), answering with the items' JSON in slices.
import { parentPort } from "node:worker_threads";
import { type BatchKind, type BatchOutcome, checkBatchSlices } from "../../http/batch-body.js";

export interface BatchCheckRequest {
  readonly id: number;
  readonly kind: BatchKind;
  readonly bytes: Uint8Array;
}

export type BatchCheckReply =
  | { readonly id: number; readonly outcome: BatchOutcome<BatchKind> }
  | { readonly id: number; readonly error: string };

parentPort?.on("message", (req: BatchCheckRequest) => {
  checkBatchSlices(req.kind, req.bytes).then(
    (outcome) => parentPort?.postMessage({ id: req.id, outcome } satisfies BatchCheckReply),
    (err: unknown) =>
      parentPort?.postMessage({
        id: req.id,
        error: err instanceof Error ? err.message : String(err),
      } satisfies BatchCheckReply),
  );
});
