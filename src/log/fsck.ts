// Locating damage in a stored log, row by row, for the operator (`tagtrail fsck`). Where the
// log's own checks only say that something is wrong, this says where: every leaf present and
// hashing to its stored leaf hash, every stored node the hash of its two stored children, the
// head row the root of the right edge, every checkpoint signed and sealing the stored tree.
import { bytesEqual, toHex } from "../core/bytes.js";
import { parseCheckpoint } from "../core/checkpoint.js";
import type { Crypto } from "../core/crypto.js";
import { CompactRange } from "../core/merkle/compact.js";
import { type TreeHasher, treeHasher } from "../core/merkle/hash.js";
import { nodeKey } from "../core/merkle/proof.js";
import type { NodeId } from "../core/merkle/range.js";
import { type NoteVerifier, openNote } from "../core/note.js";
import type { LogStore, StoredCheckpoint } from "../store/log-store.js";

export interface Finding {
  /** The damaged row: `leaf 17`, `node 3/2`, `head`, `checkpoint 40`. */
  readonly where: string;
  readonly what: string;
}

export interface FsckReport {
  readonly size: number;
  readonly leavesChecked: number;
  readonly nodesChecked: number;
  readonly checkpointsChecked: number;
  /** At most `limit` findings (see `truncated`). */
  readonly findings: readonly Finding[];
  readonly truncated: boolean;
}

export interface FsckOptions {
  /** The log's verifier key: checkpoints' signatures are checked only with it. */
  readonly verifier?: NoteVerifier;
  readonly pageSize?: number;
  /** Stop collecting after this many findings (default 1,000). */
  readonly limit?: number;
}

const short = (h: Uint8Array) => `${toHex(h).slice(0, 16)}…`;

export async function fsck(store: LogStore, crypto: Crypto, options: FsckOptions = {}): Promise<FsckReport> {
  const hasher: TreeHasher = treeHasher(crypto.sha256);
  const page = options.pageSize ?? 4096;
  const limit = options.limit ?? 1000;
  const findings: Finding[] = [];
  let truncated = false;
  const found = (where: string, what: string) => {
    if (findings.length < limit) findings.push({ where, what });
    else truncated = true;
  };
  const head = await store.head();
  const size = head.size;
  let leavesChecked = 0;
  let nodesChecked = 0;

  // Checkpoints come in size order, a page at a time, beside the leaves.
  let pending: StoredCheckpoint[] = [];
  let nextFrom = 0;
  let exhausted = false;
  const nextCheckpoint = async (): Promise<StoredCheckpoint | undefined> => {
    if (pending.length === 0 && !exhausted) {
      pending = await store.checkpointsFrom(nextFrom, 1000);
      exhausted = pending.length < 1000;
      nextFrom = (pending[pending.length - 1]?.size ?? nextFrom) + 1;
    }
    return pending[0];
  };
  let checkpointsChecked = 0;
  /** Checks every checkpoint at `at` against `root` (undefined: the root there is unknown). */
  const checkCheckpoints = async (at: number, root: Uint8Array | undefined) => {
    for (let cp = await nextCheckpoint(); cp && cp.size <= at; cp = await nextCheckpoint()) {
      pending.shift();
      checkpointsChecked++;
      const where = `checkpoint ${cp.size}`;
      let parsed: ReturnType<typeof parseCheckpoint>;
      try {
        if (options.verifier) openNote(crypto, cp.note, [options.verifier]);
        parsed = parseCheckpoint(cp.note.slice(0, cp.note.lastIndexOf("\n\n") + 1));
      } catch (err) {
        found(where, `not a valid checkpoint of this log: ${err instanceof Error ? err.message : String(err)}`);
        continue;
      }
      if (parsed.size !== cp.size) found(where, `the row holds a checkpoint for size ${parsed.size}`);
      else if (cp.size > size) found(where, `signed for ${cp.size} leaves, but the tree has ${size}`);
      else if (root && !bytesEqual(root, parsed.root)) {
        found(where, `seals root ${short(parsed.root)}, the stored leaves up to it hash to ${short(root)}`);
      }
    }
  };

  // Leaves: present, in order, each hashing to its stored leaf hash (node 0/i); the tree they
  // make is rebuilt as it goes, so checkpoints and the head are checked against the leaves.
  const tree = CompactRange.empty(hasher);
  let rootKnown = true;
  for (let start = 0; start < size; start += page) {
    const count = Math.min(page, size - start);
    const ids = Array.from({ length: count }, (_, k) => ({ level: 0, index: start + k }));
    const [stored, leaves] = await Promise.all([store.nodes(ids), store.leaves(start, count)]);
    for (let k = 0; k < count; k++) {
      const index = start + k;
      await checkCheckpoints(index, rootKnown ? tree.root() : undefined);
      // A gap ends the page's leaves early; look each later one up on its own.
      const leaf = k < leaves.length ? leaves[k] : await store.leaf(index);
      const hash = stored.get(nodeKey({ level: 0, index }));
      const computed = leaf ? hasher.hashLeaf(leaf) : undefined;
      if (!leaf) found(`leaf ${index}`, "missing: the leaf row is gone (its stored leaf hash tells what it was)");
      if (!hash) found(`node 0/${index}`, "missing: the stored leaf hash is gone");
      if (computed && hash && !bytesEqual(computed, hash)) {
        found(`leaf ${index}`, `its bytes hash to ${short(computed)}, the stored leaf hash is ${short(hash)}`);
      }
      // A damaged leaf's stored hash still says what was signed; with neither, the root is lost.
      const known = hash ?? computed;
      if (known) tree.append(known);
      else rootKnown = false;
      leavesChecked++;
    }
  }
  await checkCheckpoints(size, rootKnown ? tree.root() : undefined);
  await checkCheckpoints(Number.MAX_SAFE_INTEGER, undefined); // any beyond the head
  if (rootKnown && !bytesEqual(tree.root(), head.root)) {
    found("head", `the stored root ${short(head.root)} is not the root of the stored leaves, ${short(tree.root())}`);
  }
  const beyond = await store.leaves(size, 1);
  if (beyond.length > 0) found(`leaf ${size}`, `present beyond the head (size ${size}): an append not committed whole`);

  // Nodes: each stored complete node is the hash of its two stored children.
  for (let level = 1; 2 ** level <= size; level++) {
    const width = Math.floor(size / 2 ** level);
    for (let start = 0; start < width; start += page) {
      const count = Math.min(page, width - start);
      const ids: NodeId[] = [];
      for (let k = 0; k < count; k++) {
        const index = start + k;
        ids.push({ level, index }, { level: level - 1, index: 2 * index }, { level: level - 1, index: 2 * index + 1 });
      }
      const stored = await store.nodes(ids);
      for (let k = 0; k < count; k++) {
        const id = { level, index: start + k };
        const hash = stored.get(nodeKey(id));
        const left = stored.get(nodeKey({ level: level - 1, index: 2 * id.index }));
        const right = stored.get(nodeKey({ level: level - 1, index: 2 * id.index + 1 }));
        nodesChecked++;
        if (!hash) found(`node ${nodeKey(id)}`, "missing");
        else if (left && right && !bytesEqual(hasher.hashChildren(left, right), hash)) {
          found(
            `node ${nodeKey(id)}`,
            `is not the hash of its children ${level - 1}/${2 * id.index} and ${level - 1}/${2 * id.index + 1}`,
          );
        }
      }
    }
  }
  return { size, leavesChecked, nodesChecked, checkpointsChecked, findings, truncated };
}
