// C2SP tlog-witness (https://c2sp.org/tlog-witness): the add-checkpoint request a log sends to a
// witness (old size, consistency proof, the signed checkpoint), and the witness's decision, pure:
// given the logs it follows and the latest checkpoint it cosigned for the origin, whether to
// cosign, and if not, which of the spec's statuses to answer. The witness service persists the new
// state atomically with this decision.
import { bytesEqual, fromBase64, toBase64 } from "./bytes.js";
import { type Checkpoint, parseCheckpoint } from "./checkpoint.js";
import type { Crypto } from "./crypto.js";
import { treeHasher } from "./merkle/hash.js";
import { verifyConsistencyWith } from "./merkle/verify.js";
import { type NoteVerifier, openNote, splitNote } from "./note.js";

/** At most this many consistency proof lines (tlog-witness §add-checkpoint). */
export const MAX_PROOF_LINES = 63;

export interface AddCheckpoint {
  readonly oldSize: number;
  readonly proof: readonly Uint8Array[];
  /** The signed checkpoint (may carry other signatures). */
  readonly note: string;
}

export function formatAddCheckpoint(req: AddCheckpoint): string {
  return `old ${req.oldSize}\n${req.proof.map((h) => `${toBase64(h)}\n`).join("")}\n${req.note}`;
}

/** Parses an add-checkpoint body; undefined if it is not one. Attacker-controlled input. */
export function parseAddCheckpoint(body: string): AddCheckpoint | undefined {
  const first = body.indexOf("\n");
  const m = /^old (0|[1-9][0-9]{0,15})$/.exec(body.slice(0, first));
  if (first < 0 || !m) return undefined;
  const oldSize = Number(m[1]);
  const blank = body.indexOf("\n\n", first);
  if (blank < 0) return undefined;
  const lines = blank === first ? [] : body.slice(first + 1, blank).split("\n");
  if (lines.length > MAX_PROOF_LINES) return undefined;
  const proof: Uint8Array[] = [];
  for (const line of lines) {
    const hash = fromBase64(line);
    if (hash?.length !== 32) return undefined;
    proof.push(hash);
  }
  return { oldSize, proof, note: body.slice(blank + 2) };
}

/** What a witness holds per log: the latest checkpoint it cosigned. */
export interface WitnessedState {
  readonly size: number;
  readonly root: Uint8Array;
}

/** The witness's answer, as tlog-witness defines the statuses. */
export type WitnessDecision =
  | { readonly ok: true; readonly checkpoint: Checkpoint; readonly body: string }
  | {
      readonly ok: false;
      readonly status: 400 | 403 | 404 | 409 | 422;
      readonly detail: string;
      readonly size?: number;
    };

/** A submitted checkpoint, opened: from a followed log and signed by one of its keys. */
export type OpenedSubmission =
  | { readonly ok: true; readonly checkpoint: Checkpoint; readonly body: string }
  | { readonly ok: false; readonly status: 403 | 404; readonly detail: string };

/**
 * Opens a submitted checkpoint: the origin must be a followed log (404) and the note signed by
 * one of its keys (403). `logs` maps each followed origin to its keys.
 */
export function openSubmission(
  crypto: Crypto,
  logs: ReadonlyMap<string, readonly NoteVerifier[]>,
  note: string,
): OpenedSubmission {
  let origin: string;
  try {
    origin = parseCheckpoint(splitNote(note).text).origin;
  } catch (err) {
    return { ok: false, status: 403, detail: `not a signed checkpoint: ${(err as Error).message}` };
  }
  const keys = logs.get(origin);
  if (!keys) return { ok: false, status: 404, detail: `this witness does not follow ${origin}` };
  try {
    const body = openNote(crypto, note, keys).text;
    return { ok: true, checkpoint: parseCheckpoint(body), body };
  } catch (err) {
    return { ok: false, status: 403, detail: `not signed by ${origin}'s key: ${(err as Error).message}` };
  }
}

/**
 * Decides an opened submission against the latest checkpoint cosigned for its origin: the old
 * size not above the new (400), equal to the size last cosigned (409 with that size), the same
 * root at an equal size (409), and the proof verifying from the last cosigned root (422).
 */
export function decideAddCheckpoint(
  crypto: Crypto,
  latest: WitnessedState | undefined,
  req: AddCheckpoint,
  opened: Extract<OpenedSubmission, { ok: true }>,
): WitnessDecision {
  const { checkpoint, body } = opened;
  if (req.oldSize > checkpoint.size) {
    return { ok: false, status: 400, detail: `old size ${req.oldSize} is above the checkpoint's ${checkpoint.size}` };
  }
  const held = latest ?? { size: 0, root: new Uint8Array(0) };
  if (req.oldSize !== held.size) {
    return { ok: false, status: 409, size: held.size, detail: `the last checkpoint cosigned has size ${held.size}` };
  }
  if (req.oldSize === checkpoint.size) {
    if (latest && !bytesEqual(latest.root, checkpoint.root)) {
      return { ok: false, status: 409, size: held.size, detail: "another root at the size last cosigned: a fork" };
    }
    return req.proof.length === 0
      ? { ok: true, checkpoint, body }
      : { ok: false, status: 422, detail: "a proof between equal sizes is empty" };
  }
  if (req.oldSize === 0) {
    return req.proof.length === 0
      ? { ok: true, checkpoint, body }
      : { ok: false, status: 422, detail: "the proof from size 0 is empty" };
  }
  const hasher = treeHasher(crypto.sha256);
  if (!verifyConsistencyWith(hasher, req.oldSize, checkpoint.size, req.proof, held.root, checkpoint.root)) {
    return {
      ok: false,
      status: 422,
      detail: "the consistency proof does not verify: not an extension of what was cosigned",
    };
  }
  return { ok: true, checkpoint, body };
}
