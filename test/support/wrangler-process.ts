// Starts the Workers build under `wrangler dev` (through `npm run dev:worker`'s script) on
// 127.0.0.1, with its own local D1 and Durable Object state in `dir` and throwaway secrets; no
// account, no network. close() stops the whole process group. (Plain Node: the benchmarks use it
// too; tests use ./wrangler-dev.ts, which also cleans up after the file.)
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toBase64Url, toHex } from "../../src/core/bytes.js";
import { nobleCrypto, randomSeed } from "../../src/core/crypto.js";
import { formatSignerKey, noteSigner } from "../../src/core/note.js";
import { stopper } from "./child.js";

export interface RunningWorker {
  readonly base: string;
  readonly adminToken: string;
  /** Everything wrangler dev printed so far. */
  output(): string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** `dir`, if given, is the caller's (kept after close); otherwise a temporary one is removed on close. */
export async function spawnWranglerDev(
  origin: string,
  vars: Record<string, string> = {},
  ownDir?: string,
  /** Secrets for .dev.vars instead of the generated ones (TAGTRAIL_LOG_KEY), or besides them; values may span lines. */
  secrets: Record<string, string> = {},
): Promise<RunningWorker> {
  const dir = ownDir ?? mkdtempSync(join(tmpdir(), "tagtrail-wrangler-"));
  const adminToken = toBase64Url(randomSeed());
  const varsFile = join(dir, "dev.vars");
  const all = {
    TAGTRAIL_LOG_KEY: formatSignerKey(noteSigner(nobleCrypto, origin, randomSeed())),
    TAGTRAIL_ADMIN_TOKEN: adminToken,
    TAGTRAIL_NFC_KEK: toHex(randomSeed()),
    ...secrets,
  };
  writeFileSync(
    varsFile,
    Object.entries(all)
      .map(([k, v]) => `${k}="${v}"\n`)
      .join(""),
    { mode: 0o600 },
  );
  const port = await freePort();
  const args = ["scripts/dev-worker.mjs", "--port", String(port)];
  for (const [k, v] of Object.entries({ TAGTRAIL_ACCESS_LOG: "off", ...vars })) args.push("--var", `${k}:${v}`);
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: join(import.meta.dirname, "..", ".."),
    env: { ...process.env, TAGTRAIL_DEV_STATE: join(dir, "state"), TAGTRAIL_DEV_VARS: varsFile },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = stopper(child, true);
  const close = async () => {
    await stop();
    if (ownDir === undefined) rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) break;
    } catch {}
    if (Date.now() > deadline) {
      await close();
      throw new Error(`wrangler dev did not start within 90 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { base, adminToken, output: () => output, close };
}
