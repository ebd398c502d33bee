// A tag's chain as stored, checked before anything is answered from it. Ingest checked every
// link, so a chain that no longer hashes together is damaged storage: named to the operator
// (the log stops signing) and refused with 503, never judged a counterfeit or served short.
import { bytesEqual, toBase64Url } from "../core/bytes.js";
import { parseEntryBytes } from "../core/event.js";
import type { TreeHasher } from "../core/merkle/hash.js";
import { linkProblem } from "../core/rules/link.js";
import type { ChainEntryRow, TagRow } from "../store/domain-store.js";
import type { ServiceContext } from "./context.js";

/** The tag's chain, every entry present and linked; throws LogDamageError otherwise. */
export async function intactChain(ctx: ServiceContext, tag: TagRow): Promise<ChainEntryRow[]> {
  const chain = await ctx.store.chain(tag.id);
  const damage = chainDamage(ctx.log.hasher, tag, chain);
  if (damage) throw ctx.log.damaged(damage);
  return chain;
}

/**
 * Re-hashes a chain as stored: every entry present, each leaf hashing to its recorded hash, each
 * event's prev linking up, the last one the tag's head. Returns the damage found, if any.
 */
export function chainDamage(hasher: TreeHasher, tag: TagRow, chain: readonly ChainEntryRow[]): string | undefined {
  const where = `the chain of ${tag.gtin}/${tag.serial}`;
  if (chain.length !== tag.length) {
    return `${where} has ${tag.length} entries, but only ${chain.length} have their leaf in the log`;
  }
  let prev: string | undefined;
  for (const e of chain) {
    const hash = hasher.hashLeaf(e.leaf);
    if (!bytesEqual(hash, e.leafHash)) {
      return `leaf ${e.leafIndex} (${where}, entry ${e.seq}) does not hash to its recorded leaf hash`;
    }
    const link = linkProblem(e.seq, parseEntryBytes(e.leaf), prev);
    if (link) return `leaf ${e.leafIndex} (${where}): ${link}`;
    prev = toBase64Url(hash);
  }
  const last = chain[chain.length - 1];
  if (!last || !bytesEqual(last.leafHash, tag.head)) return `${where} does not end at the tag's recorded head`;
  return undefined;
}
