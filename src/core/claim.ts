// Ownership claim codes. At mint time a tag may get a claim secret, printed inside the packaging
// (a short code and a second QR); the commission carries only a salted commitment to it, signed
// with the tag. The buyer who opens the package proves possession of the secret once, binding the
// product to a holder key; the claim entry reveals the secret, so any auditor can check the claim
// against the commitment, and a spent secret is worth nothing to anyone who reads the log.
import { isSaltedCommitment, opensSaltedCommitment, saltedCommitment } from "./commitment.js";
import type { Sha256 } from "./crypto.js";

/** Crockford base32 (no I, L, O, U): easy to read aloud and to type from a printed card. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** 20 symbols of 5 bits: 100 bits of secret, above the 96 the issue asks for. */
export const CLAIM_CODE_SYMBOLS = 20;

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

/**
 * The commitment a commission (or a transfer offer, or a return) carries: a salted commitment
 * (./commitment.ts) to {gtin, serial, code}, kind "claim".
 */
export function claimCommitment(
  sha256: Sha256,
  tag: { gtin: string; serial: string },
  code: string,
  random: (n: number) => Uint8Array,
): string {
  return saltedCommitment(sha256, "claim", { gtin: tag.gtin, serial: tag.serial, code }, random);
}

/** Is `commitment` well formed (what a commission may carry)? */
export const isClaimCommitment = isSaltedCommitment;

/** Does `code` (canonical) open `commitment` for this tag? */
export function opensCommitment(
  sha256: Sha256,
  tag: { gtin: string; serial: string },
  commitment: string,
  code: string,
): boolean {
  return opensSaltedCommitment(sha256, "claim", { gtin: tag.gtin, serial: tag.serial, code }, commitment);
}
