// The tagtrail CLI as a user runs it: a real process against a real HTTP server.
import { execFile } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { fromBase64 } from "../src/core/bytes.js";
import { randomSeed } from "../src/core/crypto.js";
import { KEY_ID_PATTERN } from "../src/core/keys.js";
import { formatSignerKey, noteSigner } from "../src/core/note.js";
import { nodeCrypto } from "../src/runtime/node-crypto.js";
import { makeLeaves } from "./support/reference-tree.js";
import { startServer } from "./support/server.js";
import { tempDir } from "./support/temp.js";

const main = fileURLToPath(new URL("../src/cli/main.ts", import.meta.url));
const run = async (args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", main, ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

describe("tagtrail CLI", () => {
  it("prints help for every command and refuses unknown ones", async () => {
    expect((await run(["--help"])).stdout).toMatch(/keygen/);
    for (const c of ["keygen", "log-check"]) expect((await run([c, "--help"])).stdout).toMatch(/^usage: tagtrail/);
    expect((await run(["nope"])).code).toBe(2);
    expect((await run(["log-check", "--url", "not a url"])).code).toBe(2);
  });

  it("keygen writes an owner-only private key and prints the public key and key ID", async () => {
    const out = join(tempDir(), "party.key");
    const res = await run(["keygen", "--out", out]);
    expect(res.code).toBe(0);
    const printed = JSON.parse(res.stdout) as { publicKey: string; keyId: string };
    expect(printed.keyId).toMatch(KEY_ID_PATTERN);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const seed = fromBase64(readFileSync(out, "utf8").trim()) as Uint8Array;
    expect(Buffer.from(nodeCrypto.ed25519.publicKey(seed)).toString("base64")).toBe(printed.publicKey);
    expect((await run(["keygen", "--out", out])).code).not.toBe(0); // never overwrites a key
  });

  it("log-check verifies growth and catches a forked log signed with the same key", async () => {
    const origin = "cli.example/log";
    const logKey = formatSignerKey(noteSigner(nodeCrypto, origin, randomSeed()));
    const honest = await startServer(tempDir(), origin, logKey);
    const fork = await startServer(tempDir(), origin, logKey);
    const vkey = honest.service.log.verifierKey();
    const state = join(tempDir(), "seen");
    await honest.service.log.append(makeLeaves(10, 1));
    await fork.service.log.append(makeLeaves(10, 2)); // same size, different leaves

    expect((await run(["log-check", "--url", honest.base, "--key", vkey, "--state", state])).stdout).toMatch(
      /at 10 entries/,
    );
    await honest.service.log.append(makeLeaves(5, 3));
    const grew = await run(["log-check", "--url", honest.base, "--key", vkey, "--state", state]);
    expect(grew.code).toBe(0);
    expect(grew.stdout).toMatch(/grew from 10 to 15/);

    await fork.service.log.append(makeLeaves(20, 4));
    const forked = await run(["log-check", "--url", fork.base, "--key", vkey, "--state", state]);
    expect(forked.code).toBe(1);
    expect(forked.stderr).toMatch(/not an append-only extension/);
  });
});
