// Batch bodies (POST /v1/tags and /v1/events: up to 10,000 items in up to 8 MiB), parsed and
// validated so that no single step holds the event loop: the text is pre-scanned for its shape
// before JSON.parse (json-scan.ts), and zod checks the items a slice at a time. A runtime may
// run the whole check off its main thread (Node: a worker thread, see AppDeps.checkBatch).
import { z } from "@hono/zod-openapi";
import type { Env, MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { yieldToLoop } from "../service/yield.js";
import { toProblem, validationProblem } from "./errors.js";
import { type JsonExcess, type JsonLimits, JsonScanner } from "./json-scan.js";
import { HttpProblem } from "./problem.js";
import { CommissionBody, EventsBody, MAX_BATCH } from "./schemas.js";

/**
 * What the largest legitimate batch needs, with room to spare: a batch nests 4 deep (body, list,
 * item, event); the widest object (an event) has 8 members; an event item is at most 21 tokens
 * (10 members, 11 values) and a tag item 13. Past twice MAX_BATCH items a list is refused here;
 * up to that, zod answers with its batch-too-large.
 */
export const BATCH_JSON_LIMITS: JsonLimits = {
  depth: 8,
  members: 64,
  elements: 2 * MAX_BATCH,
  tokens: 24 * MAX_BATCH + 64,
};

/** Characters scanned, and items validated, between two yields. */
const SCAN_SLICE = 512 * 1024;
const ITEM_SLICE = 100;
/** Validation errors listed at most; a batch of 10,000 bad items needs no 10,000 messages. */
export const MAX_ISSUES = 100;

const BATCHES = {
  tags: { key: "tags", body: CommissionBody, items: z.array(CommissionBody.shape.tags.element) },
  events: { key: "events", body: EventsBody, items: z.array(EventsBody.shape.events.element) },
} as const;

export type BatchKind = keyof typeof BATCHES;
export type BatchBody<K extends BatchKind> = z.output<(typeof BATCHES)[K]["body"]>;

/** A problem as plain data, so that it can cross a thread. */
export interface ProblemFields {
  readonly status: HttpProblem["status"];
  readonly code: string;
  readonly title: string;
  readonly detail?: string;
  readonly errors?: readonly { path: string; message: string }[];
}

export type BatchOutcome<K extends BatchKind> =
  | { readonly ok: true; readonly body: BatchBody<K> }
  /** Checked elsewhere: the items' JSON, a slice per string (see checkBatchSlices). */
  | { readonly ok: true; readonly slices: readonly string[] }
  | { readonly ok: false; readonly problem: ProblemFields };

/** Parses and validates a batch body; where it runs is the runtime's choice (see AppDeps.checkBatch). */
export type BatchCheck = <K extends BatchKind>(kind: K, bytes: Uint8Array) => Promise<BatchOutcome<K>>;

/** The body's shape with its items left unchecked: the same member and min/max rules as its schema. */
const outer = (key: string) => z.object({ [key]: z.array(z.unknown()).min(1).max(MAX_BATCH) }).strict();
const OUTER = { tags: outer("tags"), events: outer("events") };

const EXCESS: Record<keyof JsonLimits, (max: number) => string> = {
  depth: (max) => `JSON nested deeper than ${max} levels`,
  members: (max) => `a JSON object with more than ${max} members`,
  elements: (max) => `a JSON array with more than ${max} elements`,
  tokens: (max) => `more than ${max} JSON values and member names`,
};

export function tooComplex(excess: JsonExcess): HttpProblem {
  return new HttpProblem(413, "json-too-complex", "Too large", EXCESS[excess.limit](excess.max));
}

function refuse(p: HttpProblem): { ok: false; problem: ProblemFields } {
  return {
    ok: false,
    problem: {
      status: p.status,
      code: p.code,
      title: p.title,
      ...(p.detail === undefined ? {} : { detail: p.detail }),
      ...(p.errors === undefined ? {} : { errors: p.errors }),
    },
  };
}

/**
 * Pre-scan, JSON.parse, then zod: the body's shape first, its items a slice at a time, stopping
 * once MAX_ISSUES are found. `pause` runs between slices (a no-op on a worker thread).
 */
async function check(
  kind: BatchKind,
  bytes: Uint8Array,
  pause: () => Promise<void>,
): Promise<{ ok: false; problem: ProblemFields } | { ok: true; list: unknown[]; items: unknown[] }> {
  // Attacker-controlled from here on: nothing below may cost more than the limits allow.
  const text = new TextDecoder().decode(bytes);
  const scanner = new JsonScanner(BATCH_JSON_LIMITS);
  for (let from = 0; from < text.length; from += SCAN_SLICE) {
    if (from > 0) await pause();
    const excess = scanner.scan(text, from, Math.min(text.length, from + SCAN_SLICE));
    if (excess) return refuse(tooComplex(excess));
  }
  if (text.length > SCAN_SLICE) await pause();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refuse(toProblem(new HTTPException(400, { message: "Malformed JSON in request body" })));
  }
  const { key, items: itemsSchema } = BATCHES[kind];
  const shape = OUTER[kind].safeParse(value);
  if (!shape.success) return refuse(validationProblem(shape.error, "json"));
  const list = shape.data[key] as unknown[];
  const items: unknown[] = [];
  const issues: z.core.$ZodIssue[] = [];
  for (let from = 0; from < list.length && issues.length < MAX_ISSUES; from += ITEM_SLICE) {
    if (from > 0) await pause();
    const result = itemsSchema.safeParse(list.slice(from, from + ITEM_SLICE));
    if (result.success) items.push(...result.data);
    else {
      for (const issue of result.error.issues) {
        const [index, ...rest] = issue.path;
        issues.push({ ...issue, path: [key, from + (index as number), ...rest] });
      }
    }
  }
  if (issues.length > 0) return refuse(validationProblem(new z.ZodError(issues.slice(0, MAX_ISSUES)), "json"));
  return { ok: true, list, items };
}

/** Checks a batch body on this thread, yielding between slices. */
export async function checkBatchBody<K extends BatchKind>(
  kind: K,
  bytes: Uint8Array,
  pause: () => Promise<void> = yieldToLoop,
): Promise<BatchOutcome<K>> {
  const checked = await check(kind, bytes, pause);
  if (!checked.ok) return checked;
  return { ok: true, body: { [BATCHES[kind].key]: checked.items } as BatchBody<K> };
}

/**
 * Checks a batch body on a thread of its own, answering with the items' JSON a slice per string:
 * strings cross threads at the cost of a copy, while 10,000 validated objects would take the
 * receiving thread ~50 ms to deserialize in one go. batchFromSlices rebuilds the body.
 */
export async function checkBatchSlices<K extends BatchKind>(kind: K, bytes: Uint8Array): Promise<BatchOutcome<K>> {
  const checked = await check(kind, bytes, async () => {});
  if (!checked.ok) return checked;
  const slices: string[] = [];
  for (let from = 0; from < checked.list.length; from += ITEM_SLICE) {
    slices.push(JSON.stringify(checked.list.slice(from, from + ITEM_SLICE)));
  }
  return { ok: true, slices };
}

/** The body from checkBatchSlices' answer: each slice parsed and validated again (cheaply), with yields. */
export async function batchFromSlices<K extends BatchKind>(
  kind: K,
  slices: readonly string[],
  pause: () => Promise<void> = yieldToLoop,
): Promise<BatchBody<K>> {
  const { key, items: itemsSchema } = BATCHES[kind];
  const items: unknown[] = [];
  for (const [i, slice] of slices.entries()) {
    if (i > 0) await pause();
    items.push(...itemsSchema.parse(JSON.parse(slice)));
  }
  return { [key]: items } as BatchBody<K>;
}

// Mirrors the media type check of @hono/zod-openapi's routes, so these answer as the others do.
const JSON_REQUEST = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;
const EMPTY_OBJECT = new TextEncoder().encode("{}");

/** Larger than any body bodyLimit lets through, so a declared length is never trusted beyond it. */
const PREALLOCATE_MAX = 16 * 1024 * 1024;

/**
 * The body's bytes, copied chunk by chunk as they arrive into one buffer (of the declared length
 * when there is one): Request.arrayBuffer() gathers an 8 MiB body and copies it twice in one go.
 */
async function readBody(request: Request): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0);
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  let buffer = new Uint8Array(declared >= 0 && declared <= PREALLOCATE_MAX ? declared : 64 * 1024);
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.length > buffer.length) {
      const grown = new Uint8Array(Math.max(size + value.length, 2 * buffer.length));
      grown.set(buffer.subarray(0, size));
      buffer = grown;
    }
    buffer.set(value, size);
    size += value.length;
  }
  return size === buffer.length ? buffer : buffer.subarray(0, size);
}

/** The route validator for a batch body: c.req.valid("json") is the checked body. */
export function batchBody<K extends BatchKind>(
  kind: K,
  check: BatchCheck = checkBatchBody,
): MiddlewareHandler<Env, string, { in: { json: z.input<(typeof BATCHES)[K]["body"]> }; out: { json: BatchBody<K> } }> {
  return async (c, next) => {
    const type = c.req.header("content-type");
    const bytes = await readBody(c.req.raw);
    if (type ? !JSON_REQUEST.test(type) : bytes.length > 0) {
      throw new HTTPException(415, { message: "Unsupported Media Type" });
    }
    const outcome = await check(kind, type ? bytes : EMPTY_OBJECT);
    if (!outcome.ok) {
      const p = outcome.problem;
      throw new HttpProblem(p.status, p.code, p.title, p.detail, p.errors);
    }
    const body = "body" in outcome ? outcome.body : await batchFromSlices(kind, outcome.slices);
    c.req.addValidatedData("json", body as object);
    await next();
  };
}
