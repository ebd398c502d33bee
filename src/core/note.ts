// C2SP signed-note (https://c2sp.org/signed-note) with Ed25519 signatures (type 0x01):
// signing, opening with a set of trusted verifier keys, and the vkey / private key text forms.

import { concatBytes, fromBase64, toBase64, toHex, utf8 } from "./bytes.js";
import type { Crypto, Sha256 } from "./crypto.js";
import { CodedError } from "./errors.js";

const ED25519_TYPE = 0x01;
const SIG_PREFIX = "\u2014 "; // em dash and space begin every signature line
const MAX_SIGNATURES = 100;

export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  readonly publicKey: Uint8Array;
  /** The signature type: 0x01 Ed25519 (the default), 0x04 a tlog-cosignature/v1 cosigner (./cosignature.ts). */
  readonly type?: number;
}

export interface NoteSigner extends NoteVerifier {
  readonly seed: Uint8Array;
}

export class NoteError extends CodedError<"malformed-note" | "malformed-key" | "unverified-note"> {}

/** A key name is non-empty UTF-8 with no Unicode spaces and no plus signs (signed-note §Signatures). */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name) && name.isWellFormed();
}

/** signed-note: key ID = first 4 bytes (big-endian) of SHA-256(name || 0x0A || type || public key). */
export function noteKeyId(sha256: Sha256, name: string, publicKey: Uint8Array, type = ED25519_TYPE): number {
  const h = sha256(concatBytes(utf8(`${name}\n`), Uint8Array.of(type), publicKey));
  return (((h[0] as number) << 24) | ((h[1] as number) << 16) | ((h[2] as number) << 8) | (h[3] as number)) >>> 0;
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, "0");
}

export function noteSigner(crypto: Crypto, name: string, seed: Uint8Array): NoteSigner {
  if (!isValidKeyName(name)) throw new NoteError("malformed-key", `invalid key name ${JSON.stringify(name)}`);
  const publicKey = crypto.ed25519.publicKey(seed);
  return { name, seed, publicKey, keyId: noteKeyId(crypto.sha256, name, publicKey) };
}

/** The verifier key text form: <name>+<hex key ID>+<base64(0x01 || public key)>. */
export function formatVerifierKey(v: NoteVerifier): string {
  return `${v.name}+${hex8(v.keyId)}+${toBase64(concatBytes(Uint8Array.of(v.type ?? ED25519_TYPE), v.publicKey))}`;
}

/** Splits on the first `count - 1` plus signs; the last field (base64) may itself hold "+". */
function splitPlus(text: string, count: number): string[] | undefined {
  const parts: string[] = [];
  let rest = text;
  for (let i = 0; i < count - 1; i++) {
    const at = rest.indexOf("+");
    if (at < 0) return undefined;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  parts.push(rest);
  return parts;
}

/** Parses a vkey of signature type `type` (0x01 a log's Ed25519 key, 0x04 a cosigner's). */
export function parseVerifierKey(sha256: Sha256, text: string, type = ED25519_TYPE): NoteVerifier {
  const [name, id, key] = splitPlus(text, 3) ?? [];
  if (name === undefined || id === undefined || key === undefined) {
    throw new NoteError("malformed-key", "verifier key must be name+keyid+key");
  }
  const raw = fromBase64(key);
  if (!isValidKeyName(name) || !/^[0-9a-f]{8}$/.test(id) || !raw || raw.length !== 33 || raw[0] !== type) {
    throw new NoteError("malformed-key", "unsupported or malformed verifier key");
  }
  const publicKey = raw.subarray(1);
  const keyId = noteKeyId(sha256, name, publicKey, type);
  if (hex8(keyId) !== id) throw new NoteError("malformed-key", "verifier key ID does not match its key");
  return { name, keyId, publicKey, ...(type === ED25519_TYPE ? {} : { type }) };
}

/** The private key form used by Go's note package: PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 || seed)>. */
export function formatSignerKey(s: NoteSigner): string {
  return `PRIVATE+KEY+${s.name}+${hex8(s.keyId)}+${toBase64(concatBytes(Uint8Array.of(ED25519_TYPE), s.seed))}`;
}

export function parseSignerKey(crypto: Crypto, text: string): NoteSigner {
  const [p, k, name, id, key] = splitPlus(text.trim(), 5) ?? [];
  const raw = key === undefined ? undefined : fromBase64(key);
  if (p !== "PRIVATE" || k !== "KEY" || name === undefined || !raw || raw.length !== 33 || raw[0] !== ED25519_TYPE) {
    throw new NoteError("malformed-key", "signer key must be PRIVATE+KEY+name+keyid+base64(0x01||seed)");
  }
  const signer = noteSigner(crypto, name, raw.slice(1));
  if (hex8(signer.keyId) !== id) throw new NoteError("malformed-key", "signer key ID does not match its key");
  return signer;
}

function checkText(text: string): void {
  if (!text.endsWith("\n") || text.includes("\n\n") || text.startsWith("\n") || !text.isWellFormed()) {
    throw new NoteError("malformed-note", "note text must be non-empty lines, each ending in a newline");
  }
}

/** Signs note text (which must end in a newline) and returns the whole signed note. */
export function signNote(crypto: Crypto, text: string, signer: NoteSigner): string {
  checkText(text);
  const signature = crypto.ed25519.sign(utf8(text), signer.seed);
  return `${text}\n${signatureLine(signer.name, signer.keyId, signature)}`;
}

export interface OpenedNote {
  readonly text: string;
  /** Names of the trusted verifiers whose signatures verified. */
  readonly verifiedBy: readonly string[];
}

/**
 * Opens a signed note: splits text from signatures and checks every signature made by a trusted
 * verifier (matched by name and key ID). Signatures by unknown keys are ignored, as the spec says.
 * Throws NoteError("unverified-note") unless at least one trusted signature verifies, and on any
 * bad signature by a trusted key.
 */
/** A note's signature line: the key name, key ID and the signature bytes after the ID. */
export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  readonly signature: Uint8Array;
}

/**
 * Splits a signed note into its text and its signature lines; throws NoteError("malformed-note")
 * if it is not one. Attacker-controlled input.
 */
export function splitNote(note: string): { text: string; signatures: NoteSignature[] } {
  const split = note.lastIndexOf("\n\n");
  if (split < 0 || !note.endsWith("\n")) throw new NoteError("malformed-note", "no signature block");
  const text = note.slice(0, split + 1);
  checkText(text);
  const lines = note.slice(split + 2, -1).split("\n");
  if (lines.length > MAX_SIGNATURES) throw new NoteError("malformed-note", "too many signatures");
  const signatures = lines.map((line) => {
    if (!line.startsWith(SIG_PREFIX)) throw new NoteError("malformed-note", "malformed signature line");
    const [name, b64, ...rest] = line.slice(SIG_PREFIX.length).split(" ");
    const raw = b64 === undefined ? undefined : fromBase64(b64);
    if (rest.length > 0 || name === undefined || !isValidKeyName(name) || !raw || raw.length < 5) {
      throw new NoteError("malformed-note", "malformed signature line");
    }
    const keyId =
      (((raw[0] as number) << 24) | ((raw[1] as number) << 16) | ((raw[2] as number) << 8) | (raw[3] as number)) >>> 0;
    return { name, keyId, signature: raw.subarray(4) };
  });
  return { text, signatures };
}

/** A signature line: "— <name> base64(key ID ‖ signature)". */
export function signatureLine(name: string, keyId: number, signature: Uint8Array): string {
  const id = Uint8Array.of(keyId >>> 24, (keyId >>> 16) & 255, (keyId >>> 8) & 255, keyId & 255);
  return `${SIG_PREFIX}${name} ${toBase64(concatBytes(id, signature))}\n`;
}

export function openNote(crypto: Crypto, note: string, verifiers: readonly NoteVerifier[]): OpenedNote {
  const { text, signatures } = splitNote(note);
  const verifiedBy: string[] = [];
  const message = utf8(text);
  for (const { name, keyId, signature } of signatures) {
    // Only a log's own Ed25519 keys (type 0x01) sign the note itself; cosignatures are checked apart.
    const verifier = verifiers.find(
      (v) => v.name === name && v.keyId === keyId && (v.type ?? ED25519_TYPE) === ED25519_TYPE,
    );
    if (!verifier) continue;
    if (signature.length !== 64 || !crypto.ed25519.verify(signature, message, verifier.publicKey)) {
      throw new NoteError("unverified-note", `invalid signature by ${name}`);
    }
    if (!verifiedBy.includes(name)) verifiedBy.push(name);
  }
  if (verifiedBy.length === 0) throw new NoteError("unverified-note", "no signature by a trusted key");
  return { text, verifiedBy };
}

export function keyIdHex(v: NoteVerifier): string {
  return toHex(Uint8Array.of(v.keyId >>> 24, (v.keyId >>> 16) & 255, (v.keyId >>> 8) & 255, v.keyId & 255));
}
