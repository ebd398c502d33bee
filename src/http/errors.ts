// Maps every fault to one problem+json response. Domain and log faults carry stable codes; a
// malformed request is a 4xx; anything else is a bug, reported as 500 without internals.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";
import { LogError, type LogErrorCode } from "../log/errors.js";
import { type Area, type DomainCodes, DomainError } from "../service/errors.js";
import { DuplicateError, HeadMovedError } from "../store/domain-store.js";
import { LogDamageError } from "../store/log-store.js";
import { HttpProblem, problemResponse } from "./problem.js";

const LOG_ERRORS: Record<LogErrorCode, [ContentfulStatusCode, string]> = {
  "entry-not-found": [404, "No such log entry"],
  "size-out-of-range": [400, "Tree size beyond the log's current size"],
  "invalid-range": [400, "Invalid tree size range"],
  "origin-mismatch": [500, "Log misconfigured"],
  "audit-failed": [500, "Log audit failed"],
};

type RefusalStatus = 400 | 401 | 403 | 404 | 409 | 429 | 503;

/** A signed statement's key or signature not accepted: the same in every area that takes one. */
const KEY_REFUSALS = { "unknown-key": 401, "key-revoked": 401, "key-retired": 401, "bad-signature": 401 } as const;

/** The one place a domain code becomes an HTTP status: per area, every code of its closed union. */
const DOMAIN_STATUS: { readonly [A in Area]: Readonly<Record<DomainCodes[A], RefusalStatus>> } = {
  registry: {
    "party-exists": 409,
    "key-exists": 409,
    "unknown-party": 404,
    "unknown-key": 404,
    "key-retired": 409,
    "key-revoked": 409,
    "prefix-overlap": 409,
    "weak-public-key": 400,
    "compromise-in-future": 400,
  },
  custody: {
    "unknown-key": 401,
    "key-revoked": 401,
    "key-retired": 401,
    "bad-signature": 401,
    "not-manufacturer": 403,
    "gtin-not-makers": 403,
    "not-custodian": 403,
    "not-receiver": 403,
    "not-retailer": 403,
    "not-maker": 403,
    "unknown-tag": 404,
    "unknown-party": 404,
    "tag-exists": 409,
    "wrong-prev": 409,
    "chain-closed": 409,
    "already-in-transit": 409,
    "tag-stolen": 409,
    "invalid-receiver": 409,
    "not-in-transit": 409,
    "not-received": 409,
    "already-recalled": 409,
    "already-stolen": 409,
    "not-sold": 409,
    claimed: 409,
    "not-repairer": 403,
    "time-in-future": 400,
    "invalid-batch": 400,
    "batch-exists": 409,
    "unknown-batch": 404,
    "batch-revoked": 409,
    "not-batch-maker": 403,
    "nfc-uid-mismatch": 400,
  },
  history: { "unknown-tag": 404 },
  ownership: {
    "bad-signature": 401,
    "weak-public-key": 400,
    "unknown-tag": 404,
    "wrong-prev": 409,
    "wrong-day": 400,
    "chain-closed": 409,
    "tag-stolen": 409,
    "already-claimed": 409,
    "not-claimable": 409,
    "wrong-claim-code": 403,
    "not-holder": 403,
    "invalid-transfer": 400,
    "not-sold": 409,
  },
  report: {
    ...KEY_REFUSALS,
    "stale-request": 401,
    "gtin-not-makers": 403,
    "too-many-reports": 429,
  },
  product: {
    ...KEY_REFUSALS,
    "not-maker": 403,
    "gtin-not-makers": 403,
    "invalid-product": 400,
    "time-in-future": 400,
  },
  nfc: {
    ...KEY_REFUSALS,
    "not-maker": 403,
    "not-batch-maker": 403,
    "invalid-batch": 400,
    "key-mismatch": 400,
    "batch-exists": 409,
    "batch-revoked": 409,
    "unknown-batch": 404,
    "time-in-future": 400,
    // Not the client's fault: the operator has not given the server its key-encryption key.
    "nfc-not-configured": 503,
  },
  recall: {
    ...KEY_REFUSALS,
    "not-maker": 403,
    "gtin-not-makers": 403,
    "unknown-recall": 404,
    "already-lifted": 409,
    "invalid-recall": 400,
    "time-in-future": 400,
  },
};

function domainStatus<A extends Area>(area: A, code: DomainCodes[A]): RefusalStatus {
  return (DOMAIN_STATUS[area] as Record<DomainCodes[A], RefusalStatus>)[code];
}

const TITLES: Record<number, string> = {
  400: "The request is not valid",
  401: "Signature or key not accepted",
  403: "Not allowed",
  404: "Not found",
  409: "Conflict",
  413: "Too large",
  429: "Too many requests",
  503: "Service unavailable",
};

export function validationProblem(error: ZodError, where: string): HttpProblem {
  for (const i of error.issues) {
    if (where === "json" && i.code === "too_big" && i.origin === "array" && i.path.length === 1) {
      return new HttpProblem(
        413,
        "batch-too-large",
        "Too many items in one request",
        `at most ${String(i.maximum)} ${String(i.path[0])} per request`,
      );
    }
  }
  return new HttpProblem(
    400,
    "invalid-request",
    "The request is not valid",
    `invalid ${where}`,
    error.issues.map((i) => ({ path: i.path.join(".") || where, message: i.message })),
  );
}

export function toProblem(err: unknown): HttpProblem {
  if (err instanceof HttpProblem) return err;
  if (err instanceof DomainError) {
    const e = err as DomainError;
    const status = domainStatus(e.area, e.code);
    const first = e.refusals[0];
    // Each listed refusal carries its own status, as clients of a mixed batch need it.
    const refusals = e.refusals.map(({ index, code, ...rest }) => ({
      ...(index === undefined ? {} : { index }),
      status: domainStatus(e.area, code),
      code,
      ...rest,
    }));
    return new HttpProblem(status, e.code, TITLES[status] ?? "Refused", e.message, undefined, {
      ...(first?.head === undefined ? {} : { head: first.head, length: first.length }),
      ...(refusals.length > 0 ? { refusals, refusalCount: e.refusalCount } : {}),
    });
  }
  if (err instanceof HeadMovedError) {
    return new HttpProblem(409, "wrong-prev", "Conflict", `${err.message}; fetch the head and retry`);
  }
  if (err instanceof DuplicateError) {
    return new HttpProblem(409, "conflict", "Conflict", "a concurrent request wrote the same entries; retry");
  }
  if (err instanceof LogDamageError) {
    // The operator has been told (one log line); the client gets a stable code, not the internals.
    return new HttpProblem(
      503,
      "log-damaged",
      "Log storage damaged",
      "the log found damage in its storage and stopped signing; writes are refused and only answers it can still prove are served. The operator has been alerted.",
    );
  }
  if (err instanceof LogError) {
    const [status, title] = LOG_ERRORS[err.code];
    return new HttpProblem(status, err.code, title, err.message);
  }
  if (err instanceof HTTPException) {
    if (err.status === 413) return new HttpProblem(413, "body-too-large", "Request body too large");
    if (err.status >= 400 && err.status < 500) {
      return new HttpProblem(err.status as ContentfulStatusCode, "bad-request", "Bad request", err.message);
    }
  }
  return new HttpProblem(500, "internal", "Internal error");
}

/**
 * A client that went away before its request was complete (it closed the socket mid-body, or a
 * server timeout closed it): not a server fault. The body read fails with Node's "aborted"
 * (ECONNRESET) or an AbortError, and the request's signal is aborted.
 */
function clientAborted(err: Error, request: Request): boolean {
  return request.signal.aborted || (err as { code?: unknown }).code === "ECONNRESET" || err.name === "AbortError";
}

const CLIENT_ABORTED = new HttpProblem(
  400,
  "client-aborted",
  "Request aborted",
  "the connection closed before the request was complete",
);

export function onError(err: Error, c: Context): Response {
  const problem = clientAborted(err, c.req.raw) ? CLIENT_ABORTED : toProblem(err);
  if (problem.status >= 500 && problem.code !== "log-damaged") console.error("tagtrail: unhandled error", err);
  return problemResponse(c, problem);
}

export function notFound(c: Context): Response {
  return problemResponse(
    c,
    new HttpProblem(404, "not-found", "Not found", `no route for ${c.req.method} ${c.req.path}`),
  );
}
