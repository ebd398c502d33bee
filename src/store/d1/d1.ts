// The part of Cloudflare's D1 binding the adapters use, typed structurally so this folder
// compiles (and its logic can be read) without the Workers type globals. The real binding
// (`env.DB`) satisfies it. Also: bulk parameters as JSON, within D1's limits.

export interface D1Result<T = unknown> {
  readonly results: T[];
  readonly meta: { readonly changes?: number };
}

export interface D1PreparedStatement {
  bind(...values: unknown[]): D1PreparedStatement;
  first<T = Record<string, unknown>>(): Promise<T | null>;
  all<T = Record<string, unknown>>(): Promise<D1Result<T>>;
  run(): Promise<D1Result>;
}

export interface D1Database {
  prepare(query: string): D1PreparedStatement;
  /** Runs the statements as one SQL transaction: all of them, or (on any error) none. */
  batch(statements: D1PreparedStatement[]): Promise<D1Result[]>;
}

/**
 * D1 binds at most 100 parameters per statement and holds at most 1,000,000 bytes in one
 * string, so bulk rows travel as JSON arrays read back with json_each(), each array kept under
 * this many characters.
 */
export const JSON_CHUNK_CHARS = 900_000;

/** Splits rows into JSON arrays that each stay under JSON_CHUNK_CHARS. */
export function jsonChunks(rows: readonly unknown[]): string[] {
  const chunks: string[] = [];
  let parts: string[] = [];
  let length = 2;
  for (const row of rows) {
    const text = JSON.stringify(row);
    if (parts.length > 0 && length + text.length + 1 > JSON_CHUNK_CHARS) {
      chunks.push(`[${parts.join(",")}]`);
      parts = [];
      length = 2;
    }
    parts.push(text);
    length += text.length + 1;
  }
  if (parts.length > 0) chunks.push(`[${parts.join(",")}]`);
  return chunks;
}

/** A BLOB parameter: D1 binds an ArrayBuffer as a BLOB. */
export function blob(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer as ArrayBuffer;
}

/** The constraint a failed statement broke, from SQLite's message ("UNIQUE constraint failed: t.c"). */
export function brokenConstraint(err: unknown): string | undefined {
  const message = String((err as { message?: unknown })?.message ?? err);
  const unique = /(?:UNIQUE|NOT NULL) constraint failed: ([\w.]+)/.exec(message);
  if (unique) return unique[1];
  if (/duplicate: /.test(message)) return "duplicate";
  return undefined;
}
