// The README's "Using it" flow, run literally: every ```sh block of that section, in order, in
// one bash with `set -euo pipefail`, in a fresh folder, against a fresh server started as
// `npm start` starts it (its data directory is that folder's data/). The only thing provided
// from outside is what the repository checkout gives a reader: `npx tagtrail` resolving to this
// package's CLI. If a README command breaks, this fails and shows where.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../src/cli/common.js";
import { type RunningNode, spawnNodeServer } from "./support/node-process.js";
import { tempDir } from "./support/temp.js";

const readme = readFileSync(fileURLToPath(new URL("../README.md", import.meta.url)), "utf8");
const cli = fileURLToPath(new URL("../src/cli/main.ts", import.meta.url));
const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/** The ```sh blocks of the README section headed `heading`, in order. */
function shellBlocks(markdown: string, heading: string): string[] {
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README has no section "${heading}"`);
  const rest = markdown.slice(start + heading.length + 2);
  const end = rest.search(/\n## /);
  const section = end < 0 ? rest : rest.slice(0, end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

function bash(script: string, cwd: string, env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", script], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code: code ?? 1, output }));
  });
}

describe("README: Using it", () => {
  let server: RunningNode;
  let dir: string;

  beforeAll(async () => {
    dir = tempDir("tagtrail-readme-");
    // `npx tagtrail` in this folder finds the checkout's CLI, as it does in the repository.
    mkdirSync(join(dir, "node_modules", ".bin"), { recursive: true });
    const shim = join(dir, "node_modules", ".bin", "tagtrail");
    writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" --import "${tsx}" "${cli}" "$@"\n`, { mode: 0o755 });
    // As the README's NFC paragraph says to start it: with a key-encryption key for NFC batch keys.
    const kek = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("hex");
    server = await spawnNodeServer(join(dir, "data"), { TAGTRAIL_NFC_KEK: kek });
  });

  afterAll(async () => {
    await server?.close();
  });

  it("has the blocks the flow needs", () => {
    const blocks = shellBlocks(readme, "## Using it");
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    const all = blocks.join("\n");
    for (const step of ["keygen", "party add", "mint", "commission", "ship", "receive", "sell", "verify", "audit"]) {
      expect(all).toContain(`npx tagtrail ${step}`);
    }
    // The operator is handed public keys only.
    const partyAdds = all
      .replace(/\\\n/g, " ")
      .split("\n")
      .filter((line) => line.includes("party add"));
    expect(partyAdds).toHaveLength(3);
    for (const line of partyAdds) expect(line).toMatch(/--public-key-file \w+\.pub/);
  });

  it("runs every command as written, in order, and ends with a verified tag and a clean audit", async () => {
    const script = ["set -euo pipefail", "set -x", ...shellBlocks(readme, "## Using it")].join("\n");
    const run = await bash(script, dir, { TAGTRAIL_SERVER: server.base });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/verdict: authentic/);
    expect(run.output).toMatch(/proofs: \d+ entries, .* re-checked locally: ok/);
    expect(run.output).toMatch(
      /ok: localhost\/tagtrail at \d+ entries: root matches; 3 parties, 3 keys, 100 tags, every rule holds/,
    );
    // Private keys are owner-only; the public halves are what the operator registered.
    for (const party of ["maker", "distco", "shop"]) {
      expect(statSync(join(dir, `${party}.key`)).mode & 0o777).toBe(0o600);
      expect(readFileSync(join(dir, `${party}.pub`), "utf8")).toMatch(/^[A-Za-z0-9+/]{43}=\n$/);
    }
    // The NFC part: a software tag's tap checked once, then answered as already checked.
    expect(run.output).toMatch(/- nfc-tapped: /);
    expect(run.output).toMatch(/- nfc-already-checked: /);
    expect(run.output).toContain("verify exited 5");
    expect(statSync(join(dir, "batch.key")).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, "station.json")).mode & 0o777).toBe(0o600);
    const tags = parseCsv(readFileSync(join(dir, "tags.csv"), "utf8"));
    expect(tags).toHaveLength(100);
    expect(tags[0]?.url?.startsWith(`${server.base}/01/09506000134352/21/`)).toBe(true);
  });
});
