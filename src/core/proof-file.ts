// C2SP tlog-proof (https://c2sp.org/tlog-proof): an offline proof that an entry is in the log, as
// witnessed. For a tag, the entry is its chain head and the extra data carries the whole chain
// (every entry's leaf and index) and the keys that signed it, so a verifier with the deployment's
// policy re-checks the tag's history with no network: signatures, hash links, the head's
// inclusion, the log's signature and the witnesses' quorum. The extra data is not trusted: every
// part of it is checked against the proven head.

import { type PolicyRecheck, recheckWithPolicy, type VerifyProofs } from "./answer.js";
import { fromBase64, toBase64 } from "./bytes.js";
import type { Crypto } from "./crypto.js";
import type { TlogPolicy } from "./policy.js";

const HEADER = "c2sp.org/tlog-proof@v1";

export interface TlogProof {
  readonly extra?: Uint8Array;
  readonly index: number;
  readonly proof: readonly Uint8Array[];
  /** The checkpoint, verbatim: a signed note, with any cosignatures. */
  readonly checkpoint: string;
}

export function formatTlogProof(p: TlogProof): string {
  return (
    `${HEADER}\n${p.extra ? `extra ${toBase64(p.extra)}\n` : ""}index ${p.index}\n` +
    `${p.proof.map((h) => `${toBase64(h)}\n`).join("")}\n${p.checkpoint}`
  );
}

/** Parses a proof file; undefined if it is not exactly one. Attacker-controlled input. */
export function parseTlogProof(text: string): TlogProof | undefined {
  const blank = text.indexOf("\n\n");
  if (blank < 0) return undefined;
  const lines = text.slice(0, blank).split("\n");
  if (lines.shift() !== HEADER) return undefined;
  let extra: Uint8Array | undefined;
  if (lines[0]?.startsWith("extra ")) {
    extra = fromBase64((lines.shift() as string).slice(6));
    if (!extra) return undefined;
  }
  const m = /^index (0|[1-9][0-9]{0,15})$/.exec(lines.shift() ?? "");
  if (!m || !Number.isSafeInteger(Number(m[1]))) return undefined;
  if (lines.length > 63) return undefined;
  const proof: Uint8Array[] = [];
  for (const line of lines) {
    const h = fromBase64(line);
    if (h?.length !== 32) return undefined;
    proof.push(h);
  }
  return { ...(extra ? { extra } : {}), index: Number(m[1]), proof, checkpoint: text.slice(blank + 2) };
}

/** What a tag's proof file carries as extra data: its chain and the keys that signed it. */
export interface TagProofExtra {
  readonly gtin: string;
  readonly serial: string;
  /** Every entry of the chain, oldest first: [log index, leaf bytes base64]. */
  readonly entries: readonly (readonly [number, string])[];
  /** Public keys (base64) of every key that signed an entry, by key ID. */
  readonly keys: Readonly<Record<string, string>>;
}

export function tagProofFile(extra: TagProofExtra, proof: readonly Uint8Array[], checkpoint: string): string {
  const head = extra.entries[extra.entries.length - 1];
  if (!head) throw new RangeError("a chain has at least its commission");
  return formatTlogProof({
    extra: new TextEncoder().encode(JSON.stringify(extra)),
    index: head[0],
    proof,
    checkpoint,
  });
}

export type TagProofCheck = PolicyRecheck & { readonly tag?: TagProofExtra };

/**
 * Checks a tag's proof file offline against a policy: the chain in its extra data (signatures,
 * links, the commission of this tag), the head's inclusion at the file's index, the log's
 * signature and the witnesses' quorum. `failures` is empty only if all of it holds.
 */
export function checkTagProofFile(crypto: Crypto, text: string, policy: TlogPolicy, nowSeconds: number): TagProofCheck {
  const file = parseTlogProof(text);
  if (!file) return { failures: ["not a c2sp.org/tlog-proof@v1 file"], cosignatures: [] };
  let tag: TagProofExtra;
  try {
    tag = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(file.extra)) as TagProofExtra;
    if (typeof tag.gtin !== "string" || typeof tag.serial !== "string" || !Array.isArray(tag.entries))
      throw new Error();
  } catch {
    return { failures: ["its extra data is not a tag's chain"], cosignatures: [] };
  }
  const head = tag.entries[tag.entries.length - 1];
  if (!head || head[0] !== file.index) {
    return { failures: ["the chain's head is not the entry the file proves"], cosignatures: [], tag };
  }
  const proofs: VerifyProofs = {
    entries: tag.entries.map(([leafIndex, leaf]) => ({ leafIndex, leaf })),
    inclusionProof: file.proof.map(toBase64),
    checkpoint: file.checkpoint,
    logKey: "",
    keys: tag.keys ?? {},
  };
  return { ...recheckWithPolicy(crypto, tag, proofs, policy, nowSeconds), tag };
}
