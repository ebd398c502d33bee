// The transparency log service: appends, signed checkpoints, inclusion and consistency proofs,
// and a full replay audit. Depends on the LogStore port only, so it runs unchanged on every
// storage adapter.
import { bytesEqual } from "../core/bytes.js";
import { type Checkpoint, formatCheckpoint, parseCheckpoint } from "../core/checkpoint.js";
import type { Crypto } from "../core/crypto.js";
import { CompactRange } from "../core/merkle/compact.js";
import { type TreeHasher, treeHasher } from "../core/merkle/hash.js";
import { consistencyPlan, inclusionPlan, planNodes, resolvePlan } from "../core/merkle/proof.js";
import { formatVerifierKey, type NoteSigner, openNote, signNote } from "../core/note.js";
import type { AppendResult, LogStore, TreeHead } from "../store/log-store.js";
import { LogError } from "./errors.js";

export interface SignedCheckpoint extends Checkpoint {
  /** The C2SP signed note: checkpoint text, blank line, signature line. */
  readonly note: string;
}

export interface LogEntry {
  readonly index: number;
  readonly leaf: Uint8Array;
  readonly leafHash: Uint8Array;
  readonly proof: Uint8Array[];
  readonly checkpoint: SignedCheckpoint;
}

export interface AuditReport {
  readonly size: number;
  readonly root: Uint8Array;
  readonly checkpointsChecked: number;
}

export class TransparencyLog {
  readonly hasher: TreeHasher;
  readonly #cached: { checkpoint?: SignedCheckpoint } = {};

  constructor(
    readonly store: LogStore,
    readonly crypto: Crypto,
    readonly signer: NoteSigner,
  ) {
    this.hasher = treeHasher(crypto.sha256);
  }

  /** The log origin: checkpoints commit to it and the signing key is named after it. */
  get origin(): string {
    return this.signer.name;
  }

  /** Binds the store to this origin on first use and refuses a store created for another log. */
  async open(): Promise<this> {
    const stored = await this.store.meta("origin", this.origin);
    if (stored !== this.origin) {
      throw new LogError("origin-mismatch", `this database belongs to log "${stored}", not "${this.origin}"`);
    }
    return this;
  }

  verifierKey(): string {
    return formatVerifierKey(this.signer);
  }

  async append(leaves: readonly Uint8Array[]): Promise<AppendResult> {
    const result = await this.store.appendLeaves(leaves);
    await this.checkpoint();
    return result;
  }

  /** The newest signed checkpoint, signing one for the current tree head if none covers it yet. */
  async checkpoint(): Promise<SignedCheckpoint> {
    const head = await this.store.head();
    const cached = this.#cached.checkpoint;
    if (cached && cached.size === head.size) return cached;
    const latest = await this.store.latestCheckpoint();
    let signed: SignedCheckpoint;
    if (latest && latest.size === head.size) {
      signed = this.#parseOwn(latest.note);
    } else {
      signed = this.#sign(head);
      await this.store.saveCheckpoint({ size: signed.size, note: signed.note });
    }
    if (!this.#cached.checkpoint || this.#cached.checkpoint.size <= signed.size) this.#cached.checkpoint = signed;
    return signed;
  }

  #sign(head: TreeHead): SignedCheckpoint {
    const checkpoint = { origin: this.origin, size: head.size, root: head.root };
    return { ...checkpoint, note: signNote(this.crypto, formatCheckpoint(checkpoint), this.signer) };
  }

  #parseOwn(note: string): SignedCheckpoint {
    const text = note.slice(0, note.lastIndexOf("\n\n") + 1);
    return { ...parseCheckpoint(text), note };
  }

  /** RFC 9162 inclusion proof for the leaf at `index` in the tree of `size`. */
  async inclusionProof(index: number, size: number): Promise<Uint8Array[]> {
    const plan = inclusionPlan(index, size);
    return resolvePlan(this.hasher, plan, await this.store.nodes(planNodes(plan)));
  }

  /** RFC 9162 consistency proof between two tree sizes, both at most the current size. */
  async consistencyProof(size1: number, size2: number): Promise<Uint8Array[]> {
    const head = await this.store.head();
    if (size2 > head.size) throw new LogError("size-out-of-range", `the log has ${head.size} entries`);
    if (size1 > size2) throw new LogError("invalid-range", "from must not exceed to");
    const plan = consistencyPlan(size1, size2);
    return resolvePlan(this.hasher, plan, await this.store.nodes(planNodes(plan)));
  }

  /** A leaf with its inclusion proof against the newest checkpoint, and that checkpoint. */
  async entry(index: number): Promise<LogEntry> {
    const checkpoint = await this.checkpoint();
    if (index >= checkpoint.size) {
      throw new LogError("entry-not-found", `no entry ${index}: the log has ${checkpoint.size} entries`);
    }
    const leaf = await this.store.leaf(index);
    if (!leaf) throw new Error(`leaf ${index} missing from storage`);
    const proof = await this.inclusionProof(index, checkpoint.size);
    return { index, leaf, leafHash: this.hasher.hashLeaf(leaf), proof, checkpoint };
  }

  /**
   * Replays every stored leaf: recomputes the root at each signed checkpoint and at the head and
   * compares it with what was stored and signed. Throws LogError("audit-failed") on a mismatch.
   */
  async audit(pageSize = 4096): Promise<AuditReport> {
    const head = await this.store.head();
    const range = CompactRange.empty(this.hasher);
    let checked = 0;
    const check = (note: string) => {
      openNote(this.crypto, note, [this.signer]);
      const signed = this.#parseOwn(note);
      if (signed.size !== range.size || !bytesEqual(signed.root, range.root())) {
        throw new LogError("audit-failed", `checkpoint at size ${signed.size} does not match the stored leaves`);
      }
      checked++;
    };
    let start = 0;
    do {
      const end = Math.min(start + pageSize, head.size);
      // Checkpoints with size in (start, end], and size 0 on the first page: at most one per size.
      const from = start === 0 ? 0 : start + 1;
      const due = (await this.store.checkpointsFrom(from, end - from + 1)).filter((c) => c.size <= end);
      let next = 0;
      while (due[next]?.size === range.size) check((due[next++] as { note: string }).note);
      const page = end > start ? await this.store.leaves(start, end - start) : [];
      if (page.length !== end - start)
        throw new LogError("audit-failed", `leaves missing after index ${start + page.length}`);
      for (const leaf of page) {
        range.append(this.hasher.hashLeaf(leaf));
        while (due[next]?.size === range.size) check((due[next++] as { note: string }).note);
      }
      start = end;
    } while (start < head.size);
    const root = range.root();
    if (!bytesEqual(root, head.root))
      throw new LogError("audit-failed", "stored tree head does not match the stored leaves");
    return { size: head.size, root, checkpointsChecked: checked };
  }
}
