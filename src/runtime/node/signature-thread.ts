// Worker thread for the verify pool: strict Ed25519 verification of a slice of a batch.
import { parentPort } from "node:worker_threads";
import { nodeCrypto } from "./crypto.js";

export interface SignatureRequest {
  readonly id: number;
  /** Each check's signature, public key and message, back to back: one buffer moves, 30,000 would be cloned. */
  readonly bytes: Uint8Array;
  /** Per check, where its signature, public key and message end in `bytes`. */
  readonly ends: Uint32Array;
}

parentPort?.on("message", (req: SignatureRequest) => {
  const { bytes, ends } = req;
  const ok: boolean[] = [];
  for (let i = 0, at = 0; i < ends.length; i += 3) {
    const [sig, key, msg] = [ends[i] as number, ends[i + 1] as number, ends[i + 2] as number];
    ok.push(nodeCrypto.ed25519.verify(bytes.subarray(at, sig), bytes.subarray(key, msg), bytes.subarray(sig, key)));
    at = msg;
  }
  parentPort?.postMessage({ id: req.id, ok });
});
