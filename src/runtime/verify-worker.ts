// Worker thread for the verify pool: strict Ed25519 verification of a slice of a batch.
import { parentPort } from "node:worker_threads";
import { nodeCrypto } from "./node-crypto.js";

export interface VerifyRequest {
  readonly id: number;
  readonly signatures: readonly Uint8Array[];
  readonly messages: readonly Uint8Array[];
  readonly publicKeys: readonly Uint8Array[];
}

parentPort?.on("message", (req: VerifyRequest) => {
  const ok = req.signatures.map((sig, i) =>
    nodeCrypto.ed25519.verify(sig, req.messages[i] as Uint8Array, req.publicKeys[i] as Uint8Array),
  );
  parentPort?.postMessage({ id: req.id, ok });
});
