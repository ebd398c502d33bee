// A log nobody can fork, end to end on Node: the service as `npm start` runs it, with a tlog-policy
// naming two local witnesses (each `tagtrail witness`'s own process state: its SQLite file and key)
// and quorum 2. A scan's answer carries a checkpoint both cosigned, which a client holding the
// policy accepts and dates; with one witness down, appends are still acknowledged but nothing new
// is published, and an answer about a just-changed tag fails closed at the client; once the
// witness is back, publication resumes.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomSeed } from "../src/core/crypto.js";
import { formatSignerKey, formatVerifierKey, noteSigner } from "../src/core/note.js";
import { parsePolicy } from "../src/core/policy.js";
import { checkTagProofFile } from "../src/core/proof-file.js";
import { recheckVerifyAnswerWithPolicy } from "../src/index.js";
import { nodeCrypto } from "../src/runtime/node/crypto.js";
import { type RunningWitness, startWitness } from "../src/runtime/node/witness.js";
import { actor, Client } from "./support/actors.js";
import { bothRuntimes, type Target } from "./support/targets.js";
import { tempDir } from "./support/temp.js";

const dir = tempDir();
const origin = "witnessed.example/log";
const logKey = noteSigner(nodeCrypto, origin, randomSeed());
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const CLI = fileURLToPath(new URL("../src/cli/main.ts", import.meta.url));

/** Runs the CLI from source with no server in its environment. */
function runCli(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", CLI, ...args], {
      env: { ...process.env, TAGTRAIL_SERVER: "http://127.0.0.1:9" },
    });
    let output = "";
    child.stdout.on("data", (d) => {
      output += d;
    });
    child.stderr.on("data", (d) => {
      output += d;
    });
    child.on("exit", (code) => resolve({ code: code ?? 1, output }));
  });
}

let policy = "";
const targets = bothRuntimes(origin, { TAGTRAIL_PUBLISH_INTERVAL_MS: "200" }, (runtime) => ({
  TAGTRAIL_LOG_KEY: formatSignerKey(logKey),
  // Node reads the policy from a file; Workers take its text (a secret or var: no files there).
  TAGTRAIL_POLICY: runtime === "node" ? join(dir, "policy.txt") : policy,
}));

describe.each(targets)("a witnessed log on %s, two witnesses, quorum 2", (_name, start) => {
  let w1: RunningWitness;
  let w2: RunningWitness;
  let node: Target;
  let client: Client;
  const run = `${Math.random()}`.slice(2, 8);
  const witnessPolicy = join(dir, `follow-${run}.txt`);
  const startW = (name: string, data: string) =>
    startWitness({ dataDir: join(dir, `${data}-${run}`), name, policy: witnessPolicy, host: "127.0.0.1", port: 0 });

  beforeAll(async () => {
    writeFileSync(witnessPolicy, `log ${formatVerifierKey(logKey)}\nquorum none\n`);
    w1 = await startW("w1.example/witness", "w1");
    w2 = await startW("w2.example/witness", "w2");
    policy =
      `log ${formatVerifierKey(logKey)}\n` +
      `witness W1 ${w1.vkey} ${w1.base}\nwitness W2 ${w2.vkey} ${w2.base}\n` +
      "group both all W1 W2\nquorum both\n";
    writeFileSync(join(dir, "policy.txt"), policy);
    node = await start();
    client = new Client(node.base, node.adminToken);
  });
  afterAll(async () => {
    await node?.close();
    await w1?.close();
    await w2?.close();
  });

  const maker = actor("maker");
  const shop = actor("shop");

  /** Scans until the answer's checkpoint meets the policy (or `tries` run out). */
  async function witnessedScan(tag: Parameters<Client["verify"]>[0], tries = 200) {
    let last: string[] = [];
    for (let i = 0; i < tries; i++) {
      const res = await client.verify(tag);
      const checked = recheckVerifyAnswerWithPolicy(res.body, policy);
      if (checked.failures.length === 0) return { res, checked };
      last = [...checked.failures];
      await wait(100);
    }
    const pg = (await client.call("GET", "/v1/log/?format=json")).body;
    const out = `${JSON.stringify({ p: pg.published?.size, l: pg.latest, c: pg.published?.cosignatures })}\n${(node as { output?: () => string }).output?.() ?? ""}`;
    throw new Error(`no witnessed answer: ${last.join("; ")}\n${out.slice(-1500)}`);
  }

  it("serves the policy, and answers with a checkpoint both witnesses cosigned", async () => {
    expect((await client.call("GET", "/v1/log/policy")).body).toBe(policy);
    expect((await client.register(maker, ["manufacturer"])).status).toBe(201);
    expect((await client.register(shop, ["retailer"])).status).toBe(201);
    const [tag] = client.mint(maker, 1);
    if (!tag) throw new Error("mint");
    const head = (await client.commission([tag])).body.results[0].leafHash;
    await client.walk(tag, head, [
      [maker, "ship", { to: "shop" }],
      [shop, "receive"],
    ]);
    const { res, checked } = await witnessedScan(tag);
    expect(res.body.verdict).toBe("authentic");
    expect(checked.cosignatures.map((c) => c.name).sort()).toEqual(["W1", "W2"]);
    expect(checked.ageSeconds).toBeLessThanOrEqual(5);
    // The published checkpoint is what /v1/log/checkpoint shows too, or a newer signed one.
    expect(res.body.proofs.checkpoint).toContain("— w1.example/witness ");
  });

  it("gives a tag's history as a tlog-proof file that checks offline against the policy, and not when altered", async () => {
    const [tag] = client.mint(maker, 1);
    if (!tag) throw new Error("mint");
    const distributor = actor("dist");
    expect((await client.register(distributor, ["distributor"])).status).toBe(201);
    const head = (await client.commission([tag])).body.results[0].leafHash;
    await client.walk(tag, head, [
      [maker, "ship", { to: "dist" }],
      [distributor, "receive"],
      [distributor, "ship", { to: "shop" }],
      [shop, "receive"],
      [shop, "sell"],
    ]);
    await witnessedScan(tag); // published past the sale
    const res = await fetch(`${node.base}/v1/tags/${tag.tag.gtin}/${tag.tag.serial}/proof`);
    expect(res.headers.get("content-disposition")).toMatch(/\.tlog-proof"$/);
    const file = await res.text();
    expect(file.startsWith("c2sp.org/tlog-proof@v1\nextra ")).toBe(true);
    const ok = checkTagProofFile(nodeCrypto, file, parsePolicy(nodeCrypto, policy), Math.floor(Date.now() / 1000));
    expect(ok.failures).toEqual([]);
    expect([ok.tag?.entries.length, ok.cosignatures.length]).toEqual([6, 2]);
    // What a 6-entry chain's proof weighs, and whether one QR code (version 40, level L: 2,953 bytes) holds it.
    const gz = gzipSync(file).length;
    console.log(`tlog-proof of a 6-entry chain: ${file.length} bytes, ${gz} gzip-compressed; one QR code holds 2,953`);
    // Any change to the chain or the checkpoint fails it: here, the extra data's tag.
    const extra = /^extra (.*)$/m.exec(file)?.[1] as string;
    const json = Buffer.from(extra, "base64").toString("utf8").replace(tag.tag.serial, "FORGED0000000000");
    const forged = file.replace(extra, Buffer.from(json).toString("base64"));
    expect(checkTagProofFile(nodeCrypto, forged, parsePolicy(nodeCrypto, policy), 0).failures.length).toBeGreaterThan(
      0,
    );
    // The command line, offline: no server named, no network needed.
    const dirOut = join(dir, "proof");
    mkdirSync(dirOut, { recursive: true });
    writeFileSync(join(dirOut, "tag.tlog-proof"), file);
    writeFileSync(join(dirOut, "policy.txt"), policy);
    const cli = await runCli([
      "verify",
      "--offline",
      join(dirOut, "tag.tlog-proof"),
      "--policy",
      join(dirOut, "policy.txt"),
    ]);
    expect(cli.code, cli.output).toBe(0);
    expect(cli.output).toMatch(/6 entries, proven offline/);
    expect(cli.output).toMatch(/seen by 2 independent witnesses \(W1, W2\)/);
    writeFileSync(join(dirOut, "forged.tlog-proof"), forged);
    expect(
      (await runCli(["verify", "--offline", join(dirOut, "forged.tlog-proof"), "--policy", join(dirOut, "policy.txt")]))
        .code,
    ).toBe(1);
  });

  it("keeps acknowledging appends with a witness down, publishes nothing new, and a client fails closed", async () => {
    const page = async () => (await client.call("GET", "/v1/log/?format=json")).body;
    const before = await page();
    expect(before.published.cosignatures.map((c: { witness: string }) => c.witness).sort()).toEqual(["W1", "W2"]);
    const port = Number(new URL(w2.base).port);
    await w2.close();
    const [tag] = client.mint(maker, 1);
    if (!tag) throw new Error("mint");
    const commissioned = await client.commission([tag]);
    expect(commissioned.status).toBe(200); // acknowledged at once, durable, with its index
    await wait(1000); // five publication rounds
    // Nothing new published: the page's published tree is the one from before; the newest is larger.
    const during = await page();
    expect(during.published.size).toBe(before.published.size);
    expect(during.latest.size).toBeGreaterThan(before.published.size);
    const res = await client.verify(tag);
    expect(res.status).toBe(200);
    const checked = recheckVerifyAnswerWithPolicy(res.body, policy);
    // Its head is in no published checkpoint yet: the answer's checkpoint has no cosignature.
    expect(checked.failures.join("; ")).toMatch(/the witness quorum "both" is not met \(cosigned by: none\)/);
    // Back up on its address, with its key and state: publication resumes and the answer is witnessed.
    w2 = await startWitness({
      dataDir: join(dir, `w2-${run}`),
      name: "w2.example/witness",
      policy: witnessPolicy,
      host: "127.0.0.1",
      port,
    });
    const { checked: again } = await witnessedScan(tag);
    expect(again.cosignatures.map((c) => c.name).sort()).toEqual(["W1", "W2"]);
    expect((await page()).published.size).toBeGreaterThan(before.published.size);
    // The page for a person, too.
    const html = await fetch(`${node.base}/v1/log/`);
    expect(html.headers.get("content-type")).toMatch(/text\/html/);
    expect(await html.text()).toContain("Latest published checkpoint");
  });
});
