// `tagtrail verify <url>`: asks the server for a tag's verdict, then re-checks everything it was
// sent without trusting the server: the checkpoint's signature, the chain head's inclusion in
// the log, each entry's hash link and signature, and that each key matches its key ID.
import { z } from "zod";
import { fromBase64, fromBase64Url, toBase64Url } from "../core/bytes.js";
import { parseCheckpoint } from "../core/checkpoint.js";
import { eventSigningBytes, parseEntryBytes } from "../core/event.js";
import { keyId } from "../core/keys.js";
import { treeHasher } from "../core/merkle/hash.js";
import { verifyInclusionWith } from "../core/merkle/verify.js";
import { openNote, parseVerifierKey } from "../core/note.js";
import { parseTagUrl, tagSigningBytes } from "../core/tag.js";
import { nodeCrypto } from "../runtime/node-crypto.js";
import type { VerifyResult } from "../service/verify.js";
import { CliError, flags } from "./common.js";

const HELP = `usage: tagtrail verify URL [--log-key VKEY] [--json]

Verifies a tag: prints the server's verdict and reasons, then re-checks the proofs locally.
Pin the log's verifier key with --log-key (otherwise the key the server sends is used, and the
output says so). Exit status: 0 authentic, 3 warning, 4 counterfeit, 1 when a proof fails.

options:
  --log-key VKEY   the log's verifier key, obtained out of band
  --json           print the server's answer as JSON too`;

/** Re-checks the proofs of a verify answer; returns what failed (empty when all holds). */
export function recheck(result: VerifyResult, logKey: string): string[] {
  const p = result.proofs;
  if (!p) return [];
  const failures: string[] = [];
  const hasher = treeHasher(nodeCrypto.sha256);
  let cp: ReturnType<typeof parseCheckpoint>;
  try {
    const vkey = parseVerifierKey(nodeCrypto.sha256, logKey);
    cp = parseCheckpoint(openNote(nodeCrypto, p.checkpoint, [vkey]).text);
  } catch (err) {
    return [`checkpoint: ${(err as Error).message}`];
  }
  const keys = new Map<string, Uint8Array>();
  for (const [id, b64] of Object.entries(p.keys)) {
    const pub = fromBase64(b64);
    if (!pub || pub.length !== 32 || keyId(nodeCrypto.sha256, pub) !== id)
      failures.push(`key ${id} does not match its ID`);
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
        !nodeCrypto.ed25519.verify(sig, tagSigningBytes(entry.tag), pub)
      ) {
        failures.push("entry 0: not a validly signed commission");
      } else if (entry.tag.gtin !== result.product.gtin || entry.tag.serial !== result.product.serial) {
        failures.push("entry 0: commissions another tag");
      }
    } else {
      const sig = entry?.kind === "event" ? fromBase64Url(entry.signature) : undefined;
      const pub = entry?.kind === "event" ? keys.get(entry.event.actor) : undefined;
      if (
        entry?.kind !== "event" ||
        !sig ||
        !pub ||
        !nodeCrypto.ed25519.verify(sig, eventSigningBytes(entry.event), pub)
      ) {
        failures.push(`entry ${i}: not a validly signed event`);
      } else if (entry.event.prev !== prev) failures.push(`entry ${i}: prev does not link to entry ${i - 1}`);
    }
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

export async function runVerify(argv: string[]): Promise<number> {
  const parsed = flags(
    argv,
    { "log-key": { type: "string" }, json: { type: "boolean" } },
    z.object({ "log-key": z.string().optional(), json: z.boolean().optional() }),
    HELP,
  );
  if (!parsed) return 0;
  const url = parsed.positionals[0];
  if (!url || !parseTagUrl(url)) throw new CliError(`give a tag URL\n\n${HELP}`, 2);
  const res = await fetch(url, { headers: { accept: "application/json" } });
  if (!res.ok) throw new CliError(`the server answered HTTP ${res.status}`);
  const result = (await res.json()) as VerifyResult;
  if (parsed.values.json) console.log(JSON.stringify(result, null, 2));
  console.log(`verdict: ${result.verdict}`);
  for (const r of result.reasons) console.log(`  - ${r.code}: ${r.message}`);
  if (result.proofs) {
    const pinned = parsed.values["log-key"];
    const failures = recheck(result, pinned ?? result.proofs.logKey);
    if (!pinned) console.log("note: log key not pinned (--log-key); using the one the server sent");
    if (failures.length > 0) {
      for (const f of failures) console.log(`proof FAILED: ${f}`);
      return 1;
    }
    console.log(
      `proofs: ${result.proofs.entries.length} entries, signatures, hash links and log inclusion re-checked locally: ok`,
    );
  }
  return result.verdict === "authentic" ? 0 : result.verdict === "warning" ? 3 : 4;
}
