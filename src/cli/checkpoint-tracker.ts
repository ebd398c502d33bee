// The checkpoint tracker `tagtrail audit` and `tagtrail log-check` share: fetch the log's signed
// checkpoint, verify it with a pinned verifier key, and check it is an append-only extension of
// the checkpoint seen last time (kept in a state file) with an RFC 9162 §2.1.4 consistency proof.
import { readFileSync, writeFileSync } from "node:fs";
import { z } from "zod";
import { fromBase64 } from "../core/bytes.js";
import { type Checkpoint, parseCheckpoint } from "../core/checkpoint.js";
import { treeHasher } from "../core/merkle/hash.js";
import { verifyConsistencyWith } from "../core/merkle/verify.js";
import { type NoteVerifier, openNote, parseVerifierKey } from "../core/note.js";
import { nodeCrypto } from "../runtime/node/crypto.js";
import { api, apiText, CliError } from "./common.js";

/** Why a checkpoint was not accepted: a finding about the log, reported as FAIL (exit status 1). */
export type TrackFailure =
  | "unsigned-checkpoint"
  | "origin-mismatch"
  | "unsigned-state"
  | "log-shrank"
  | "not-append-only";

/** A checkpoint that verified and extends the one seen before (if any). */
export interface TrackedCheckpoint {
  /** The signed note as the server sent it: what saveCheckpoint writes. */
  readonly note: string;
  readonly checkpoint: Checkpoint;
  /** The checkpoint the state file held, when there was one. */
  readonly previous?: Checkpoint;
}

export type TrackOutcome =
  | ({ readonly ok: true } & TrackedCheckpoint)
  | { readonly ok: false; readonly code: TrackFailure; readonly message: string };

/**
 * The log's verifier key: the one pinned (out of band) or, when none is, the one the server
 * serves, with a note that it was not pinned. A pinned key that does not parse is a usage error.
 */
export async function logVerifier(server: string, pinned: string | undefined): Promise<NoteVerifier> {
  const text = pinned ?? (await apiText(server, "/v1/log/key")).trim();
  if (pinned === undefined) console.log("note: log key not pinned (--log-key); using the one the server sent");
  try {
    return parseVerifierKey(nodeCrypto.sha256, text);
  } catch (err) {
    throw new CliError(
      `the log key is not a log verifier key (${(err as Error).message}); copy it as npm start prints it or from ${server.replace(/\/+$/, "")}/v1/log/key`,
      2,
    );
  }
}

/** The signed note in `stateFile`; undefined when there is no such file yet. */
function savedNote(stateFile: string): string | undefined {
  try {
    return readFileSync(stateFile, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    throw new CliError(`cannot read the state file ${stateFile}: ${code ?? (err as Error).message}`, 2);
  }
}

const ConsistencyProof = z.array(z.string());

/**
 * Fetches and verifies the server's checkpoint, then checks it against the one in `stateFile`.
 * Writes nothing: the caller saves the checkpoint (saveCheckpoint) once its own checks pass.
 */
export async function trackCheckpoint(
  server: string,
  verifier: NoteVerifier,
  stateFile: string,
): Promise<TrackOutcome> {
  const note = await apiText(server, "/v1/log/checkpoint");
  let checkpoint: Checkpoint;
  try {
    checkpoint = parseCheckpoint(openNote(nodeCrypto, note, [verifier]).text);
  } catch (err) {
    const message = `the server's checkpoint is not signed by ${verifier.name}'s key (${(err as Error).message})`;
    return { ok: false, code: "unsigned-checkpoint", message };
  }
  if (checkpoint.origin !== verifier.name) {
    const message = `the checkpoint's origin ${checkpoint.origin} is not the log key's name ${verifier.name}`;
    return { ok: false, code: "origin-mismatch", message };
  }

  const saved = savedNote(stateFile);
  if (saved === undefined) return { ok: true, note, checkpoint };
  let previous: Checkpoint;
  try {
    previous = parseCheckpoint(openNote(nodeCrypto, saved, [verifier]).text);
  } catch (err) {
    const message = `the checkpoint saved in ${stateFile} is not signed by ${verifier.name}'s key (${(err as Error).message}); was it saved for another log?`;
    return { ok: false, code: "unsigned-state", message };
  }
  if (previous.size > checkpoint.size) {
    const message = `the log shrank from ${previous.size} to ${checkpoint.size} entries`;
    return { ok: false, code: "log-shrank", message };
  }
  const path = `/v1/log/proof/consistency?from=${previous.size}&to=${checkpoint.size}`;
  const answer = ConsistencyProof.safeParse(await api(server, "GET", path));
  if (!answer.success) throw new CliError(`GET ${path}: the answer is not a list of base64 hashes`);
  const proof = answer.data.map((h) => fromBase64(h) ?? new Uint8Array(0));
  const hasher = treeHasher(nodeCrypto.sha256);
  if (!verifyConsistencyWith(hasher, previous.size, checkpoint.size, proof, previous.root, checkpoint.root)) {
    const message = `checkpoint ${checkpoint.size} is not an append-only extension of checkpoint ${previous.size}`;
    return { ok: false, code: "not-append-only", message };
  }
  return { ok: true, note, checkpoint, previous };
}

/** Keeps the checkpoint as the one to check the next against. */
export function saveCheckpoint(stateFile: string, tracked: TrackedCheckpoint): void {
  writeFileSync(stateFile, tracked.note);
}

/** What a failed check prints (on stderr); its exit status is 1. */
export function reportFailure(outcome: { readonly message: string }): 1 {
  console.error(`FAIL: ${outcome.message}`);
  return 1;
}
