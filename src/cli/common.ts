// Shared pieces of the CLI: flag parsing with zod, key files, the HTTP client, a progress bar.
import { readFileSync } from "node:fs";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { z } from "zod";
import { fromBase64 } from "../core/bytes.js";
import { keyId } from "../core/keys.js";
import { nodeCrypto } from "../runtime/node/crypto.js";

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Parses argv with node:util, validates with zod; prints help and returns undefined for --help. */
export function flags<S extends z.ZodType>(
  argv: string[],
  options: Options,
  schema: S,
  help: string,
): { values: z.infer<S>; positionals: string[] } | undefined {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, help: { type: "boolean" } }, allowPositionals: true });
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n\n${help}`, 2);
  }
  if (parsed.values.help) {
    console.log(help);
    return undefined;
  }
  const result = schema.safeParse(parsed.values);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n  ");
    throw new CliError(`invalid options:\n  ${issues}\n\n${help}`, 2);
  }
  return { values: result.data, positionals: parsed.positionals };
}

export const ServerUrl = z.url().default(process.env.TAGTRAIL_SERVER ?? "http://127.0.0.1:8080");

export interface KeyFile {
  readonly seed: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly keyId: string;
}

/** Reads a file the user named, or says which and why it could not be read. */
export function readInput(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(
      `cannot read ${what} ${path}: ${code === "ENOENT" ? "no such file" : (code ?? (err as Error).message)}`,
      2,
    );
  }
}

/** A private key file written by `tagtrail keygen`: the 32-byte seed, base64. */
export function readKeyFile(path: string): KeyFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(
      code === "ENOENT"
        ? `no key file at ${path}: make one with 'tagtrail keygen --out ${path}' (then register its .pub with the operator)`
        : `cannot read the key file ${path} (${code ?? (err as Error).message})`,
    );
  }
  const seed = fromBase64(text.trim());
  if (seed?.length !== 32) {
    throw new CliError(
      `${path} is not a tagtrail private key file (base64 of a 32-byte seed, as tagtrail keygen writes)`,
    );
  }
  const publicKey = nodeCrypto.ed25519.publicKey(seed);
  return { seed, publicKey, keyId: keyId(nodeCrypto.sha256, publicKey) };
}

/** How long the CLI waits for a server before giving up (TAGTRAIL_TIMEOUT seconds, default 60). */
const TIMEOUT_MS = 1000 * (Number(process.env.TAGTRAIL_TIMEOUT) > 0 ? Number(process.env.TAGTRAIL_TIMEOUT) : 60);

const SERVER_HINT =
  "is a tagtrail server running there? Start one with `npm start`, or point the CLI at yours with --server URL or TAGTRAIL_SERVER=URL";

/** Every error code in a fetch failure's cause chain (undici nests them, Happy Eyeballs aggregates them). */
function causeCodes(err: unknown, depth = 0): { codes: string[]; messages: string[] } {
  const out = { codes: [] as string[], messages: [] as string[] };
  if (!err || typeof err !== "object" || depth > 5) return out;
  const e = err as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === "string") out.codes.push(e.code);
  if (typeof e.name === "string" && e.name !== "Error" && e.name !== "TypeError") out.codes.push(e.name);
  if (typeof e.message === "string") out.messages.push(e.message);
  for (const inner of [e.cause, ...(Array.isArray(e.errors) ? e.errors : [])]) {
    const sub = causeCodes(inner, depth + 1);
    out.codes.push(...sub.codes);
    out.messages.push(...sub.messages);
  }
  return out;
}

/** What a failed request means, in words: the URL tried, the cause, and what to do next. */
export function networkFailure(method: string, url: string, err: unknown, hint = SERVER_HINT): CliError {
  const { codes, messages } = causeCodes(err);
  const has = (...c: string[]) => codes.some((x) => c.includes(x));
  let cause: string;
  if (has("ECONNREFUSED")) cause = "connection refused: nothing is listening at that address and port";
  else if (has("ENOTFOUND", "EAI_AGAIN", "EAI_NONAME"))
    cause = `unknown host "${new URL(url).hostname}" (DNS lookup failed)`;
  else if (
    has("TimeoutError", "ETIMEDOUT", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT")
  )
    cause = `no answer within ${TIMEOUT_MS / 1000} s (TAGTRAIL_TIMEOUT sets the limit in seconds)`;
  else if (has("EHOSTUNREACH", "ENETUNREACH")) cause = "host unreachable: no network route to it";
  else if (has("ECONNRESET", "UND_ERR_SOCKET", "EPIPE")) cause = "the connection was closed before an answer came";
  else if (codes.some((c) => /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY|DEPTH_ZERO/.test(c)))
    cause = `TLS failed (${messages[messages.length - 1] ?? "certificate not accepted"}); for a local server use http://`;
  else if (messages.includes("bad port")) cause = "fetch refuses that port (a reserved one): use another port";
  else cause = messages[messages.length - 1] ?? String(err);
  return new CliError(`${method} ${url} failed: ${cause}\n  ${hint}`);
}

/**
 * fetch with a time limit on the whole exchange; a network failure (while connecting or while
 * the body arrives) becomes a CliError saying what was tried and why it failed. The body is read
 * here, so no caller meets a raw abort later.
 */
export async function request(
  url: string,
  init: RequestInit = {},
  hint?: string,
): Promise<{ readonly ok: boolean; readonly status: number; readonly text: string }> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    return { ok: res.ok, status: res.status, text: await res.text() };
  } catch (err) {
    throw networkFailure(init.method ?? "GET", url, err, hint);
  }
}

/** An RFC 9457 problem from a tagtrail server, as lines a person can act on. */
export function describeProblem(status: number, text: string): string {
  let p: {
    code?: string;
    title?: string;
    detail?: string;
    errors?: { path: string; message: string }[];
    refusals?: { index: number; code: string; detail: string }[];
    refusalCount?: number;
  };
  try {
    p = JSON.parse(text);
    if (p === null || typeof p !== "object") throw new Error("not a problem document");
  } catch {
    const body = text.trim().slice(0, 200);
    return `HTTP ${status}${body ? `: ${body}` : ""} (not a tagtrail answer: is that URL a tagtrail server?)`;
  }
  const lines = [`HTTP ${status} ${p.code ?? ""}: ${p.detail ?? p.title ?? ""}`.trimEnd()];
  for (const e of (p.errors ?? []).slice(0, 20)) lines.push(`  ${e.path}: ${e.message}`);
  const refusals = p.refusals ?? [];
  if (refusals.length > 1 || (refusals.length === 1 && refusals[0]?.detail !== p.detail)) {
    for (const r of refusals.slice(0, 20)) lines.push(`  item ${r.index}: ${r.code}: ${r.detail}`);
  }
  const total = p.refusalCount ?? refusals.length;
  if (total > Math.min(20, refusals.length)) lines.push(`  … ${total - Math.min(20, refusals.length)} more refused`);
  return lines.join("\n");
}

/** GETs a plain-text resource of the tagtrail API (a checkpoint, a key); failures as for api(). */
export async function apiText(server: string, path: string): Promise<string> {
  const url = server.replace(/\/+$/, "") + path;
  const res = await request(url);
  const { text } = res;
  if (!res.ok) throw new CliError(`GET ${url} failed: ${describeProblem(res.status, text)}`);
  return text;
}

/** Calls the tagtrail API; a problem+json answer becomes a CliError with its code, detail and fields. */
export async function api<T = unknown>(
  server: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<T> {
  const url = server.replace(/\/+$/, "") + path;
  const res = await request(url, {
    method,
    headers: {
      accept: "application/json",
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const { text } = res;
  if (!res.ok) throw new CliError(`${method} ${url} failed: ${describeProblem(res.status, text)}`);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new CliError(
      `${method} ${url} answered HTTP ${res.status} with something that is not JSON: is it a tagtrail server?`,
    );
  }
}

/** A progress bar on stderr (redrawn in place on a terminal, a line per 10% otherwise). */
export function progress(label: string, total: number): { tick(n?: number): void; done(): void } {
  let done = 0;
  let lastDecile = -1;
  const tty = process.stderr.isTTY;
  const draw = () => {
    const frac = total === 0 ? 1 : done / total;
    if (tty) {
      const width = 30;
      const filled = Math.round(frac * width);
      process.stderr.write(`\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`);
    } else if (Math.floor(frac * 10) > lastDecile) {
      lastDecile = Math.floor(frac * 10);
      process.stderr.write(`${label}: ${done}/${total}\n`);
    }
  };
  return {
    tick(n = 1) {
      done += n;
      if (tty || total < 100 || done % Math.ceil(total / 100) === 0 || done === total) draw();
    },
    done() {
      done = total;
      draw();
      if (tty) process.stderr.write("\n");
    },
  };
}

/** RFC 4180 CSV: quote fields that need it. */
export function csvLine(fields: readonly string[]): string {
  return `${fields.map((f) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(",")}\r\n`;
}

/** Parses RFC 4180 CSV with a header row into records. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  const [header, ...body] = rows;
  if (!header) return [];
  return body
    .filter((r) => r.some((f) => f !== ""))
    .map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""])));
}
