// D1 read replication with the Sessions API. Each request reads through its own session: a
// consumer's scan may be served by the nearest replica ("first-unconstrained"); a client that
// wrote something and sends back the bookmark it was given (header x-tagtrail-bookmark) reads
// from a replica at least as fresh as its write; a write request validates on the primary.
// Correctness never depends on replica freshness: commits go to the Sequencer, which writes to
// the primary, and their guards live in the batch.
import { AsyncLocalStorage } from "node:async_hooks";
import type { D1Database as D1Port } from "../../store/d1/d1.js";

export const BOOKMARK_HEADER = "x-tagtrail-bookmark";

/** D1 bookmarks are opaque tokens; this bounds what a client may send back. */
const BOOKMARK = /^[\w.:-]{1,256}$/;

interface RequestScope {
  readonly session: D1DatabaseSession;
  /** The bookmark of the newest commit this request made, if any (from the Sequencer). */
  written?: string;
}

const scopes = new AsyncLocalStorage<RequestScope>();

/**
 * The database the stores hold: inside a request, that request's session; outside (start-up,
 * cron), the binding itself, which reads from the primary.
 */
export function sessionDb(db: D1Database): D1Port {
  const current = () => scopes.getStore()?.session ?? db;
  return {
    prepare: (query) => current().prepare(query),
    batch: (statements) => current().batch(statements as D1PreparedStatement[]),
  };
}

/** Runs `handle` with a D1 session for `request`, and tells the client the bookmark it reached. */
export async function withSession(
  db: D1Database,
  request: Request,
  handle: () => Promise<Response>,
): Promise<Response> {
  const sent = request.headers.get(BOOKMARK_HEADER);
  const reading = request.method === "GET" || request.method === "HEAD";
  // A write validates against the primary: a replica's stale chain head would only earn the
  // client a 409 it could not get past until the replica caught up. Reads take any replica at
  // least as fresh as the bookmark the client sent.
  const anchor = !reading ? "first-primary" : sent !== null && BOOKMARK.test(sent) ? sent : "first-unconstrained";
  const scope: RequestScope = { session: db.withSession(anchor) };
  const response = await scopes.run(scope, handle);
  const bookmark = scope.written ?? scope.session.getBookmark();
  if (bookmark === null) return response;
  const out = new Response(response.body, response);
  out.headers.set(BOOKMARK_HEADER, bookmark);
  return out;
}

/** Records the bookmark of a commit made on behalf of the current request. */
export function noteWritten(bookmark: string | null): void {
  const scope = scopes.getStore();
  if (scope && bookmark !== null) scope.written = bookmark;
}
