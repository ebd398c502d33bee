// Salted hash commitments: what a signed statement carries in place of a secret or an identifier
// it should not publish (a claim code, an NFC tag's UID). base64url of salt (16 bytes) ‖
// SHA-256("tagtrail/v1/<kind>\n" ‖ JCS{...fields, salt}). The salt and the fields in the hash mean no
// table of guesses serves two tags; revealing the value later lets anyone check it.
import { concatBytes, constantTimeEqual, fromBase64Url, toBase64Url } from "./bytes.js";
import { type StatementKind, statementBytes } from "./canonical.js";
import type { Sha256 } from "./crypto.js";

const SALT_BYTES = 16;

function digest(sha256: Sha256, kind: StatementKind, fields: Readonly<Record<string, string>>, salt: Uint8Array) {
  return sha256(statementBytes(kind, { ...fields, salt: toBase64Url(salt) }));
}

/** A fresh commitment to `fields` (the committed value among them). */
export function saltedCommitment(
  sha256: Sha256,
  kind: StatementKind,
  fields: Readonly<Record<string, string>>,
  random: (n: number) => Uint8Array,
): string {
  const salt = random(SALT_BYTES);
  return toBase64Url(concatBytes(salt, digest(sha256, kind, fields, salt)));
}

/** Is `commitment` well formed (what a signed statement may carry)? */
export function isSaltedCommitment(commitment: string): boolean {
  return fromBase64Url(commitment)?.length === SALT_BYTES + 32;
}

/** Do `fields` open `commitment`? Constant time in the committed value. */
export function opensSaltedCommitment(
  sha256: Sha256,
  kind: StatementKind,
  fields: Readonly<Record<string, string>>,
  commitment: string,
): boolean {
  const bytes = fromBase64Url(commitment);
  if (bytes?.length !== SALT_BYTES + 32) return false;
  return constantTimeEqual(bytes.subarray(SALT_BYTES), digest(sha256, kind, fields, bytes.subarray(0, SALT_BYTES)));
}
