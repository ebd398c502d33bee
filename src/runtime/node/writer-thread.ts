// The writer thread: the one connection that commits to the database file, with its own copy
// of the log key. A commit (a whole batch of 10,000 tags is 250–400 ms of inserts, hashing and
// fsync) runs here, so the main thread's event loop keeps serving scans and proofs meanwhile.
// Commits arrive one by one and are answered as values (CommitOutcome), as the Sequencer does;
// scan counts and NFC tap counters are written here too, so the main thread never waits on the database's write lock.
import { parentPort, workerData } from "node:worker_threads";
import { parseSignerKey } from "../../core/note.js";
import { TransparencyLog } from "../../log/transparency-log.js";
import type { DomainWrite, ReportLimits, ReportRow, ScanCount } from "../../store/domain-store.js";
import { commitOutcome } from "../../store/sequenced-store.js";
import { openDatabase } from "../../store/sqlite/database.js";
import { SqliteDomainStore } from "../../store/sqlite/domain-store.js";
import { SqliteLogStore } from "../../store/sqlite/log-store.js";
import { nodeCrypto } from "./crypto.js";

export interface WriterData {
  readonly dbPath: string;
  /** The log's signing key (PRIVATE+KEY+…): this thread signs the checkpoint of each commit. */
  readonly signerKey: string;
}

/** Everything that writes to the database: commits, the scan counts' additions and purges, reports. */
export type WriterRequest =
  | { readonly id: number; readonly kind: "commit"; readonly writes: readonly DomainWrite[]; readonly loggedAt: number }
  | { readonly id: number; readonly kind: "add-scans"; readonly counts: readonly ScanCount[] }
  | { readonly id: number; readonly kind: "purge-scans"; readonly beforeDay: string }
  | { readonly id: number; readonly kind: "add-report"; readonly report: ReportRow; readonly limits: ReportLimits }
  | {
      readonly id: number;
      readonly kind: "advance-tap";
      readonly tagId: number;
      readonly counter: number;
      readonly day: string;
    };

export type WriterReply =
  | { readonly id: number; readonly outcome: unknown }
  | { readonly id: number; readonly error: string };

const { dbPath, signerKey } = workerData as WriterData;
const db = openDatabase(dbPath);
const store = new SqliteLogStore(db, nodeCrypto);
// Damage is reported to the operator by the main thread, which learns of it from the outcome.
const log = new TransparencyLog(store, nodeCrypto, parseSignerKey(nodeCrypto, signerKey), () => {});
const ready = log.open();
const domain = new SqliteDomainStore(db, store);

type TapRequest = Extract<WriterRequest, { kind: "advance-tap" }>;

/**
 * Taps that arrive together are decided in one transaction: each counter still rises (or not) on
 * its own, in arrival order, and every answer waits for the commit, so an acknowledged tap is
 * durable; but a burst of taps costs one fsync, not one each.
 */
let taps: TapRequest[] = [];

function flushTaps(): void {
  const batch = taps;
  taps = [];
  let replies: WriterReply[];
  try {
    const counts = domain.advanceTaps(batch);
    replies = batch.map((req, i) => ({ id: req.id, outcome: counts[i] }));
  } catch (err) {
    replies = batch.map((req) => ({ id: req.id, error: err instanceof Error ? err.message : String(err) }));
  }
  for (const reply of replies) parentPort?.postMessage(reply);
}

parentPort?.on("message", async (req: WriterRequest) => {
  let reply: WriterReply;
  if (req.kind === "advance-tap") {
    await ready;
    taps.push(req);
    if (taps.length === 1) setImmediate(flushTaps);
    return;
  }
  try {
    await ready;
    const outcome =
      req.kind === "commit"
        ? await commitOutcome(domain, req.writes, req.loggedAt, log.seal)
        : req.kind === "add-scans"
          ? await domain.addScans(req.counts)
          : req.kind === "add-report"
            ? await domain.addReport(req.report, req.limits)
            : await domain.purgeScans(req.beforeDay);
    reply = { id: req.id, outcome };
  } catch (err) {
    reply = { id: req.id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(reply);
});
