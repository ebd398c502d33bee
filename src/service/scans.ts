// Per-tag, per-day scan counts: the only thing verification records, for the copied-code signals.
// A count may carry the country the edge saw (a two-letter code, never an address). Counts are
// buffered in memory and flushed in one write: every second on Node; on Workers, once per second
// per isolate, after the responses (in the background), so a scan costs no write of its own. A crash loses at most the
// counts since the last flush.
import type { DomainStore, ScanCount } from "../store/domain-store.js";
import { utcDay } from "./context.js";

const RECENT_LIMIT = 50_000;

export interface ScanCounterOptions {
  /**
   * Keep recently scanned tags' day counts in memory, so a scan reads nothing. Only sound when
   * this process is the store's only writer of scan counts (the embedded default); on Workers
   * every isolate counts, so each scan reads the stored counts instead.
   */
  readonly soleWriter?: boolean;
}

export class ScanCounter {
  /** Pending counts by tag: one per day and country scanned since the last flush. */
  #pending = new Map<number, ScanCount[]>();
  /** Counts being written: still counted by days() until the store has them. */
  readonly #writing = new Set<readonly ScanCount[]>();
  /** Day counts (stored plus pending) of recently scanned tags, when this is the sole writer. */
  readonly #recent = new Map<number, Map<string, number>>();
  readonly #soleWriter: boolean;

  constructor(
    private readonly store: DomainStore,
    options: ScanCounterOptions = {},
  ) {
    this.#soleWriter = options.soleWriter ?? true;
  }

  /**
   * Counts one scan and returns the tag's counts by day, this scan included. `stored`, if the
   * caller already read the tag's stored counts, saves reading them again.
   */
  async record(
    tagId: number,
    now: number,
    country = "",
    stored?: readonly { day: string; count: number }[],
  ): Promise<ReadonlyMap<string, number>> {
    const day = utcDay(now);
    let days = this.#soleWriter ? this.#recent.get(tagId) : undefined;
    if (!days) {
      days = await this.days(tagId, stored); // includes pending counts, not yet this one
      if (this.#soleWriter) {
        if (this.#recent.size >= RECENT_LIMIT) this.#recent.delete(this.#recent.keys().next().value as number);
        this.#recent.set(tagId, days);
      }
    }
    const counts = this.#pending.get(tagId) ?? [];
    const i = counts.findIndex((c) => c.day === day && c.country === country);
    const before = counts[i];
    if (before) counts[i] = { ...before, count: before.count + 1 };
    else counts.push({ tagId, day, country, count: 1 });
    this.#pending.set(tagId, counts);
    days.set(day, (days.get(day) ?? 0) + 1);
    return days;
  }

  /** Stored and pending counts of one tag, by day. */
  async days(tagId: number, stored?: readonly { day: string; count: number }[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const { day, count } of stored ?? (await this.store.scanDays(tagId))) out.set(day, count);
    for (const c of this.#pending.get(tagId) ?? []) out.set(c.day, (out.get(c.day) ?? 0) + c.count);
    for (const batch of this.#writing) {
      for (const c of batch) if (c.tagId === tagId) out.set(c.day, (out.get(c.day) ?? 0) + c.count);
    }
    return out;
  }

  #soon: Promise<void> | undefined;

  /** Whether any count waits to be written. */
  get pending(): boolean {
    return this.#pending.size > 0;
  }

  /**
   * Flushes within `windowMs`: every scan in the window shares one write. For runtimes that
   * cannot run a timer of their own (Workers: pass the promise to waitUntil, so the isolate
   * stays until the write is done and no count is lost when it is evicted).
   */
  flushSoon(windowMs: number): Promise<void> {
    this.#soon ??= new Promise<void>((resolve) => setTimeout(resolve, windowMs))
      .then(() => {
        this.#soon = undefined;
        return this.flush();
      })
      .catch((err: unknown) => {
        console.error("tagtrail: scan flush failed", err);
      });
    return this.#soon;
  }

  async flush(): Promise<void> {
    if (this.#pending.size === 0) return;
    const pending = [...this.#pending.values()].flat();
    this.#pending = new Map();
    this.#writing.add(pending);
    try {
      await this.store.addScans(pending);
    } finally {
      this.#writing.delete(pending);
    }
  }

  /** Deletes counts older than `retentionDays`, on disk and in memory. */
  async purge(now: number, retentionDays: number): Promise<number> {
    const cutoff = utcDay(now - retentionDays * 86_400_000);
    for (const days of this.#recent.values()) for (const day of days.keys()) if (day < cutoff) days.delete(day);
    return this.store.purgeScans(cutoff);
  }
}
