// RFC 9457 problem details: the one shape every error response takes, with a stable `code`.
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export const PROBLEM_TYPE_BASE = "urn:tagtrail:problem:";

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: string;
  readonly detail?: string;
  readonly errors?: readonly { path: string; message: string }[];
  readonly [extension: string]: unknown;
}

/** A fault with a stable code and the HTTP status it maps to; thrown by handlers, rendered by onError. */
export class HttpProblem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: readonly { path: string; message: string }[],
    /** RFC 9457 §3.2 extension members, e.g. the refused items of a batch. */
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(detail ?? title);
    this.name = "HttpProblem";
  }
}

export function problemBody(p: HttpProblem): Problem {
  return {
    type: PROBLEM_TYPE_BASE + p.code,
    title: p.title,
    status: p.status,
    code: p.code,
    ...(p.detail === undefined ? {} : { detail: p.detail }),
    ...(p.errors === undefined ? {} : { errors: p.errors }),
    ...p.extensions,
  };
}

export function problemResponse(c: Context, p: HttpProblem): Response {
  return c.body(JSON.stringify(problemBody(p)), p.status, {
    "content-type": "application/problem+json",
    "cache-control": "no-store",
  });
}
