// Ownership claim codes. At mint time a tag may get a claim secret, printed inside the packaging
// (a short code and a second QR); the commission carries only a salted commitment to it, signed
// with the tag. The buyer who opens the package proves possession of the secret once, binding the
// product to a holder key; the claim entry reveals the secret, so any auditor can check the claim
// against the commitment, and a spent secret is worth nothing to anyone who reads the log.
import { concatBytes, constantTimeEqual, fromBase64Url, toBase64Url } from "./bytes.js";
import { statementBytes } from "./canonical.js";
import type { Sha256 } from "./crypto.js";

/** Crockford base32 (no I, L, O, U): easy to read aloud and to type from a printed card. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** 20 symbols of 5 bits: 100 bits of secret, above the 96 the issue asks for. */
export const CLAIM_CODE_SYMBOLS = 20;
const SALT_BYTES = 16;

/** A fresh claim code: 20 Crockford base32 symbols, uniform (256 is a multiple of 32). */
export function randomClaimCode(random: (n: number) => Uint8Array): string {
  return [...random(CLAIM_CODE_SYMBOLS)].map((b) => ALPHABET[b & 31]).join("");
}

/** A code as printed: five groups of four, e.g. 7KQ2-M9XD-4HVR-0BNC-TE3W. */
export function formatClaimCode(code: string): string {
  return code.match(/.{1,4}/g)?.join("-") ?? code;
}

/**
 * The canonical code from what a person typed: case, dashes and spaces ignored, and the letters
 * Crockford maps (I and L read as 1, O as 0). Undefined unless it is exactly 20 symbols.
 * Attacker-controlled input.
 */
export function normalizeClaimCode(typed: string): string | undefined {
  if (typed.length > 64) return undefined;
  const code = typed.toUpperCase().replace(/[\s-]/g, "").replace(/[IL]/g, "1").replace(/O/g, "0");
  if (code.length !== CLAIM_CODE_SYMBOLS || [...code].some((c) => !ALPHABET.includes(c))) return undefined;
  return code;
}

function digest(sha256: Sha256, tag: { gtin: string; serial: string }, salt: Uint8Array, code: string): Uint8Array {
  return sha256(statementBytes("claim", { gtin: tag.gtin, serial: tag.serial, salt: toBase64Url(salt), code }));
}

/**
 * The commitment a commission (or a transfer offer, or a return) carries: base64url of
 * salt (16 bytes) || SHA-256("tagtrail/v1/claim\n" || JCS{gtin, serial, salt, code}). The salt and
 * the tag in the hash mean no table of guesses serves two tags.
 */
export function claimCommitment(
  sha256: Sha256,
  tag: { gtin: string; serial: string },
  code: string,
  random: (n: number) => Uint8Array,
): string {
  const salt = random(SALT_BYTES);
  return toBase64Url(concatBytes(salt, digest(sha256, tag, salt, code)));
}

/** Is `commitment` well formed (what a commission may carry)? */
export function isClaimCommitment(commitment: string): boolean {
  return fromBase64Url(commitment)?.length === SALT_BYTES + 32;
}

/** Does `code` (canonical) open `commitment` for this tag? */
export function opensCommitment(
  sha256: Sha256,
  tag: { gtin: string; serial: string },
  commitment: string,
  code: string,
): boolean {
  const bytes = fromBase64Url(commitment);
  if (bytes?.length !== SALT_BYTES + 32) return false;
  return constantTimeEqual(bytes.subarray(SALT_BYTES), digest(sha256, tag, bytes.subarray(0, SALT_BYTES), code));
}
