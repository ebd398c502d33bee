// Per-tag, per-day scan counts: the only thing verification records, for the copied-code signals.
// Counts are buffered in memory and flushed in one transaction (every second by the runtime), so
// a scan costs no disk write; a crash loses at most the counts since the last flush. Recently
// scanned tags keep their day counts in memory, so a scan costs no disk read either. (This
// process must be the store's only writer of scan counts, as on the embedded default.)
import type { DomainStore } from "../store/domain-store.js";
import { utcDay } from "./context.js";

const RECENT_LIMIT = 50_000;

export class ScanCounter {
  #pending = new Map<string, Map<number, number>>();
  /** Day counts (stored plus pending) of recently scanned tags. */
  readonly #recent = new Map<number, Map<string, number>>();

  constructor(private readonly store: DomainStore) {}

  /** Counts one scan and returns the tag's counts by day, this scan included. */
  async record(tagId: number, now: number): Promise<ReadonlyMap<string, number>> {
    const day = utcDay(now);
    let counts = this.#pending.get(day);
    if (!counts) {
      counts = new Map();
      this.#pending.set(day, counts);
    }
    let days = this.#recent.get(tagId);
    if (!days) {
      days = await this.days(tagId); // includes pending counts, not yet this one
      if (this.#recent.size >= RECENT_LIMIT) this.#recent.delete(this.#recent.keys().next().value as number);
      this.#recent.set(tagId, days);
    }
    counts.set(tagId, (counts.get(tagId) ?? 0) + 1);
    days.set(day, (days.get(day) ?? 0) + 1);
    return days;
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

  /** Deletes counts older than `retentionDays`, on disk and in memory. */
  async purge(now: number, retentionDays: number): Promise<number> {
    const cutoff = utcDay(now - retentionDays * 86_400_000);
    for (const days of this.#recent.values()) for (const day of days.keys()) if (day < cutoff) days.delete(day);
    return this.store.purgeScans(cutoff);
  }
}
