// Helpers for the Workers tests.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import worker from "../../src/runtime/workers/entry.js";

const TABLES = [
  "nfc_tags",
  "nfc_batches",
  "products",
  "recalls",
  "scan_counts",
  "tag_entries",
  "tags",
  "party_keys",
  "parties",
  "log_checkpoints",
  "log_nodes",
  "log_leaves",
  "log_meta",
];

/** Brings the migrated test database back to an empty log with no parties, tags or scans. */
export async function emptyDatabase(db: D1Database): Promise<void> {
  await db.batch([
    ...TABLES.map((t) => db.prepare(`DELETE FROM ${t}`)),
    db.prepare(
      "UPDATE log_state SET size = 0, root = X'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' WHERE id = 1",
    ),
    db.prepare("UPDATE domain_versions SET version = 0"),
  ]);
}

/**
 * Calls the Worker's fetch handler directly, as workerd would for an incoming request. (SELF.fetch
 * from the test pool slows down with every request it makes — about 0.3 s each after a thousand —
 * so long sequential sweeps call the handler instead; the Sequencer and D1 are the real bindings
 * either way. Many concurrent direct calls stalled in this pool, so the races go through SELF.)
 */
export async function callWorker(url: string, init?: RequestInit): Promise<Response> {
  const ctx = createExecutionContext();
  const request = new Request(url, init) as Request<unknown, IncomingRequestCfProperties>;
  const response = await worker.fetch(request, env, ctx);
  void waitOnExecutionContext(ctx); // background work (scan counts) finishes on its own
  return response;
}
