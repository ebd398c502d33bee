// The verify answer (the public format of a scan's answer), what it proves, and the re-check a
// client runs on it without trusting the server: the checkpoint's signature by the pinned log key, each chain entry's signature and hash
// link, each key against its key ID, and the chain head's inclusion in the signed tree.
import { fromBase64, fromBase64Url, toBase64Url } from "./bytes.js";
import { type Checkpoint, parseCheckpoint } from "./checkpoint.js";
import type { Cosignature } from "./cosignature.js";
import type { Crypto } from "./crypto.js";
import {
  type ChainState,
  type EntryType,
  eventSigningBytes,
  holderSigningBytes,
  type LogEntry,
  parseEntryBytes,
} from "./event.js";
import { keyId } from "./keys.js";
import { treeHasher } from "./merkle/hash.js";
import { verifyInclusionWith } from "./merkle/verify.js";
import { formatVerifierKey, openNote, parseVerifierKey, splitNote } from "./note.js";
import { checkPolicy, type TlogPolicy } from "./policy.js";
import { linkProblem } from "./rules/link.js";
import { tagSigningBytes } from "./tag.js";
import type { PartyDisplay, Reason, Verdict } from "./verdict.js";

export type { PartyDisplay } from "./verdict.js";

/** One step of a tag's journey, at day granularity. */
export interface JourneyStep {
  readonly type: EntryType;
  readonly bizStep: string;
  readonly disposition: string;
  /** UTC day the log accepted the entry. */
  readonly date: string;
  readonly party: PartyDisplay;
  readonly country?: string;
}

/** A maker's description of a product, as its signed statement gives it. */
export interface ProductInfo {
  readonly domain: string;
  readonly names: Readonly<Record<string, string>>;
  readonly descriptions?: Readonly<Record<string, string>>;
  readonly image?: string;
  readonly support?: string;
}

/** The answer to a scan (GET /01/{gtin}/21/{serial} as JSON): the one definition server, CLI and clients share. */
export interface VerifyResult {
  readonly verdict: Verdict;
  readonly reasons: readonly Reason[];
  /** The language the reasons' messages are in (BCP 47). */
  readonly lang: string;
  readonly product: {
    readonly gtin: string;
    readonly serial: string;
    readonly lot?: string;
    readonly expiry?: string;
    readonly manufacturer?: PartyDisplay;
    /** What its maker says about it (a signed, logged product statement), in every language given. */
    readonly info?: ProductInfo;
  };
  readonly status?: {
    readonly custody: ChainState["custody"];
    /** By a recall statement covering the tag, or by a recall event in its chain. */
    readonly recalled: boolean;
    readonly stolen: boolean;
    /** Bound to a holder's key by a claim (or a transfer since). */
    readonly claimed: boolean;
  };
  readonly journey: readonly JourneyStep[];
  /** What a client needs to re-check everything offline (recheckProofs). */
  readonly proofs?: VerifyProofs;
}

export interface VerifyProofs {
  /** Every entry of the tag's chain: log leaf bytes (base64) and index. */
  readonly entries: readonly { readonly leafIndex: number; readonly leaf: string }[];
  /** RFC 9162 inclusion proof of the chain head against the checkpoint. */
  readonly inclusionProof: readonly string[];
  readonly checkpoint: string;
  readonly logKey: string;
  /** Public keys (base64) of every key that signed an entry, by key ID. */
  readonly keys: Readonly<Record<string, string>>;
}

/**
 * Is `entry` a chain entry after the commission (a custody event or a holder's statement) with a
 * valid signature: a custody event's by the registered key it names (`keys`, by key ID), a holder's
 * by the holder key it carries.
 */
export function chainEntrySigned(crypto: Crypto, entry: LogEntry, keys: ReadonlyMap<string, Uint8Array>): boolean {
  const sig = "signature" in entry ? fromBase64Url(entry.signature) : undefined;
  if (!sig) return false;
  if (entry.kind === "event") {
    const pub = keys.get(entry.event.actor);
    return pub !== undefined && crypto.ed25519.verify(sig, eventSigningBytes(entry.event), pub);
  }
  if (entry.kind === "holder") {
    const pub = fromBase64Url(entry.statement.holder);
    return pub?.length === 32 && crypto.ed25519.verify(sig, holderSigningBytes(entry.statement), pub);
  }
  return false;
}

/**
 * Re-checks a verify answer's proofs for the tag (gtin, serial) against the log key the client
 * trusts. Returns what failed; an empty list means every check held.
 */
export function recheckProofs(
  crypto: Crypto,
  product: { readonly gtin: string; readonly serial: string; readonly signature?: Uint8Array },
  p: VerifyProofs,
  logKey: string,
): string[] {
  const failures: string[] = [];
  const hasher = treeHasher(crypto.sha256);
  let cp: Checkpoint;
  try {
    const vkey = parseVerifierKey(crypto.sha256, logKey);
    cp = parseCheckpoint(openNote(crypto, p.checkpoint, [vkey]).text);
  } catch (err) {
    return [`checkpoint: ${(err as Error).message}`];
  }
  const keys = new Map<string, Uint8Array>();
  for (const [id, b64] of Object.entries(p.keys)) {
    const pub = fromBase64(b64);
    if (pub?.length !== 32 || keyId(crypto.sha256, pub) !== id) failures.push(`key ${id} does not match its ID`);
    else keys.set(id, pub);
  }
  let prev: string | undefined;
  for (const [i, e] of p.entries.entries()) {
    const leaf = fromBase64(e.leaf) ?? new Uint8Array(0);
    const entry = parseEntryBytes(leaf);
    if (i === 0) {
      const sig = entry?.kind === "commission" ? fromBase64Url(entry.signature) : undefined;
      const pub = entry?.kind === "commission" ? keys.get(entry.tag.maker) : undefined;
      if (
        entry?.kind !== "commission" ||
        !sig ||
        !pub ||
        !crypto.ed25519.verify(sig, tagSigningBytes(entry.tag), pub)
      ) {
        failures.push("entry 0: not a validly signed commission");
      } else if (entry.tag.gtin !== product.gtin || entry.tag.serial !== product.serial) {
        failures.push("entry 0: commissions another tag");
      } else if (product.signature && entry.signature !== toBase64Url(product.signature)) {
        failures.push("entry 0: the tag was commissioned with another signature than the one scanned");
      }
    } else if (!entry || !chainEntrySigned(crypto, entry, keys)) {
      failures.push(`entry ${i}: not a validly signed event`);
    } else if (linkProblem(i, entry, prev)) failures.push(`entry ${i}: prev does not link to entry ${i - 1}`);
    prev = toBase64Url(hasher.hashLeaf(leaf));
  }
  const last = p.entries[p.entries.length - 1];
  const proof = p.inclusionProof.map((h) => fromBase64(h) ?? new Uint8Array(0));
  if (
    !last ||
    !verifyInclusionWith(
      hasher,
      hasher.hashLeaf(fromBase64(last.leaf) ?? new Uint8Array(0)),
      last.leafIndex,
      cp.size,
      proof,
      cp.root,
    )
  ) {
    failures.push("the chain head is not included in the signed checkpoint");
  }
  return failures;
}

/** A verify answer re-checked against a tlog-policy: its proofs, and its witnesses. */
export interface PolicyRecheck {
  /** Empty when every proof holds and the policy's quorum cosigned the checkpoint. */
  readonly failures: readonly string[];
  /** The cosignatures of the policy's witnesses that verified. */
  readonly cosignatures: readonly Cosignature[];
  /** Seconds between the newest cosignature and `now`: how fresh the log state is, at most. */
  readonly ageSeconds?: number;
}

/**
 * recheckProofs with the log key the policy pins, then the policy itself: the checkpoint must be
 * cosigned by its quorum of witnesses. Fails closed: without the quorum, a failure is returned.
 */
export function recheckWithPolicy(
  crypto: Crypto,
  product: { readonly gtin: string; readonly serial: string },
  p: VerifyProofs,
  policy: TlogPolicy,
  nowSeconds: number,
): PolicyRecheck {
  let origin: string | undefined;
  try {
    origin = parseCheckpoint(splitNote(p.checkpoint).text).origin;
  } catch {
    origin = undefined;
  }
  const log = policy.logs.find((l) => l.key.name === origin);
  if (!log)
    return { failures: [`the checkpoint's log (${origin ?? "unreadable"}) is not in the policy`], cosignatures: [] };
  const failures = recheckProofs(crypto, product, p, formatVerifierKey(log.key));
  const verdict = checkPolicy(crypto, policy, p.checkpoint);
  if (!verdict.ok) failures.push(`witnesses: ${verdict.problem}`);
  const newest = Math.max(...verdict.cosignatures.map((c) => c.time));
  return {
    failures,
    cosignatures: verdict.cosignatures,
    ...(verdict.cosignatures.length > 0 ? { ageSeconds: Math.max(0, nowSeconds - newest) } : {}),
  };
}
