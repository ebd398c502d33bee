// A witness (C2SP tlog-witness): takes add-checkpoint requests for the logs it follows, and
// cosigns (tlog-cosignature/v1) a checkpoint only if it extends the one it last cosigned,
// deciding and recording in one transaction. A refused request the log did sign is kept: it may
// be the proof of a split view.
import { cosign } from "../core/cosignature.js";
import type { Crypto } from "../core/crypto.js";
import type { NoteSigner, NoteVerifier } from "../core/note.js";
import { decideAddCheckpoint, openSubmission, parseAddCheckpoint, type WitnessDecision } from "../core/witness.js";
import type { WitnessStore } from "../store/witness-store.js";

export interface WitnessAnswer {
  readonly status: 200 | 400 | 403 | 404 | 409 | 422;
  readonly body: string;
  readonly contentType: string;
}

export class Witness {
  constructor(
    private readonly crypto: Crypto,
    private readonly store: WitnessStore,
    private readonly signer: NoteSigner,
    /** The logs followed: origin → its keys. */
    readonly logs: ReadonlyMap<string, readonly NoteVerifier[]>,
    private readonly now: () => number = Date.now,
  ) {}

  addCheckpoint(body: string): WitnessAnswer {
    const req = parseAddCheckpoint(body);
    if (!req) return { status: 400, body: "not an add-checkpoint request (tlog-witness)\n", contentType: "text/plain" };
    const opened = openSubmission(this.crypto, this.logs, req.note);
    if (!opened.ok) return { status: opened.status, body: `${opened.detail}\n`, contentType: "text/plain" };
    const origin = opened.checkpoint.origin;
    // Decided and recorded in one transaction: no two requests advance from one state.
    const decision = this.store.advance<WitnessDecision>(origin, (latest) => {
      const d = decideAddCheckpoint(this.crypto, latest, req, opened);
      return d.ok
        ? { next: { size: d.checkpoint.size, root: d.checkpoint.root, note: req.note }, result: d }
        : { result: d };
    });
    if (decision.ok) {
      const time = Math.floor(this.now() / 1000);
      return {
        status: 200,
        body: cosign(this.crypto, this.signer, decision.body, time),
        contentType: "text/plain; charset=utf-8",
      };
    }
    // Signed by the log but refused (a fork, a rollback, a bad proof): kept as evidence.
    if (decision.status === 409 || decision.status === 422)
      this.store.keepEvidence(origin, decision.status, body, this.now());
    if (decision.status === 409 && decision.size !== undefined) {
      return { status: 409, body: `${decision.size}\n`, contentType: "text/x.tlog.size" };
    }
    return { status: decision.status, body: `${decision.detail}\n`, contentType: "text/plain" };
  }
}
