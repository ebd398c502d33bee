// Group commit, for any adapter whose commit is a round trip it would rather not make once per
// caller (D1: one batch() each). Commits that arrive while one is in flight wait, and go out
// together next (one round trip for all of them, one checkpoint at the end). If a group is
// refused, its commits are retried one by one, so only the one at fault fails, with its own
// error. Through one object, order is arrival order. The adapter says only how to commit.
import type { DomainWrite } from "./domain-store.js";
import type { AppendResult, Seal } from "./log-store.js";

/** One commit as the port receives it. */
export interface QueuedCommit {
  readonly writes: readonly DomainWrite[];
  readonly loggedAt: number;
  readonly seal: Seal;
}

/** What an adapter does with queued commits. */
export interface CommitEngine {
  /** Commits one alone, refusing it with the port's errors. */
  commitOne(commit: QueuedCommit): Promise<AppendResult>;
  /**
   * Commits all of `group` atomically, their leaves in order, and returns each one's result
   * (in order); or commits none of it, throwing anything (each is then retried alone).
   */
  commitGroup(group: readonly QueuedCommit[]): Promise<AppendResult[]>;
}

interface Pending extends QueuedCommit {
  resolve(result: AppendResult): void;
  reject(err: unknown): void;
}

/** The most writes one group carries (a single commit may be larger; it then goes alone). */
const GROUP_WRITES = 10_000;

export class GroupCommit {
  readonly #engine: CommitEngine;
  /** Commits waiting for the one in flight to finish. */
  #waiting: Pending[] = [];
  #draining = false;

  constructor(engine: CommitEngine) {
    this.#engine = engine;
  }

  /** The port's commit: queued, and answered once its group (or it alone) is committed. */
  commit(writes: readonly DomainWrite[], loggedAt: number, seal: Seal): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ writes, loggedAt, seal, resolve, reject });
      if (!this.#draining) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (this.#waiting.length > 0) {
        const group = this.#nextGroup();
        if (group.length > 1) {
          try {
            const results = await this.#engine.commitGroup(group);
            for (const [i, p] of group.entries()) p.resolve(results[i] as AppendResult);
            continue;
          } catch {
            // Fall through: one by one, each with its own answer.
          }
        }
        for (const p of group) {
          try {
            p.resolve(await this.#engine.commitOne(p));
          } catch (err) {
            p.reject(err);
          }
        }
      }
    } finally {
      this.#draining = false;
    }
  }

  /** Takes the waiting commits, oldest first, up to GROUP_WRITES writes (at least one commit). */
  #nextGroup(): Pending[] {
    const group: Pending[] = [];
    let size = 0;
    while (this.#waiting.length > 0) {
      const next = this.#waiting[0] as Pending;
      if (group.length > 0 && size + next.writes.length > GROUP_WRITES) break;
      group.push(this.#waiting.shift() as Pending);
      size += next.writes.length;
    }
    return group;
  }
}
