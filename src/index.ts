// Public API for clients that verify tagtrail's log offline: RFC 9162 hashing and proof checks
// (portable SHA-256 from @noble/hashes), C2SP checkpoints and signed notes, and the EPCIS Event
// Hash IDs (GS1 CBV 2.0 §8.9) of tagtrail's EPCIS events.
import { type PolicyRecheck, recheckProofs, recheckWithPolicy, type VerifyProofs } from "./core/answer.js";
import { nobleCrypto } from "./core/crypto.js";
import { type EpcisPrefixes, eventHash } from "./core/epcis-hash.js";
import { treeHasher } from "./core/merkle/hash.js";
import { verifyConsistencyWith, verifyInclusionWith } from "./core/merkle/verify.js";
import { parsePolicy } from "./core/policy.js";

const hasher = treeHasher(nobleCrypto.sha256);

/** RFC 9162 §2.1.1 leaf hash: SHA-256(0x00 || data). */
export function hashLeaf(data: Uint8Array): Uint8Array {
  return hasher.hashLeaf(data);
}

/** RFC 9162 §2.1.1 interior node hash: SHA-256(0x01 || left || right). */
export function hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
  return hasher.hashChildren(left, right);
}

/** RFC 9162 §2.1.3.2. Returns false, never throws, for any proof that does not verify. */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number | bigint,
  treeSize: number | bigint,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  return verifyInclusionWith(hasher, leafHash, index, treeSize, proof, root);
}

/** RFC 9162 §2.1.4.2. Returns false, never throws, for any proof that does not verify. */
export function verifyConsistency(
  size1: number | bigint,
  size2: number | bigint,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): boolean {
  return verifyConsistencyWith(hasher, size1, size2, proof, root1, root2);
}

/** Re-checks a verify answer's proofs offline against the log key you trust; [] when all hold. */
export function recheckVerifyAnswer(
  answer: { product: { gtin: string; serial: string }; proofs: VerifyProofs },
  logKey: string,
): string[] {
  return recheckProofs(nobleCrypto, answer.product, answer.proofs, logKey);
}

/**
 * Re-checks a verify answer against a C2SP tlog-policy (the log key it pins, its witnesses and
 * quorum): failures is [] only when every proof holds and the quorum cosigned the checkpoint.
 * ageSeconds says how fresh the log state is: the time since the newest cosignature.
 */
export function recheckVerifyAnswerWithPolicy(
  answer: { product: { gtin: string; serial: string }; proofs: VerifyProofs },
  policyText: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): PolicyRecheck {
  return recheckWithPolicy(
    nobleCrypto,
    answer.product,
    answer.proofs,
    parsePolicy(nobleCrypto, policyText),
    nowSeconds,
  );
}

/** GS1 CBV 2.0 §8.9: the EPCIS Event Hash ID of one event of an EPCIS 2.0 JSON document. */
export function epcisEventHash(event: unknown, prefixes?: EpcisPrefixes): string {
  return eventHash(nobleCrypto.sha256, event, prefixes);
}

export type { PolicyRecheck, VerifyProofs } from "./core/answer.js";
export { type Checkpoint, formatCheckpoint, parseCheckpoint } from "./core/checkpoint.js";
export { type Crypto, nobleCrypto } from "./core/crypto.js";
export {
  contextPrefixes,
  documentEvents,
  type EpcisPrefixes,
  eventPreHash as epcisEventPreHash,
} from "./core/epcis-hash.js";
export { formatVerifierKey, openNote, parseVerifierKey, signNote } from "./core/note.js";
