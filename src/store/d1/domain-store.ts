// Parties, tags, chains and scan counts on D1. A commit is one batch() (one SQL transaction):
// the log append (see ./log-store.ts) and every index row (./index-statements.ts, guarded by the
// schema). Commits that queue behind one in flight share a batch (../group-commit.ts); this file
// says only how D1 commits them and how a refused batch names its fault. A refused batch writes
// nothing.
import { toHex } from "../../core/bytes.js";
import {
  type DomainCommits,
  type DomainStore,
  type DomainWrite,
  DuplicateError,
  HeadMovedError,
  type ReportLimits,
  type ReportRow,
  type ScanCount,
  type TapCount,
  withCommits,
} from "../domain-store.js";
import { GroupCommit, type QueuedCommit } from "../group-commit.js";
import type { AppendResult, Seal } from "../log-store.js";
import {
  ADD_REPORT_SQL,
  ADD_SCANS_SQL,
  ADVANCE_TAP_SQL,
  asBytes,
  type BlobColumn,
  PURGE_SCANS_SQL,
  reportParams,
  TAP_STATE_SQL,
} from "../sql/rows.js";
import { brokenConstraint, type D1Database, jsonChunks } from "./d1.js";
import { D1DomainReads } from "./domain-reads.js";
import { indexStatements } from "./index-statements.js";
import type { D1LogStore } from "./log-store.js";

type EventWrite = Extract<DomainWrite, { kind: "event" }>;

/** The domain store on D1: reads from `log`'s database, commits appended through `log`. */
export function d1DomainStore(log: D1LogStore): DomainStore {
  return withCommits(new D1DomainReads(log.db), new D1DomainCommits(log));
}

export class D1DomainCommits implements DomainCommits {
  readonly #db: D1Database;
  readonly #log: D1LogStore;
  readonly #group: GroupCommit;

  constructor(log: D1LogStore) {
    this.#db = log.db;
    this.#log = log;
    // Each batch runs in the log's single-writer section, after any append queued before it.
    this.#group = new GroupCommit({
      commitOne: (c) => log.exclusive(() => this.#commitOne(c)),
      commitGroup: (group) => log.exclusive(() => this.#commitGroup(group)),
    });
  }

  commit(writes: readonly DomainWrite[], loggedAt: number, seal: Seal): Promise<AppendResult> {
    return this.#group.commit(writes, loggedAt, seal);
  }

  /** One batch for several commits: their leaves in order, each one's index rows after its own. */
  async #commitGroup(group: readonly QueuedCommit[]): Promise<AppendResult[]> {
    return this.#log.commitPlanned(async () => {
      const seal = (group[group.length - 1] as QueuedCommit).seal;
      const { statements, result, tip } = await this.#log.planAppend(
        group.flatMap((c) => c.writes.map((w) => w.leaf)),
        seal,
      );
      const results: AppendResult[] = [];
      let first = result.firstIndex;
      for (const c of group) {
        statements.push(...indexStatements(this.#db, c.writes, first, c.loggedAt));
        results.push({ ...result, firstIndex: first });
        first += c.writes.length;
      }
      return { statements, tip, value: results };
    });
  }

  async #commitOne({ writes, loggedAt, seal }: QueuedCommit): Promise<AppendResult> {
    try {
      return await this.#log.commitPlanned(async () => {
        const { statements, result, tip } = await this.#log.planAppend(
          writes.map((w) => w.leaf),
          seal,
        );
        statements.push(...indexStatements(this.#db, writes, result.firstIndex, loggedAt));
        return { statements, tip, value: result };
      });
    } catch (err) {
      if (err instanceof HeadMovedError) throw err;
      const broken = brokenConstraint(err);
      if (broken === "tag_entries.tag_id" || broken === "tag_entries.leaf_index") {
        await this.#checkHeads(writes); // names the chain that moved
        const first = writes.find((w): w is EventWrite => w.kind === "event");
        throw new HeadMovedError(first?.gtin ?? "?", first?.serial ?? "?");
      }
      if (broken) throw new DuplicateError((err as Error).message);
      throw err;
    }
  }

  /** Names a chain the commit extends that no longer ends where the caller read it. */
  async #checkHeads(writes: readonly DomainWrite[]): Promise<void> {
    const firsts = new Map<number, EventWrite>();
    for (const w of writes) if (w.kind === "event" && !firsts.has(w.tagId)) firsts.set(w.tagId, w);
    if (firsts.size === 0) return;
    for (const chunk of jsonChunks([...firsts.keys()])) {
      const { results } = await this.#db
        .prepare("SELECT t.id, t.head, t.length FROM json_each(?1) j JOIN tags t ON t.id = j.value")
        .bind(chunk)
        .all<{ id: number; head: BlobColumn; length: number }>();
      for (const r of results) {
        const w = firsts.get(r.id) as EventWrite;
        if (r.length !== w.expectLength || toHex(asBytes(r.head)) !== toHex(w.expectHead)) {
          throw new HeadMovedError(w.gtin, w.serial);
        }
      }
    }
  }

  async addScans(counts: readonly ScanCount[]): Promise<void> {
    if (counts.length === 0) return;
    await this.#db.batch(counts.map((c) => this.#db.prepare(ADD_SCANS_SQL).bind(c.tagId, c.day, c.country, c.count)));
  }

  async addReport(r: ReportRow, limits: ReportLimits): Promise<boolean> {
    const { meta } = await this.#db
      .prepare(ADD_REPORT_SQL)
      .bind(...reportParams(r, limits))
      .run();
    return (meta.changes ?? 0) === 1;
  }

  /**
   * One batch (one transaction on the primary, where every write goes): the conditional update
   * decides, so of concurrent taps with one counter, from any isolate, exactly one is fresh.
   */
  async advanceTap(tagId: number, counter: number, day: string): Promise<TapCount> {
    const [update, state] = await this.#db.batch([
      this.#db.prepare(ADVANCE_TAP_SQL).bind(counter, day, tagId, counter),
      this.#db.prepare(TAP_STATE_SQL).bind(tagId),
    ]);
    const row = state?.results[0] as { lastCounter: number; lastDay: string | null } | undefined;
    return {
      fresh: (update?.meta.changes ?? 0) === 1,
      lastCounter: row?.lastCounter ?? -1,
      ...(row?.lastDay ? { lastDay: row.lastDay } : {}),
    };
  }

  async purgeScans(beforeDay: string): Promise<number> {
    const { meta } = await this.#db.prepare(PURGE_SCANS_SQL).bind(beforeDay).run();
    return meta.changes ?? 0;
  }
}
