// Starts the service the way `npm start` does — its own Node process running the runtime entry
// (src/runtime/node/main.ts, through tsx, so no build is needed) — on 127.0.0.1 with a fresh data
// directory and no demo. close() stops it with SIGTERM.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stopper } from "./child.js";

const entry = fileURLToPath(new URL("../../src/runtime/node/main.ts", import.meta.url));

export interface RunningNode {
  readonly base: string;
  readonly adminToken: string;
  output(): string;
  close(): Promise<void>;
}

export async function spawnNodeServer(dataDir: string, env: Record<string, string> = {}): Promise<RunningNode> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", entry], {
    env: {
      ...process.env,
      TAGTRAIL_DATA_DIR: dataDir,
      TAGTRAIL_HOST: "127.0.0.1",
      TAGTRAIL_PORT: "0",
      TAGTRAIL_DEMO: "off",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  const close = stopper(child);
  const deadline = Date.now() + 60_000;
  let base: string | undefined;
  while (!base) {
    base = /tagtrail listening on (http:\/\/\S+)/.exec(output)?.[1];
    if (base) break;
    if (child.exitCode !== null) throw new Error(`the service exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      await close();
      throw new Error(`the service did not start within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const adminToken = env.TAGTRAIL_ADMIN_TOKEN ?? readFileSync(join(dataDir, "admin.token"), "utf8").trim();
  return { base, adminToken, output: () => output, close };
}
