// Shared pieces of the CLI: flag parsing with zod, key files, the HTTP client, a progress bar.
import { readFileSync } from "node:fs";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { z } from "zod";
import { fromBase64 } from "../core/bytes.js";
import { keyId } from "../core/keys.js";
import { nodeCrypto } from "../runtime/node-crypto.js";

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

/** A private key file written by `tagtrail keygen`: the 32-byte seed, base64. */
export function readKeyFile(path: string): KeyFile {
  const seed = fromBase64(readFileSync(path, "utf8").trim());
  if (!seed || seed.length !== 32) throw new CliError(`${path} is not a tagtrail key file (base64 of a 32-byte seed)`);
  const publicKey = nodeCrypto.ed25519.publicKey(seed);
  return { seed, publicKey, keyId: keyId(nodeCrypto.sha256, publicKey) };
}

/** Calls the tagtrail API; a problem+json answer becomes a CliError with its code and detail. */
export async function api<T = unknown>(
  server: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<T> {
  const res = await fetch(server.replace(/\/+$/, "") + path, {
    method,
    headers: {
      accept: "application/json",
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) {
    let detail = text;
    try {
      const p = JSON.parse(text) as {
        code?: string;
        detail?: string;
        refusals?: { index: number; code: string; detail: string }[];
      };
      detail = `${p.code}: ${p.detail ?? ""}`;
      if (p.refusals && p.refusals.length > 1)
        detail += `\n${p.refusals.map((r) => `  item ${r.index}: ${r.code}: ${r.detail}`).join("\n")}`;
    } catch {}
    throw new CliError(`${method} ${path} failed (HTTP ${res.status}) ${detail}`);
  }
  return JSON.parse(text) as T;
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
