// Per-tag, per-day scan counts: the only thing verification records, for the copied-code signals.
// Counts are buffered in memory and flushed in one transaction (every second by the runtime), so
// a scan costs no disk write; a crash loses at most the counts since the last flush.
import type { DomainStore } from "../store/domain-store.js";
import { utcDay } from "./context.js";

export class ScanCounter {
  #pending = new Map<string, Map<number, number>>();

  constructor(private readonly store: DomainStore) {}

  record(tagId: number, now: number): void {
    const day = utcDay(now);
    let counts = this.#pending.get(day);
    if (!counts) {
      counts = new Map();
      this.#pending.set(day, counts);
    }
    counts.set(tagId, (counts.get(tagId) ?? 0) + 1);
  }

  /** Stored and pending counts of one tag, by day. */
  async days(tagId: number): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const { day, count } of await this.store.scanDays(tagId)) out.set(day, count);
    for (const [day, counts] of this.#pending) {
      const n = counts.get(tagId);
      if (n) out.set(day, (out.get(day) ?? 0) + n);
    }
    return out;
  }

  async flush(): Promise<void> {
    const pending = this.#pending;
    if (pending.size === 0) return;
    this.#pending = new Map();
    for (const [day, counts] of pending) await this.store.addScans(day, counts);
  }

  /** Deletes counts older than `retentionDays`. */
  async purge(now: number, retentionDays: number): Promise<number> {
    return this.store.purgeScans(utcDay(now - retentionDays * 86_400_000));
  }
}
