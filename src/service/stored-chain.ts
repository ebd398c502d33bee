// A tag's chain as stored, checked before anything is answered from it. Ingest checked every
// link, so a chain that no longer hashes together is damaged storage: named to the operator
// (the log stops signing) and refused with 503, never judged a counterfeit or served short.
import { bytesEqual, toBase64Url } from "../core/bytes.js";
import { parseEntryBytes } from "../core/event.js";
import type { TreeHasher } from "../core/merkle/hash.js";
import { linkProblem } from "../core/rules/link.js";
import type { ChainEntryRow, TagRow } from "../store/domain-store.js";
import type { ServiceContext } from "./context.js";

/** Reads of a tag and its chain that disagree this many times in a row are damage, not a race. */
const READS = 3;

/**
 * The tag (as read with its chain) and its chain, every entry present and linked; throws
 * LogDamageError otherwise. The tag row and the chain are separate reads, and a commit may land
 * between them (the chain then runs past the tag's head): that is a race, not damage, so the
 * pair is read again before anything is called damaged.
 */
export async function intactChain(ctx: ServiceContext, tag: TagRow): Promise<{ tag: TagRow; chain: ChainEntryRow[] }> {
  let current = tag;
  for (let read = 1; ; read++) {
    const chain = await ctx.store.chain(current.id);
    const damage = chainDamage(ctx.log.hasher, current, chain);
    if (!damage) return { tag: current, chain };
    if (read >= READS) throw ctx.log.damaged(damage);
    current = (await ctx.store.tag(current.gtin, current.serial)) ?? current;
  }
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
