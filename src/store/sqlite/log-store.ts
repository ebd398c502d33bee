// The transparency log on better-sqlite3. An append reads the tree's right edge (one node per set
// bit of the size), has the log re-derive the stored head from it, hashes the new leaves from
// the bytes as stored and the nodes they complete, and writes leaves, nodes, the new head and
// its checkpoint in one IMMEDIATE transaction: O(log n) reads and O(k) writes for k leaves.
import type Database from "better-sqlite3";
import type { Crypto } from "../../core/crypto.js";
import { extendTree } from "../../core/merkle/compact.js";
import { type TreeHasher, treeHasher } from "../../core/merkle/hash.js";
import { nodeKey } from "../../core/merkle/proof.js";
import type { NodeId } from "../../core/merkle/range.js";
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
import type { SqliteDatabase } from "./database.js";

export class SqliteLogStore implements LogStore {
  readonly #hasher: TreeHasher;
  readonly #stmt;
  readonly #basis: Database.Transaction<() => AppendBasis>;
  readonly #append: Database.Transaction<(leaves: readonly Uint8Array[], seal?: Seal) => AppendResult>;

  constructor(db: SqliteDatabase, crypto: Crypto) {
    this.#hasher = treeHasher(crypto.sha256);
    this.#stmt = {
      head: db.prepare<[], { size: number; root: Uint8Array }>("SELECT size, root FROM log_state WHERE id = 1"),
      node: db.prepare<[number, number], Uint8Array>("SELECT hash FROM log_nodes WHERE level = ? AND idx = ?").pluck(),
      leaf: db.prepare<[number], Uint8Array>("SELECT data FROM log_leaves WHERE idx = ?").pluck(),
      // Bounded by index, never by LIMIT: a missing row must not pull a later leaf into its place.
      leaves: db.prepare<[number, number], { idx: number; data: Uint8Array }>(
        "SELECT idx, data FROM log_leaves WHERE idx >= ? AND idx < ? ORDER BY idx",
      ),
      insertLeaf: db.prepare<[number, Uint8Array]>("INSERT INTO log_leaves (idx, data) VALUES (?, ?)"),
      insertNode: db.prepare<[number, number, Uint8Array]>("INSERT INTO log_nodes (level, idx, hash) VALUES (?, ?, ?)"),
      setHead: db.prepare<[number, Uint8Array, number]>(
        "UPDATE log_state SET size = ?, root = ? WHERE id = 1 AND size = ?",
      ),
      latestCheckpoint: db.prepare<[], StoredCheckpoint>(
        "SELECT size, note FROM log_checkpoints ORDER BY size DESC LIMIT 1",
      ),
      checkpointsFrom: db.prepare<[number, number], StoredCheckpoint>(
        "SELECT size, note FROM log_checkpoints WHERE size >= ? ORDER BY size LIMIT ?",
      ),
      saveCheckpoint: db.prepare<[number, string]>("INSERT OR IGNORE INTO log_checkpoints (size, note) VALUES (?, ?)"),
      latestPublished: db.prepare<[], PublishedCheckpoint>(
        "SELECT size, note, published_at AS publishedAt FROM log_published ORDER BY size DESC LIMIT 1",
      ),
      savePublished: db.prepare<[number, string, number]>(
        "INSERT OR REPLACE INTO log_published (size, note, published_at) VALUES (?, ?, ?)",
      ),
      getMeta: db.prepare<[string], string>("SELECT value FROM log_meta WHERE key = ?").pluck(),
      setMeta: db.prepare<[string, string]>("INSERT OR IGNORE INTO log_meta (key, value) VALUES (?, ?)"),
    };
    // A nested call (inside a caller's transaction) becomes a savepoint, so domain writes and
    // their log leaves can commit together.
    this.#basis = db.transaction(() => this.#readBasis());
    this.#append = db.transaction((leaves: readonly Uint8Array[], seal?: Seal) =>
      this.appendInTransaction(leaves, seal),
    );
  }

  headSync(): TreeHead {
    const row = this.#stmt.head.get();
    if (!row) throw new Error("log_state row missing: database not migrated");
    return row;
  }

  /**
   * What an append reads of the stored tree (see AppendBasis), as one snapshot: a read
   * transaction (a savepoint inside an append's own), so another connection's commit cannot land
   * between the head and the checkpoint and pass for damage.
   */
  basisSync(): AppendBasis {
    return this.#basis();
  }

  #readBasis(): AppendBasis {
    const head = this.headSync();
    const checkpoint = this.#stmt.latestCheckpoint.get();
    const nodes = this.nodesSync(basisNodeIds(head.size, checkpoint?.size));
    const last = head.size > 0 ? this.#stmt.leaf.get(head.size - 1) : undefined;
    return toBasis(head, nodes, last, checkpoint);
  }

  /** Appends inside the caller's open transaction. */
  appendInTransaction(leaves: readonly Uint8Array[], seal?: Seal): AppendResult {
    const basis = this.basisSync();
    const frontier = checkedFrontier(this.#hasher, basis, seal);
    const size = basis.size;
    for (let i = 0; i < leaves.length; i++) this.#stmt.insertLeaf.run(size + i, leaves[i] as Uint8Array);
    // The new leaves are hashed from the bytes as stored, not from the caller's copy.
    const stored = this.#stmt.leaves.all(size, size + leaves.length);
    if (stored.length !== leaves.length) throw new Error("appended leaves did not read back");
    const ext = extendTree(
      this.#hasher,
      size,
      frontier,
      stored.map((row) => this.#hasher.hashLeaf(row.data)),
    );
    for (const node of ext.nodes) this.#stmt.insertNode.run(node.level, node.index, node.hash);
    const moved = this.#stmt.setHead.run(ext.size, ext.root, size);
    if (moved.changes !== 1) throw new Error("log head moved during append");
    if (seal) this.#stmt.saveCheckpoint.run(ext.size, seal.sign({ size: ext.size, root: ext.root }));
    return { firstIndex: size, size: ext.size, root: ext.root };
  }

  appendSync(leaves: readonly Uint8Array[], seal?: Seal): AppendResult {
    return this.#append.immediate(leaves, seal);
  }

  /** Upper nodes once read (see ../node-cache.ts): a proof reads only its bottom levels from disk. */
  readonly #upper = new UpperNodeCache();

  #readNode(id: NodeId): Uint8Array | undefined {
    const cached = this.#upper.get(id);
    if (cached) return cached;
    const hash = this.#stmt.node.get(id.level, id.index);
    if (hash) this.#upper.keep(id, hash);
    return hash;
  }

  nodesSync(ids: readonly NodeId[]): Map<string, Uint8Array> {
    const out = new Map<string, Uint8Array>();
    for (const id of ids) {
      const hash = this.#readNode(id);
      if (hash) out.set(nodeKey(id), hash);
    }
    return out;
  }

  async appendLeaves(leaves: readonly Uint8Array[], seal?: Seal): Promise<AppendResult> {
    return this.appendSync(leaves, seal);
  }

  async head(): Promise<TreeHead> {
    return this.headSync();
  }

  async basis(): Promise<AppendBasis> {
    return this.basisSync();
  }

  async nodes(ids: readonly NodeId[]): Promise<Map<string, Uint8Array>> {
    return this.nodesSync(ids);
  }

  async leaf(index: number): Promise<Uint8Array | undefined> {
    return this.#stmt.leaf.get(index);
  }

  async leaves(start: number, count: number): Promise<Uint8Array[]> {
    return contiguousLeaves(start, this.#stmt.leaves.all(start, start + count), (row) => row.data);
  }

  async latestCheckpoint(): Promise<StoredCheckpoint | undefined> {
    return this.#stmt.latestCheckpoint.get();
  }

  async checkpointsFrom(size: number, limit: number): Promise<StoredCheckpoint[]> {
    return this.#stmt.checkpointsFrom.all(size, limit);
  }

  async latestPublished(): Promise<PublishedCheckpoint | undefined> {
    return this.#stmt.latestPublished.get();
  }

  async savePublished(p: PublishedCheckpoint): Promise<void> {
    this.#stmt.savePublished.run(p.size, p.note, p.publishedAt);
  }

  async saveCheckpoint(checkpoint: StoredCheckpoint): Promise<void> {
    this.#stmt.saveCheckpoint.run(checkpoint.size, checkpoint.note);
  }

  async meta(key: string, value: string): Promise<string> {
    this.#stmt.setMeta.run(key, value);
    return this.#stmt.getMeta.get(key) as string;
  }
}
