// The Cloudflare Workers entry (wrangler.toml `main`). Reads and verification run in whichever
// isolate takes the request; every commit goes to one Durable Object, the Sequencer, which
// decides the order of log leaves and chain entries (as Cloudflare's CT log, Azul, sequences
// with a single Durable Object) and writes each commit as one D1 batch.
import { DurableObject } from "cloudflare:workers";
import { Publisher } from "../../log/publisher.js";
import type { DomainWrite } from "../../store/domain-store.js";
import { type CommitOutcome, commitOutcome } from "../../store/sequenced-store.js";
import { type D1Stores, openD1Stores, openWorkerRuntime, type WorkerRuntime } from "./runtime.js";
import { noteWritten, sessionDb, withSession } from "./sessions.js";

export interface Env {
  readonly DB: D1Database;
  readonly SEQUENCER: DurableObjectNamespace<Sequencer>;
  readonly ASSETS?: Fetcher;
  readonly [name: string]: unknown;
}

/** The one writer: commits run here one at a time, in arrival order, on the primary. */
export class Sequencer extends DurableObject<Env> {
  #stores: Promise<D1Stores> | undefined;
  /** One long-lived session anchored at the primary: its bookmark follows every commit. */
  readonly #primary = this.env.DB.withSession("first-primary");

  #publisher: Publisher | undefined;

  async #open(): Promise<D1Stores> {
    this.#stores ??= openD1Stores(this.#primary, this.env);
    return this.#stores.catch((err: unknown) => {
      this.#stores = undefined;
      throw err;
    });
  }

  async commit(writes: DomainWrite[], loggedAt: number): Promise<{ outcome: CommitOutcome; bookmark: string | null }> {
    const { domain, log, config } = await this.#open();
    const outcome = await commitOutcome(domain, writes, loggedAt, log.seal);
    // Publication follows on the cadence (as Azul's Sequencer does): the commit does not wait for it.
    if (outcome.ok) {
      // The next publication within the interval: sooner than an idle log's refresh, if one is set.
      const due = Date.now() + config.publishIntervalMs;
      const set = await this.ctx.storage.getAlarm();
      if (set === null || set > due) await this.ctx.storage.setAlarm(due);
    }
    return { outcome, bookmark: this.#primary.getBookmark() };
  }

  /**
   * The publication cadence: the newest checkpoint goes to the policy's witnesses and is published
   * with their quorum's cosignatures. While something waits (new entries, a witness down) the
   * alarm comes back after the interval; an idle log is witnessed again after a minute.
   */
  override async alarm(): Promise<void> {
    const { log, policy, config } = await this.#open();
    this.#publisher ??= new Publisher(log, policy ? { policy } : {});
    let waiting = true;
    try {
      const outcome = await this.#publisher.publish();
      waiting = !outcome.published && outcome.reason !== "nothing new";
    } finally {
      await this.ctx.storage.setAlarm(Date.now() + (waiting ? config.publishIntervalMs : 60_000));
    }
  }
}

const SEQUENCER_NAME = "log";
const SCAN_FLUSH_MS = 1000;

let opened: { env: Env; runtime: Promise<WorkerRuntime> } | undefined;

function runtimeFor(env: Env): Promise<WorkerRuntime> {
  if (opened?.env !== env) {
    const assets = env.ASSETS;
    // A stub is an I/O object of the request that made it, so each commit takes a fresh one.
    const sequence = async (writes: readonly DomainWrite[], loggedAt: number) => {
      const stub = env.SEQUENCER.get(env.SEQUENCER.idFromName(SEQUENCER_NAME));
      const { outcome, bookmark } = await stub.commit([...writes], loggedAt);
      noteWritten(bookmark);
      return outcome;
    };
    const runtime = openWorkerRuntime(sessionDb(env.DB), env, sequence, {
      ...(assets
        ? {
            // scripts/worker-assets.mjs puts the viewer's files under docs/, where /docs serves them.
            docsAssets: async (name) => {
              const res = await assets.fetch(`https://assets.invalid/docs/${name}`);
              if (!res.ok) throw new Error(`docs/${name} missing from the assets (${res.status})`);
              return new Uint8Array(await res.arrayBuffer());
            },
          }
        : {}),
    });
    opened = { env, runtime };
    runtime.catch(() => {
      if (opened?.runtime === runtime) opened = undefined;
    });
  }
  return (opened as { runtime: Promise<WorkerRuntime> }).runtime;
}

function misconfigured(err: unknown): Response {
  console.error("tagtrail: cannot start", err);
  const body = {
    type: "about:blank",
    title: "Service misconfigured",
    status: 503,
    code: "misconfigured",
    detail: "the service is not configured (see the operator's logs)",
  };
  return new Response(JSON.stringify(body), { status: 503, headers: { "content-type": "application/problem+json" } });
}

export default {
  async fetch(request, env, ctx): Promise<Response> {
    let svc: WorkerRuntime;
    try {
      svc = await runtimeFor(env);
    } catch (err) {
      return misconfigured(err);
    }
    const response = await withSession(env.DB, request, async () => svc.app.fetch(request, env, ctx));
    // Scan counts are written after the answers leave, off the consumer's path: one D1 write per
    // isolate per second however many scans it served, and never dropped when it is evicted.
    if (svc.scans.pending) ctx.waitUntil(svc.scans.flushSoon(SCAN_FLUSH_MS));
    return response;
  },

  /** Cron: forget scan counts older than the retention period. */
  async scheduled(controller, env, ctx): Promise<void> {
    const svc = await runtimeFor(env);
    ctx.waitUntil(svc.scans.purge(controller.scheduledTime, svc.config.scanRetentionDays));
  },
} satisfies ExportedHandler<Env>;
