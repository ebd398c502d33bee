// The transparency log on D1. D1 has no interactive transactions, so an append reads the tree's
// right edge first, computes the new nodes, and writes leaves, nodes, head and checkpoint in one
// batch() (one SQL transaction). The batch is guarded by the tables' keys: leaves at indices
// [size, size + k) and a checkpoint at the new size can be inserted only once, so two appends
// that read the same head cannot both commit — the loser's batch fails whole and is re-planned.
// Appends through one store object are also queued, so they do not race each other at all.
import { toHex } from "../../core/bytes.js";
import type { Crypto } from "../../core/crypto.js";
import { extendTree } from "../../core/merkle/compact.js";
import { type TreeHasher, treeHasher } from "../../core/merkle/hash.js";
import { nodeKey } from "../../core/merkle/proof.js";
import type { NodeId } from "../../core/merkle/range.js";
import { DuplicateError } from "../domain-store.js";
import { basisNodeIds, checkedFrontier, contiguousLeaves, toBasis } from "../log-basis.js";
import type {
  AppendBasis,
  AppendResult,
  LogStore,
  PublishedCheckpoint,
  Seal,
  StoredCheckpoint,
  TreeHead,
} from "../log-store.js";
import { UpperNodeCache } from "../node-cache.js";
import { asBytes, type BlobColumn } from "../sql/rows.js";
import { brokenConstraint, type D1Database, type D1PreparedStatement, jsonChunks } from "./d1.js";

/**
 * Plans of an append before giving up when other writers keep taking the head first. Through
 * the Sequencer no append ever loses; this bounds writers that bypass it (the guards hold either way).
 */
const APPEND_ATTEMPTS = 64;

/** What an append needs to read before it can plan: the stored tree as the log will check it. */
type Tip = AppendBasis;

/** An append planned against a head: the statements that make it, and what it yields. */
export interface AppendPlan {
  readonly statements: D1PreparedStatement[];
  readonly result: AppendResult;
  /** The stored tree after the append, kept if the batch commits (undefined: read it again). */
  readonly tip: Tip | undefined;
}

export class D1LogStore implements LogStore {
  readonly #db: D1Database;
  readonly #hasher: TreeHasher;
  /** Writes through this object run one at a time, in arrival order. */
  #queue: Promise<unknown> = Promise.resolve();
  /**
   * The stored tree as this object's last commit left it (right edge, last leaf, checkpoint). A
   * sole writer (the Sequencer) then plans each append with no read at all: one D1 round trip
   * per commit. If another writer moved the log meanwhile, the batch's guards refuse it, the tip
   * is dropped and re-read. D1 cannot read inside a batch, so new leaves are hashed from the
   * bytes bound into it; the log's seal still re-derives every tree it signs from this tip.
   */
  #tip: Tip | undefined;

  constructor(db: D1Database, crypto: Crypto) {
    this.#db = db;
    this.#hasher = treeHasher(crypto.sha256);
  }

  get db(): D1Database {
    return this.#db;
  }

  /** Runs `fn` after every write queued before it (the single-writer section). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Plans appending `leaves` at the current head: the statements write the leaves, their leaf
   * hashes and every node they complete, move the head (only from the size read) and store the
   * sealed checkpoint. Run them in one batch, with whatever else must commit with them.
   */
  async planAppend(leaves: readonly Uint8Array[], seal?: Seal): Promise<AppendPlan> {
    const basis = this.#tip ?? (await this.basis());
    const frontier = checkedFrontier(this.#hasher, basis, seal);
    const size = basis.size;
    const leafHashes = leaves.map((leaf) => this.#hasher.hashLeaf(leaf));
    const ext = extendTree(this.#hasher, size, frontier, leafHashes);
    const db = this.#db;
    const statements: D1PreparedStatement[] = [];
    for (const chunk of jsonChunks(leaves.map((leaf, i) => [size + i, toHex(leaf)]))) {
      statements.push(
        db
          .prepare("INSERT INTO log_leaves (idx, data) SELECT value ->> 0, unhex(value ->> 1) FROM json_each(?1)")
          .bind(chunk),
      );
    }
    for (const chunk of jsonChunks(ext.nodes.map((n) => [n.level, n.index, toHex(n.hash)]))) {
      statements.push(
        db
          .prepare(
            `INSERT INTO log_nodes (level, idx, hash)
             SELECT value ->> 0, value ->> 1, unhex(value ->> 2) FROM json_each(?1)`,
          )
          .bind(chunk),
      );
    }
    statements.push(
      db
        .prepare("UPDATE log_state SET size = ?1, root = unhex(?2) WHERE id = 1 AND size = ?3")
        .bind(ext.size, toHex(ext.root), size),
    );
    const note = seal?.sign({ size: ext.size, root: ext.root });
    if (note !== undefined) {
      statements.push(db.prepare("INSERT INTO log_checkpoints (size, note) VALUES (?1, ?2)").bind(ext.size, note));
    }
    const last = leaves.length - 1;
    return {
      statements,
      result: { firstIndex: size, size: ext.size, root: ext.root },
      // Unsealed (tests of the store alone): the next append reads the stored tree again.
      tip:
        note === undefined || last < 0
          ? undefined
          : {
              size: ext.size,
              root: ext.root,
              frontier: ext.frontier,
              lastLeaf: { data: leaves[last] as Uint8Array, hash: leafHashes[last] as Uint8Array },
              checkpoint: { size: ext.size, note },
            },
    };
  }

  /** Reads the stored tree: head and newest checkpoint in one batch, then the nodes and last leaf. */
  async basis(): Promise<AppendBasis> {
    const db = this.#db;
    const [headRows, checkpointRows] = await db.batch([
      db.prepare("SELECT size, root FROM log_state WHERE id = 1"),
      db.prepare("SELECT size, note FROM log_checkpoints ORDER BY size DESC LIMIT 1"),
    ]);
    const row = headRows?.results[0] as { size: number; root: BlobColumn } | undefined;
    if (!row) throw new Error("log_state row missing: database not migrated");
    const head = { size: row.size, root: asBytes(row.root) };
    const checkpoint = checkpointRows?.results[0] as StoredCheckpoint | undefined;
    const [nodes, last] = await Promise.all([
      this.nodes(basisNodeIds(head.size, checkpoint?.size)),
      head.size > 0 ? this.leaf(head.size - 1) : undefined,
    ]);
    return toBasis(head, nodes, last, checkpoint);
  }

  /**
   * Plans and commits with `plan`, re-planning when another writer appended first (its leaves
   * took our indices, so our whole batch was refused). Other failures are the caller's.
   */
  async commitPlanned<T>(
    plan: () => Promise<{ statements: D1PreparedStatement[]; tip: Tip | undefined; value: T }>,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const { statements, tip, value } = await plan();
      try {
        await this.#db.batch(statements);
        this.#tip = tip;
        return value;
      } catch (err) {
        const broken = brokenConstraint(err);
        // A batch refused by an index table's guard got past the log's own, so the tip was
        // right; after anything else, read it again.
        if (broken === undefined || broken.startsWith("log_")) this.#tip = undefined;
        const lostRace = broken === "log_leaves.idx" || broken === "log_checkpoints.size";
        if (!lostRace) throw err;
        if (attempt >= APPEND_ATTEMPTS) {
          throw new DuplicateError(`the log moved on ${attempt} times while this commit was planned; retry`);
        }
        // Jittered backoff, so racing writers stop colliding in lock-step.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
      }
    }
  }

  async appendLeaves(leaves: readonly Uint8Array[], seal?: Seal): Promise<AppendResult> {
    return this.exclusive(() =>
      this.commitPlanned(async () => {
        const { statements, result, tip } = await this.planAppend(leaves, seal);
        return { statements, tip, value: result };
      }),
    );
  }

  async head(): Promise<TreeHead> {
    const row = await this.#db.prepare("SELECT size, root FROM log_state WHERE id = 1").first<{
      size: number;
      root: BlobColumn;
    }>();
    if (!row) throw new Error("log_state row missing: database not migrated");
    return { size: row.size, root: asBytes(row.root) };
  }

  /** Upper nodes once read (see ../node-cache.ts). */
  readonly #upper = new UpperNodeCache();

  async nodes(ids: readonly NodeId[]): Promise<Map<string, Uint8Array>> {
    const out = new Map<string, Uint8Array>();
    const wanted: NodeId[] = [];
    for (const id of ids) {
      const cached = this.#upper.get(id);
      if (cached) out.set(nodeKey(id), cached);
      else wanted.push(id);
    }
    if (wanted.length === 0) return out;
    const { results } = await this.#db
      .prepare(
        `SELECT n.level, n.idx, n.hash FROM json_each(?1) j
         JOIN log_nodes n ON n.level = j.value ->> 0 AND n.idx = j.value ->> 1`,
      )
      .bind(JSON.stringify(wanted.map((id) => [id.level, id.index])))
      .all<{ level: number; idx: number; hash: BlobColumn }>();
    for (const r of results) {
      const id = { level: r.level, index: r.idx };
      const hash = asBytes(r.hash);
      out.set(nodeKey(id), hash);
      this.#upper.keep(id, hash);
    }
    return out;
  }

  async leaf(index: number): Promise<Uint8Array | undefined> {
    const row = await this.#db.prepare("SELECT data FROM log_leaves WHERE idx = ?1").bind(index).first<{
      data: BlobColumn;
    }>();
    return row ? asBytes(row.data) : undefined;
  }

  async leaves(start: number, count: number): Promise<Uint8Array[]> {
    // Bounded by index, never by LIMIT: a missing row must not pull a later leaf into its place.
    const { results } = await this.#db
      .prepare("SELECT idx, data FROM log_leaves WHERE idx >= ?1 AND idx < ?2 ORDER BY idx")
      .bind(start, start + count)
      .all<{ idx: number; data: BlobColumn }>();
    return contiguousLeaves(start, results, (r) => asBytes(r.data));
  }

  async latestCheckpoint(): Promise<StoredCheckpoint | undefined> {
    const row = await this.#db
      .prepare("SELECT size, note FROM log_checkpoints ORDER BY size DESC LIMIT 1")
      .first<StoredCheckpoint>();
    return row ?? undefined;
  }

  async latestPublished(): Promise<PublishedCheckpoint | undefined> {
    const row = await this.#db
      .prepare("SELECT size, note, published_at AS publishedAt FROM log_published ORDER BY size DESC LIMIT 1")
      .first<PublishedCheckpoint>();
    return row ?? undefined;
  }

  async savePublished(p: PublishedCheckpoint): Promise<void> {
    await this.#db
      .prepare("INSERT OR REPLACE INTO log_published (size, note, published_at) VALUES (?1, ?2, ?3)")
      .bind(p.size, p.note, p.publishedAt)
      .run();
  }

  async checkpointsFrom(size: number, limit: number): Promise<StoredCheckpoint[]> {
    const { results } = await this.#db
      .prepare("SELECT size, note FROM log_checkpoints WHERE size >= ?1 ORDER BY size LIMIT ?2")
      .bind(size, limit)
      .all<StoredCheckpoint>();
    return results;
  }

  async saveCheckpoint(checkpoint: StoredCheckpoint): Promise<void> {
    await this.#db
      .prepare("INSERT OR IGNORE INTO log_checkpoints (size, note) VALUES (?1, ?2)")
      .bind(checkpoint.size, checkpoint.note)
      .run();
  }

  async meta(key: string, value: string): Promise<string> {
    const [, row] = await this.#db.batch([
      this.#db.prepare("INSERT OR IGNORE INTO log_meta (key, value) VALUES (?1, ?2)").bind(key, value),
      this.#db.prepare("SELECT value FROM log_meta WHERE key = ?1").bind(key),
    ]);
    const stored = row?.results[0] as { value: string } | undefined;
    if (!stored) throw new Error(`log_meta ${key} missing after insert`);
    return stored.value;
  }
}
