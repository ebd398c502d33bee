// The tagtrail CLI as a user runs it: a real process against a real HTTP server.
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { fromBase64, toBase64Url } from "../src/core/bytes.js";
import { randomSeed } from "../src/core/crypto.js";
import { KEY_ID_PATTERN } from "../src/core/keys.js";
import { formatSignerKey, formatVerifierKey, noteSigner } from "../src/core/note.js";
import { nodeCrypto } from "../src/runtime/node/crypto.js";
import { actor, Client } from "./support/actors.js";
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
    const top = await run(["--help"]);
    expect(top.stdout).toMatch(/keygen/);
    expect(top.code).toBe(0);
    expect(await run(["--version"])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^tagtrail \d+\.\d+\.\d+\n$/),
    });
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
    const vkey = honest.runtime.log.verifierKey();
    const state = join(tempDir(), "seen");
    await honest.runtime.log.append(makeLeaves(10, 1));
    await fork.runtime.log.append(makeLeaves(10, 2)); // same size, different leaves

    expect((await run(["log-check", "--url", honest.base, "--key", vkey, "--state", state])).stdout).toMatch(
      /at 10 entries/,
    );
    await honest.runtime.log.append(makeLeaves(5, 3));
    const grew = await run(["log-check", "--url", honest.base, "--key", vkey, "--state", state]);
    expect(grew.code).toBe(0);
    expect(grew.stdout).toMatch(/grew from 10 to 15/);

    await fork.runtime.log.append(makeLeaves(20, 4));
    const forked = await run(["log-check", "--url", fork.base, "--key", vkey, "--state", state]);
    expect(forked.code).toBe(1);
    expect(forked.stderr).toMatch(/not an append-only extension/);
  });

  it("says which URL it tried, why it failed and what to do when no server answers", async () => {
    const idle = await import("node:net").then(
      (net) =>
        new Promise<number>((resolve) => {
          const probe = net.createServer().listen(0, "127.0.0.1", () => {
            const { port } = probe.address() as { port: number };
            probe.close(() => resolve(port));
          });
        }),
    );
    const refused = await run(["audit", "--server", `http://127.0.0.1:${idle}`]);
    expect(refused.code, JSON.stringify(refused)).toBe(1);
    expect(refused.stderr).toContain(`GET http://127.0.0.1:${idle}/v1/log/key failed: connection refused`);
    expect(refused.stderr).toMatch(/--server URL or TAGTRAIL_SERVER/);
    const unknown = await run(["audit", "--server", "http://no-such-host.invalid"]);
    expect(unknown.stderr).toMatch(
      /GET http:\/\/no-such-host\.invalid\/v1\/log\/key failed: unknown host "no-such-host\.invalid"/,
    );
  });

  it("shows the server's field errors, and mint checks its outputs before minting", async () => {
    const server = await startServer(tempDir(), "cli-errors.example/log");
    const dir = tempDir();
    const partyAdd = (...key: string[]) =>
      run(["party", "add", "--id", "x", "--name", "X", "--role", "retailer", "--country", "DE", ...key]);
    const bad = await partyAdd(
      "--public-key",
      "not-a-key",
      "--server",
      server.base,
      "--admin-token",
      server.runtime.adminToken,
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/HTTP 400 invalid-request/);
    expect(bad.stderr).toMatch(/^ {2}publicKey: /m);
    const privateKeyFile = await partyAdd("--public-key-file", "x.key");
    expect(privateKeyFile).toMatchObject({ code: 2, stderr: expect.stringMatching(/looks like a private key file/) });

    const key = join(dir, "maker.key");
    expect((await run(["keygen", "--out", key])).code).toBe(0);
    const taken = join(dir, "tags.csv");
    writeFileSync(taken, "keep me\n");
    const mint = (out: string) =>
      run([
        "mint",
        "--key",
        key,
        "--gtin",
        "09506000134352",
        "--count",
        "5",
        "--base",
        "https://v.example",
        "--out",
        out,
        "--qr",
        "svg",
        "--qr-dir",
        join(dir, "qr"),
      ]);
    const clash = await mint(taken);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toMatch(/tags\.csv already exists: choose another --out/);
    expect(readFileSync(taken, "utf8")).toBe("keep me\n");
    expect(existsSync(join(dir, "qr")) ? readdirSync(join(dir, "qr")) : []).toEqual([]); // nothing minted
    const noFolder = await mint(join(dir, "missing", "tags.csv"));
    expect(noFolder.stderr).toMatch(/the folder .*missing does not exist/);
  });

  it("verify fails closed: a proof that does not hold under the pinned key prints no verdict", async () => {
    const server = await startServer(tempDir(), "cli-verify.example/log");
    const client = new Client(server.base, server.runtime.adminToken);
    const maker = actor("maker");
    await client.register(maker, ["manufacturer"]);
    const [tag] = client.mint(maker, 1);
    if (!tag) throw new Error("mint");
    await client.commission([tag]);
    const url = `${server.base}/01/${tag.tag.gtin}/21/${tag.tag.serial}?s=${toBase64Url(tag.signature)}`;
    const honest = await run(["verify", url, "--log-key", server.runtime.log.verifierKey()]);
    expect(honest.code).toBe(5); // a caution: genuine, still with its maker
    expect(honest.stdout).toMatch(/^verdict: caution/m);
    const otherLog = formatVerifierKey(noteSigner(nodeCrypto, "cli-verify.example/log", randomSeed()));
    const forged = await run(["verify", url, "--log-key", otherLog]);
    expect(forged.code).toBe(1);
    expect(forged.stdout).not.toMatch(/verdict/);
    expect(forged.stderr).toMatch(/proof FAILED: checkpoint/);
    const viaServer = await run([
      "verify",
      url.replace(server.base, "https://verify.example.com"),
      "--server",
      server.base,
    ]);
    expect(viaServer.stdout).toMatch(/^verdict: caution/m);
  });

  it("verify checks the proofs against the scanned tag: another tag's genuine answer fails", async () => {
    const server = await startServer(tempDir(), "cli-swap.example/log");
    const client = new Client(server.base, server.runtime.adminToken);
    const maker = actor("maker");
    await client.register(maker, ["manufacturer"]);
    const [a, b] = client.mint(maker, 2);
    if (!a || !b) throw new Error("mint");
    await client.commission([a, b]);
    const pathOf = (t: typeof a, sig = toBase64Url(t.signature)) => `/01/${t.tag.gtin}/21/${t.tag.serial}?s=${sig}`;
    // A host that answers every tag URL with B's genuine answer.
    const { createServer } = await import("node:http");
    const liar = createServer((_req, res) => {
      void fetch(server.base + pathOf(b), { headers: { accept: "application/json" } })
        .then((r) => r.text())
        .then((body) => res.writeHead(200, { "content-type": "application/json" }).end(body));
    });
    await new Promise<void>((resolve) => liar.listen(0, "127.0.0.1", resolve));
    const liarBase = `http://127.0.0.1:${(liar.address() as { port: number }).port}`;
    const key = server.runtime.log.verifierKey();
    try {
      const other = await run(["verify", liarBase + pathOf(a), "--log-key", key]);
      expect(other.code).toBe(1);
      expect(other.stdout).not.toMatch(/verdict/);
      expect(other.stderr).toMatch(/proof FAILED: entry 0: commissions another tag/);
      const forged = await run([
        "verify",
        liarBase + pathOf(b, toBase64Url(new Uint8Array(64).fill(7))),
        "--log-key",
        key,
      ]);
      expect(forged.code).toBe(1);
      expect(forged.stderr).toMatch(/another signature than the one scanned/);
      expect((await run(["verify", liarBase + pathOf(b), "--log-key", key])).code).toBe(5); // B itself: genuine
    } finally {
      liar.close();
    }
  });
});
