// Publishing checkpoints on a cadence (as Tessera and Azul do): appends are durable and answered at
// once, and every interval the newest signed checkpoint goes to the policy's witnesses (C2SP
// tlog-witness add-checkpoint, with a consistency proof from what each last cosigned). It is
// published, with their cosignatures, only once the policy's quorum has cosigned it; a fork or a
// witness that is down means nothing new is published, never an uncosigned checkpoint. Without
// witnesses in the policy, the log's own checkpoint is published on the same cadence. An idle log
// is witnessed again after `refreshMs`, so cosignature times keep telling how fresh it is.
import { checkPolicy, type PolicyWitness, type TlogPolicy } from "../core/policy.js";
import { formatAddCheckpoint } from "../core/witness.js";
import type { SignedCheckpoint, TransparencyLog } from "./transparency-log.js";

export interface PublisherOptions {
  /** The deployment's tlog-policy; absent or "quorum none": no witnesses asked. */
  readonly policy?: TlogPolicy;
  /** How a request reaches a witness (global fetch on both runtimes; tests may inject). */
  readonly fetch?: (url: string, init: RequestInit) => Promise<Response>;
  readonly now?: () => number;
  /** Re-witness an unchanged checkpoint after this long (ms), for fresh cosignature times. */
  readonly refreshMs?: number;
  /** How long one witness may take to answer (ms). */
  readonly witnessTimeoutMs?: number;
  /** Where a line about a publication that waits goes. */
  readonly report?: (line: string) => void;
}

export type Publication =
  | { readonly published: true; readonly size: number; readonly witnesses: readonly string[] }
  | { readonly published: false; readonly reason: string };

export const DEFAULT_PUBLISH_INTERVAL_MS = 1000;

export class Publisher {
  /** The size each witness last cosigned, as it told us (409) or as we saw (200). */
  readonly #witnessed = new Map<string, number>();
  #running: Promise<Publication> | undefined;
  /** Problems reported since the last publication: each said once, not once a second. */
  readonly #reported = new Set<string>();

  constructor(
    private readonly log: TransparencyLog,
    private readonly options: PublisherOptions = {},
  ) {}

  get policy(): TlogPolicy | undefined {
    return this.options.policy;
  }

  /** One round; a round still running is joined, never run twice at once. */
  publish(): Promise<Publication> {
    this.#running ??= this.#round().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #round(): Promise<Publication> {
    const now = this.options.now ?? Date.now;
    const refresh = this.options.refreshMs ?? 60_000;
    // An empty log has nothing to publish (and its first append signs its first checkpoint).
    if ((await this.log.store.head()).size === 0) return { published: false, reason: "empty log" };
    const checkpoint = await this.log.checkpoint();
    const last = await this.log.published();
    if (last && last.size === checkpoint.size && now() - last.publishedAt < refresh) {
      return { published: false, reason: "nothing new" };
    }
    const policy = this.options.policy;
    const witnesses = policy && policy.quorum !== "none" ? policy.witnesses : [];
    if (!policy || witnesses.length === 0) {
      await this.log.publish(checkpoint.note, now());
      return { published: true, size: checkpoint.size, witnesses: [] };
    }
    // A witness that hangs (a half-open connection) costs this round at most its time limit.
    const limit = (this.options.witnessTimeoutMs ?? 5000) + 1000;
    const lines = await Promise.all(
      witnesses.map((w) =>
        Promise.race([
          this.#cosign(w, checkpoint),
          new Promise<string>((resolve) => setTimeout(() => resolve(""), limit)),
        ]),
      ),
    );
    const note = checkpoint.note + lines.join("");
    const verdict = checkPolicy(this.log.crypto, policy, note);
    if (!verdict.ok) {
      this.#say(`tagtrail: checkpoint ${checkpoint.size} not published yet: ${verdict.problem}`);
      return { published: false, reason: verdict.problem };
    }
    await this.log.publish(note, now());
    this.#reported.clear();
    return { published: true, size: checkpoint.size, witnesses: verdict.cosignatures.map((c) => c.name) };
  }

  /** A witness's cosignature lines for the checkpoint, or "" if it does not give one now. */
  async #cosign(w: PolicyWitness, checkpoint: SignedCheckpoint): Promise<string> {
    if (!w.url) return "";
    const fetcher = this.options.fetch ?? fetch;
    const url = `${w.url.replace(/\/+$/, "")}/add-checkpoint`;
    for (let attempt = 0; attempt < 2; attempt++) {
      const old = Math.min(this.#witnessed.get(w.name) ?? 0, checkpoint.size);
      const proof = old === 0 || old === checkpoint.size ? [] : await this.log.consistencyProof(old, checkpoint.size);
      let res: Response;
      try {
        res = await fetcher(url, {
          method: "POST",
          body: formatAddCheckpoint({ oldSize: old, proof, note: checkpoint.note }),
          signal: AbortSignal.timeout(this.options.witnessTimeoutMs ?? 5000),
        });
      } catch (err) {
        this.#say(`tagtrail: witness ${w.name} at ${url} did not answer (${(err as Error).message})`);
        return "";
      }
      const text = await res.text();
      if (res.status === 200) {
        this.#witnessed.set(w.name, checkpoint.size);
        return text
          .split("\n")
          .filter((l) => l.startsWith("\u2014 "))
          .map((l) => `${l}\n`)
          .join("");
      }
      // 409: the witness holds another size; start from it (once), as tlog-witness intends.
      const held = res.status === 409 ? /^(0|[1-9][0-9]{0,15})\n$/.exec(text) : null;
      if (held && Number(held[1]) <= checkpoint.size && Number(held[1]) !== old) {
        this.#witnessed.set(w.name, Number(held[1]));
        continue;
      }
      this.#say(
        `tagtrail: witness ${w.name} refused checkpoint ${checkpoint.size} (HTTP ${res.status}: ${text.trim().slice(0, 200)})`,
      );
      return "";
    }
    return "";
  }

  /** One line per distinct problem until the next publication, not one a second. */
  #say(line: string): void {
    if (this.#reported.has(line) || this.#reported.size >= 32) return;
    this.#reported.add(line);
    (this.options.report ?? ((l: string) => console.error(l)))(line);
  }
}
