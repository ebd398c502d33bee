// The transparency log service: appends, signed checkpoints, inclusion and consistency proofs,
// and a full replay audit. Depends on the LogStore port only, so it runs unchanged on every
// storage adapter. Over 300 lines because everything that may sign lives in this one class with
// the key and the damage state (re-derive, refuse, sign): the rule "never sign over damage" is
// easier to check when no signing path is elsewhere; the pure checks are in core/merkle/.
import { bytesEqual, concatBytes } from "../core/bytes.js";
import { type Checkpoint, formatCheckpoint, parseCheckpoint } from "../core/checkpoint.js";
import type { Crypto } from "../core/crypto.js";
import { CompactRange, type PageSummary, summarizePage } from "../core/merkle/compact.js";
import { type TreeHasher, treeHasher } from "../core/merkle/hash.js";
import { consistencyPlan, inclusionPlan, nodeKey, planNodes, resolvePlan } from "../core/merkle/proof.js";
import type { NodeId } from "../core/merkle/range.js";
import { rederiveHead, type SignedBasis } from "../core/merkle/rederive.js";
import { encodeEntryBundle, TILE_WIDTH, type TileId, tileNodes, tilePath, tileWithin } from "../core/merkle/tiles.js";
import { verifyConsistencyWith, verifyInclusionWith } from "../core/merkle/verify.js";
import { formatVerifierKey, type NoteSigner, openNote, signNote } from "../core/note.js";
import {
  type AppendBasis,
  type AppendResult,
  LogDamageError,
  type LogStore,
  type Seal,
  type StoredCheckpoint,
  type TreeHead,
} from "../store/log-store.js";
import { LogError } from "./errors.js";

export interface SignedCheckpoint extends Checkpoint {
  /** The C2SP signed note: checkpoint text, blank line, signature line. */
  readonly note: string;
}

/** A published checkpoint: its note carries the witnesses' cosignature lines after the log's signature. */
export interface PublishedSignedCheckpoint extends SignedCheckpoint {
  readonly publishedAt: number;
}

/** How long a process serves the published checkpoint it last read before reading it again. */
const PUBLISHED_TTL_MS = 250;

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

/** Where the one line an operator must see about damage goes (stderr unless told otherwise). */
export type DamageReporter = (line: string) => void;

const MAX_DAMAGE_LINES = 10;

export class TransparencyLog {
  readonly hasher: TreeHasher;
  readonly #cached: { checkpoint?: SignedCheckpoint } = {};
  /** The first damage found; from then on the log refuses to sign. */
  #damage: string | undefined;
  readonly #reported = new Set<string>();
  /** Checkpoints this process signed lately: their notes need no signature check when read back. */
  readonly #recent: SignedCheckpoint[] = [];

  constructor(
    readonly store: LogStore,
    readonly crypto: Crypto,
    readonly signer: NoteSigner,
    private readonly reportDamage: DamageReporter = (line) => console.error(line),
  ) {
    this.hasher = treeHasher(crypto.sha256);
  }

  /** What damage was found, if any: the log signs nothing while this is set. */
  get damage(): string | undefined {
    return this.#damage;
  }

  /**
   * Records damage found by any read or check and returns the error to throw: writes stop (the
   * log never signs over damage) and the operator gets one line per distinct finding.
   */
  damaged(damage: string): LogDamageError {
    this.#damage ??= damage;
    if (!this.#reported.has(damage) && this.#reported.size < MAX_DAMAGE_LINES) {
      this.#reported.add(damage);
      this.reportDamage(
        `tagtrail: LOG STORAGE DAMAGED, refusing to sign: ${damage}. Reads that can still be proven are served; writes answer 503. Run \`tagtrail fsck\` on the data directory to locate every damaged row.`,
      );
    }
    return new LogDamageError(damage);
  }

  /** The log origin: checkpoints commit to it and the signing key is named after it. */
  get origin(): string {
    return this.signer.name;
  }

  /**
   * Binds the store to this origin on first use and refuses a store created for another log,
   * then re-derives the stored tree head. Damage does not stop the log from opening: it then
   * serves what it can still prove and refuses to sign.
   */
  async open(): Promise<this> {
    const stored = await this.store.meta("origin", this.origin);
    if (stored !== this.origin) {
      throw new LogError("origin-mismatch", `this database belongs to log "${stored}", not "${this.origin}"`);
    }
    try {
      this.#check(await this.store.basis());
    } catch (err) {
      if (!(err instanceof LogDamageError)) throw err;
    }
    return this;
  }

  /**
   * The log's part in every store commit: re-derive the stored tree the commit read before
   * anything is signed over it, then sign the new head.
   */
  readonly seal: Seal = {
    check: (basis) => this.#check(basis),
    sign: (head) => this.#signChecked(head).note,
  };

  /** Re-derives the stored tree against the newest checkpoint this log signed; throws on damage. */
  #check(basis: AppendBasis): readonly Uint8Array[] {
    if (this.#damage !== undefined) throw new LogDamageError(this.#damage);
    let signed: SignedBasis | undefined;
    const stored = basis.checkpoint;
    const known = this.#cached.checkpoint;
    if (stored) {
      let checkpoint: Checkpoint | undefined = this.#recent.find((c) => c.note === stored.note);
      if (!checkpoint) {
        try {
          openNote(this.crypto, stored.note, [this.signer]);
          checkpoint = this.#parseOwn(stored.note);
        } catch {
          throw this.damaged(`the stored checkpoint at size ${stored.size} does not carry this log's valid signature`);
        }
      }
      if (checkpoint.size !== stored.size) {
        throw this.damaged(`the checkpoint row at size ${stored.size} holds a checkpoint for size ${checkpoint.size}`);
      }
      signed = {
        size: checkpoint.size,
        root: checkpoint.root,
        ...(basis.consistencyNodes ? { consistencyNodes: basis.consistencyNodes } : {}),
      };
    } else if (known && known.size > 0) {
      throw this.damaged(`no checkpoint is stored, but this log signed one at size ${known.size}`);
    }
    const derived = rederiveHead(this.hasher, basis, signed);
    if (!derived.ok) throw this.damaged(derived.damage);
    return derived.frontier;
  }

  #signChecked(head: TreeHead): SignedCheckpoint {
    if (this.#damage !== undefined) throw new LogDamageError(this.#damage);
    return this.#sign(head);
  }

  verifierKey(): string {
    return formatVerifierKey(this.signer);
  }

  /** Appends leaves and, in the same commit, the signed checkpoint of the new tree head. */
  async append(leaves: readonly Uint8Array[]): Promise<AppendResult> {
    let signed: SignedCheckpoint | undefined;
    const result = await this.store.appendLeaves(leaves, {
      check: this.seal.check,
      sign: (head) => {
        signed = this.#signChecked(head);
        return signed.note;
      },
    });
    if (signed) this.#remember(signed);
    return result;
  }

  #remember(signed: SignedCheckpoint): void {
    const cached = this.#cached.checkpoint;
    if (!cached || cached.size <= signed.size) this.#cached.checkpoint = signed;
  }

  /**
   * The newest signed checkpoint, signing one for the current tree head if none covers it yet
   * (only after re-deriving that head). With damage found, the newest one already signed.
   */
  async checkpoint(): Promise<SignedCheckpoint> {
    const head = await this.store.head();
    const cached = this.#cached.checkpoint;
    if (cached && cached.size === head.size) return cached;
    const latest = await this.store.latestCheckpoint();
    let signed: SignedCheckpoint;
    // A checkpoint newer than the head just read means a commit landed between the two reads
    // (another writer: Node's writer thread, the Sequencer): serve it, it is signed and newer.
    if (latest && (latest.size >= head.size || this.#damage !== undefined)) {
      try {
        openNote(this.crypto, latest.note, [this.signer]);
        signed = this.#parseOwn(latest.note);
      } catch {
        throw this.damaged(`the stored checkpoint at size ${latest.size} does not carry this log's valid signature`);
      }
    } else {
      const basis = await this.store.basis();
      this.#check(basis);
      signed = this.#signChecked({ size: basis.size, root: basis.root });
      await this.store.saveCheckpoint({ size: signed.size, note: signed.note });
    }
    this.#remember(signed);
    return signed;
  }

  /** The newest published checkpoint as last read, and when (ms): read again after PUBLISHED_TTL_MS. */
  #published: { checkpoint: PublishedSignedCheckpoint; readAt: number } | undefined;

  /**
   * The newest published checkpoint (cosigned by the policy's quorum, or the log's own where no
   * policy asks for witnesses), read at most every PUBLISHED_TTL_MS; undefined before the first
   * publication. Its signature by this log is checked when read.
   */
  async published(now = Date.now()): Promise<PublishedSignedCheckpoint | undefined> {
    const known = this.#published;
    if (known && now - known.readAt < PUBLISHED_TTL_MS) return known.checkpoint;
    const stored = await this.store.latestPublished();
    if (!stored) return undefined;
    if (known && known.checkpoint.note === stored.note) {
      this.#published = { checkpoint: known.checkpoint, readAt: now };
      return known.checkpoint;
    }
    let checkpoint: PublishedSignedCheckpoint;
    try {
      openNote(this.crypto, stored.note, [this.signer]);
      checkpoint = { ...this.#parseOwn(stored.note), publishedAt: stored.publishedAt };
    } catch {
      throw this.damaged(`the published checkpoint at size ${stored.size} does not carry this log's valid signature`);
    }
    this.#published = { checkpoint, readAt: now };
    return checkpoint;
  }

  /** Records a publication and serves it at once from this process. */
  async publish(note: string, publishedAt: number): Promise<PublishedSignedCheckpoint> {
    const checkpoint = { ...this.#parseOwn(note), publishedAt };
    await this.store.savePublished({ size: checkpoint.size, note, publishedAt });
    this.#published = { checkpoint, readAt: publishedAt };
    return checkpoint;
  }

  #sign(head: TreeHead): SignedCheckpoint {
    const checkpoint = { origin: this.origin, size: head.size, root: head.root };
    const signed = { ...checkpoint, note: signNote(this.crypto, formatCheckpoint(checkpoint), this.signer) };
    this.#recent.push(signed);
    if (this.#recent.length > 8) this.#recent.shift();
    return signed;
  }

  #parseOwn(note: string): SignedCheckpoint {
    const text = note.slice(0, note.lastIndexOf("\n\n") + 1);
    return { ...parseCheckpoint(text), note };
  }

  /** Resolves a proof plan from stored nodes; a missing node is damage, named. */
  async #resolve(plan: ReturnType<typeof inclusionPlan>, what: string): Promise<Uint8Array[]> {
    try {
      return resolvePlan(this.hasher, plan, await this.store.nodes(planNodes(plan)));
    } catch (err) {
      if (err instanceof LogDamageError) throw err;
      throw this.damaged(`${what}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** RFC 9162 inclusion proof for the leaf at `index` in the tree of `size`. */
  async inclusionProof(index: number, size: number): Promise<Uint8Array[]> {
    return this.#resolve(inclusionPlan(index, size), `inclusion proof for leaf ${index} in ${size}`);
  }

  /**
   * An inclusion proof for `leafHash` at `index` in `checkpoint`, checked before it is served:
   * a proof built from damaged nodes is named as damage, never handed out as a wrong answer.
   */
  async provenInclusion(index: number, leafHash: Uint8Array, checkpoint: Checkpoint): Promise<Uint8Array[]> {
    const proof = await this.inclusionProof(index, checkpoint.size);
    if (!verifyInclusionWith(this.hasher, leafHash, index, checkpoint.size, proof, checkpoint.root)) {
      throw this.damaged(
        `leaf ${index} is not included in the signed checkpoint at size ${checkpoint.size}: its bytes or a stored node on its path changed`,
      );
    }
    return proof;
  }

  /** RFC 9162 consistency proof between two tree sizes, both at most the current size. */
  async consistencyProof(size1: number, size2: number): Promise<Uint8Array[]> {
    return (await this.checkedConsistencyProof(size1, size2)).proof;
  }

  /**
   * A consistency proof, verified before it is served against the roots this log signed at both
   * sizes when it signed checkpoints there (a proof built from damaged nodes is named as damage,
   * never handed to an auditor as a fork). `verified` is false when a size has no checkpoint:
   * such a proof is only as good as the stored nodes, and should not be cached for long.
   */
  async checkedConsistencyProof(size1: number, size2: number): Promise<{ proof: Uint8Array[]; verified: boolean }> {
    const head = await this.store.head();
    if (size2 > head.size) throw new LogError("size-out-of-range", `the log has ${head.size} entries`);
    if (size1 > size2) throw new LogError("invalid-range", "from must not exceed to");
    const proof = await this.#resolve(consistencyPlan(size1, size2), `consistency proof from ${size1} to ${size2}`);
    const [from, to] = await Promise.all([this.#signedAt(size1), this.#signedAt(size2)]);
    if (!from || !to) return { proof, verified: false };
    if (!verifyConsistencyWith(this.hasher, size1, size2, proof, from.root, to.root)) {
      throw this.damaged(
        `the stored nodes between sizes ${size1} and ${size2} do not prove the checkpoints this log signed there consistent`,
      );
    }
    return { proof, verified: true };
  }

  /** The checkpoint this log stored at exactly `size`, parsed, if there is one. */
  async #signedAt(size: number): Promise<Checkpoint | undefined> {
    if (size === 0) return { origin: this.origin, size: 0, root: this.hasher.emptyRoot() };
    const [stored] = await this.store.checkpointsFrom(size, 1);
    if (stored?.size !== size) return undefined;
    const recent = this.#recent.find((c) => c.note === stored.note);
    if (recent) return recent;
    try {
      return this.#parseOwn(stored.note);
    } catch {
      throw this.damaged(`the stored checkpoint at size ${size} cannot be read`);
    }
  }

  /**
   * Up to `count` leaves from `start`, within the newest checkpoint, for auditors replaying the
   * log; each leaf's bytes are checked against its stored leaf hash before it is served.
   */
  async leaves(start: number, count: number): Promise<{ size: number; leaves: Uint8Array[] }> {
    const { size } = await this.checkpoint();
    if (start > size) throw new LogError("size-out-of-range", `the log has ${size} entries`);
    const wanted = Math.min(count, size - start);
    const [leaves, hashes] = await Promise.all([
      this.store.leaves(start, wanted),
      this.store.nodes(Array.from({ length: wanted }, (_, k) => ({ level: 0, index: start + k }))),
    ]);
    if (leaves.length < wanted) throw this.damaged(`leaf ${start + leaves.length} is missing from storage`);
    for (const [k, leaf] of leaves.entries()) {
      const stored = hashes.get(nodeKey({ level: 0, index: start + k }));
      if (!stored || !bytesEqual(stored, this.hasher.hashLeaf(leaf))) {
        throw this.damaged(`leaf ${start + k}'s bytes do not hash to its stored leaf hash`);
      }
    }
    return { size, leaves };
  }

  /**
   * A C2SP tlog-tiles resource within the newest checkpoint: a hash tile (stored complete nodes of
   * tree level 8·L, concatenated) or an entry bundle (leaves checked against their stored hashes).
   */
  async tile(t: TileId): Promise<Uint8Array> {
    const { size } = await this.checkpoint();
    if (!tileWithin(t, size)) {
      throw new LogError("entry-not-found", `no tile ${tilePath(t)} in the tree of ${size} entries`);
    }
    if (t.level === "entries") {
      const { leaves } = await this.leaves(t.index * TILE_WIDTH, t.width);
      return encodeEntryBundle(leaves);
    }
    const ids = tileNodes(t);
    const nodes = await this.store.nodes(ids);
    const hashes = ids.map((id) => nodes.get(nodeKey(id)));
    const missing = hashes.findIndex((h) => h === undefined);
    if (missing >= 0) throw this.damaged(`node ${nodeKey(ids[missing] as NodeId)} of tile ${tilePath(t)} is missing`);
    return concatBytes(...(hashes as Uint8Array[]));
  }

  /** A leaf with its inclusion proof against the newest checkpoint, and that checkpoint. */
  async entry(index: number): Promise<LogEntry> {
    const checkpoint = await this.checkpoint();
    if (index >= checkpoint.size) {
      throw new LogError("entry-not-found", `no entry ${index}: the log has ${checkpoint.size} entries`);
    }
    const leaf = await this.store.leaf(index);
    if (!leaf) throw this.damaged(`leaf ${index} is missing from storage`);
    const leafHash = this.hasher.hashLeaf(leaf);
    const proof = await this.provenInclusion(index, leafHash, checkpoint);
    return { index, leaf, leafHash, proof, checkpoint };
  }

  /**
   * Replays every stored leaf: recomputes the root at each signed checkpoint and at the head and
   * compares it with what was stored and signed. Pages of leaves are summarised independently
   * (by `options.summarize`, which may run them in parallel) and folded in order.
   * Throws LogError("audit-failed") on any mismatch.
   */
  async audit(options: AuditOptions = {}): Promise<AuditReport> {
    const pageSize = options.pageSize ?? 16_384;
    if (!Number.isInteger(Math.log2(pageSize))) throw new RangeError("page size must be a power of two");
    const summarize: PageSummarizer =
      options.summarize ??
      (async (start, end, sizes) =>
        summarizePage(this.hasher, start, await this.store.leaves(start, end - start), sizes));
    const ahead = Math.max(1, options.concurrency ?? 1);
    const head = await this.store.head();
    const tree = CompactRange.empty(this.hasher);
    let checked = 0;
    const check = (note: string, root: Uint8Array, size: number) => {
      openNote(this.crypto, note, [this.signer]);
      const signed = this.#parseOwn(note);
      if (signed.size !== size || !bytesEqual(signed.root, root)) {
        throw new LogError("audit-failed", `checkpoint at size ${signed.size} does not match the stored leaves`);
      }
      checked++;
    };
    for (const cp of await this.store.checkpointsFrom(0, 1)) if (cp.size === 0) check(cp.note, tree.root(), 0);

    // Pages in flight: each with the checkpoints that fall inside it.
    const pending: { start: number; end: number; due: StoredCheckpoint[]; summary: Promise<PageSummary> }[] = [];
    let next = 0;
    const launch = async () => {
      const start = next;
      const end = Math.min(start + pageSize, head.size);
      next = end;
      const due = (await this.store.checkpointsFrom(start + 1, end - start)).filter((c) => c.size <= end);
      const summary = summarize(
        start,
        end,
        due.map((c) => c.size),
      );
      summary.catch(() => {}); // observed below, in order
      pending.push({ start, end, due, summary });
    };
    while (next < head.size || pending.length > 0) {
      while (next < head.size && pending.length < ahead) await launch();
      const page = pending.shift() as (typeof pending)[number];
      const summary = await page.summary;
      if (summary.end !== page.end)
        throw new LogError("audit-failed", `leaves missing in [${page.start}, ${page.end})`);
      for (const cp of page.due) {
        const at = tree.clone();
        for (const node of summary.at.get(cp.size) ?? []) at.appendSubtree(node);
        check(cp.note, at.root(), at.size);
      }
      for (const node of summary.nodes) tree.appendSubtree(node);
    }
    const root = tree.root();
    if (!bytesEqual(root, head.root))
      throw new LogError("audit-failed", "stored tree head does not match the stored leaves");
    return { size: head.size, root, checkpointsChecked: checked };
  }
}

/** Re-hashes leaves [start, end) and reports the compact ranges at `sizes` (see summarizePage). */
export type PageSummarizer = (start: number, end: number, sizes: readonly number[]) => Promise<PageSummary>;

export interface AuditOptions {
  /** Leaves per page, a power of two (default 16,384). */
  readonly pageSize?: number;
  readonly summarize?: PageSummarizer;
  /** Pages summarised at once (default 1; more only helps a parallel summarizer). */
  readonly concurrency?: number;
}
