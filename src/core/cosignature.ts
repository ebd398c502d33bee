// C2SP tlog-cosignature (https://c2sp.org/tlog-cosignature), the Ed25519 type: a witness's
// timestamped statement that, as of a time, the checkpoint is the largest consistent tree it has
// seen of that log. A signed-note signature line with key type 0x04 and the signature
// timestamp (u64, big-endian) ‖ Ed25519 over "cosignature/v1\ntime <t>\n" ‖ the checkpoint's body.
import { concatBytes, utf8 } from "./bytes.js";
import type { Crypto } from "./crypto.js";
import { type NoteSigner, type NoteVerifier, noteKeyId, signatureLine, splitNote } from "./note.js";

/** The signed-note key type of an Ed25519 cosigner (tlog-cosignature §Format). */
export const COSIGNATURE_TYPE = 0x04;

/** A cosigner's signing key; its key ID is computed with type 0x04. */
export function cosigner(crypto: Crypto, name: string, seed: Uint8Array): NoteSigner {
  const publicKey = crypto.ed25519.publicKey(seed);
  return {
    name,
    seed,
    publicKey,
    keyId: noteKeyId(crypto.sha256, name, publicKey, COSIGNATURE_TYPE),
    type: COSIGNATURE_TYPE,
  };
}

/** tlog-cosignature §Ed25519 signed message. `time` is POSIX seconds. */
export function cosignedMessage(body: string, time: number): Uint8Array {
  return utf8(`cosignature/v1\ntime ${time}\n${body}`);
}

function u64(n: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n));
  return out;
}

/** The cosignature line a witness returns for a checkpoint body at `time`. */
export function cosign(crypto: Crypto, signer: NoteSigner, body: string, time: number): string {
  if (!Number.isSafeInteger(time) || time < 0) throw new RangeError("a cosignature time is POSIX seconds");
  const signature = crypto.ed25519.sign(cosignedMessage(body, time), signer.seed);
  return signatureLine(signer.name, signer.keyId, concatBytes(u64(time), signature));
}

/** A cosignature that verified: whose, and the time it states. */
export interface Cosignature {
  /** The cosigner's key name and key ID. */
  readonly name: string;
  readonly keyId: number;
  /** POSIX seconds. */
  readonly time: number;
}

/**
 * The valid cosignatures on a signed checkpoint by the given cosigners (matched by name and key
 * ID, type 0x04). Lines by other keys, and lines that do not verify, count for nothing: a policy
 * then fails closed. Throws NoteError only if the note itself is malformed. Attacker-controlled input.
 */
export function verifiedCosignatures(crypto: Crypto, note: string, cosigners: readonly NoteVerifier[]): Cosignature[] {
  const { text, signatures } = splitNote(note);
  const out: Cosignature[] = [];
  for (const { name, keyId, signature } of signatures) {
    const c = cosigners.find((v) => v.name === name && v.keyId === keyId && v.type === COSIGNATURE_TYPE);
    if (!c || signature.length !== 72 || out.some((o) => o.name === name && o.keyId === keyId)) continue;
    const time = new DataView(signature.buffer, signature.byteOffset, 8).getBigUint64(0);
    if (time > BigInt(Number.MAX_SAFE_INTEGER)) continue;
    if (crypto.ed25519.verify(signature.subarray(8), cosignedMessage(text, Number(time)), c.publicKey)) {
      out.push({ name, keyId, time: Number(time) });
    }
  }
  return out;
}
