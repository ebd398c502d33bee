// A log that never signs over damage. Damage is injected into the real SQLite file while the
// service is stopped (a flipped bit in a right-edge node, in a stored leaf, a deleted leaf row);
// the service is then started on it and asked to append, to serve proofs and to verify tags.
// Writes answer 503 log-damaged and nothing is signed; what can still be proven is served;
// the operator gets one clear line; `tagtrail fsck` names the damaged row.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { toBase64Url } from "../src/core/bytes.js";
import type { SignedTag } from "../src/core/tag.js";
import { intactChain } from "../src/service/stored-chain.js";
import { type Actor, actor, Client } from "./support/actors.js";
import { startServer } from "./support/server.js";
import { tempDir } from "./support/temp.js";

const cli = fileURLToPath(new URL("../src/cli/main.ts", import.meta.url));
const fsckOf = async (dir: string) => {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", cli, "fsck", "--data-dir", dir]);
    return { code: 0, stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
};

const ORIGIN = "damage.example/log";

/**
 * A log of 7 leaves: party (0), key (1), five tags (2..6). Its right edge is nodes 2/0 (leaves
 * 0-3), 1/2 (4-5) and 0/6.
 */
async function seeded(): Promise<{ dir: string; maker: Actor; tags: SignedTag[]; checkpoint: string }> {
  const dir = tempDir();
  const server = await startServer(dir, ORIGIN);
  const client = new Client(server.base, server.runtime.adminToken);
  const maker = actor("maker");
  expect((await client.register(maker, ["manufacturer"])).status).toBe(201);
  const tags = client.mint(maker, 5);
  expect((await client.commission(tags)).status).toBe(200);
  const checkpoint = (await client.call("GET", "/v1/log/checkpoint")).body as string;
  await server.close();
  return { dir, maker, tags, checkpoint };
}

/** Changes the file behind the service's back. */
function damage(dir: string, sql: string, ...params: unknown[]): void {
  const db = new Database(join(dir, "tagtrail.db"));
  db.prepare(sql).run(...params);
  db.close();
}

function flipped(dir: string, table: "log_nodes" | "log_leaves", column: string, where: string): Buffer {
  const db = new Database(join(dir, "tagtrail.db"), { readonly: true });
  const bytes = Buffer.from(db.prepare(`SELECT ${column} FROM ${table} WHERE ${where}`).pluck().get() as Buffer);
  db.close();
  bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] as number) ^ 0x04;
  return bytes;
}

async function restart(dir: string) {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "error").mockImplementation((...args) => void lines.push(args.join(" ")));
  const server = await startServer(dir, ORIGIN);
  const client = new Client(server.base, server.runtime.adminToken);
  const leafCount = () => server.runtime.db.prepare("SELECT count(*) FROM log_leaves").pluck().get() as number;
  return { server, client, lines, spy, leafCount };
}

const verify = (client: Client, tag: SignedTag, accept = "application/json") =>
  client.call("GET", `/01/${tag.tag.gtin}/21/${tag.tag.serial}?s=${toBase64Url(tag.signature)}`, undefined, { accept });

describe("a log that never signs over damage", () => {
  afterEach(() => vi.restoreAllMocks());

  it("a flipped bit in a right-edge node: refuses to sign, serves what it can still prove, fsck names the node", async () => {
    const { dir, maker, tags, checkpoint } = await seeded();
    damage(
      dir,
      "UPDATE log_nodes SET hash = ? WHERE level = 1 AND idx = 2",
      flipped(dir, "log_nodes", "hash", "level = 1 AND idx = 2"),
    );
    const { client, lines, leafCount } = await restart(dir);

    // Found at open, before anything is asked: one line for the operator, naming the command.
    expect(lines.filter((l) => l.includes("LOG STORAGE DAMAGED"))).toHaveLength(1);
    expect(lines[0]).toMatch(/right edge.*tagtrail fsck/);

    const write = await client.commission(client.mint(maker, 1));
    expect(write.status).toBe(503);
    expect(write.headers.get("content-type")).toMatch(/application\/problem\+json/);
    expect(write.body.code).toBe("log-damaged");
    expect(leafCount()).toBe(7);
    // No new checkpoint was signed; the last good one is still served.
    expect((await client.call("GET", "/v1/log/checkpoint")).body).toBe(checkpoint);
    // Tags whose proofs do not cross the damaged node still verify; the others are refused, not faked.
    expect((await verify(client, tags[2] as SignedTag)).body.verdict).toBe("caution"); // index 4: with its maker
    const crossing = await verify(client, tags[0] as SignedTag); // index 2: its proof needs node 1/2
    expect(crossing.status).toBe(503);
    expect(crossing.body.code).toBe("log-damaged");
    const page = await verify(client, tags[0] as SignedTag, "text/html");
    expect(page.status).toBe(503);
    expect(page.body).toContain("cannot be checked right now");
    expect(/<h1>.*<\/h1>/s.exec(page.body)?.[0]).not.toMatch(/genuine|fake|counterfeit/i);

    const found = await fsckOf(dir);
    expect(found.code).toBe(1);
    // Exactly the damaged row: the leaves, the head and the checkpoints all agree without it.
    expect(found.stdout.match(/^DAMAGED .*$/gm)).toEqual([
      "DAMAGED node 1/2: is not the hash of its children 0/4 and 0/5",
    ]);
  });

  it("a flipped bit in a stored leaf: the tag is not called counterfeit, and the log stops signing", async () => {
    const { dir, maker, tags } = await seeded();
    damage(dir, "UPDATE log_leaves SET data = ? WHERE idx = 3", flipped(dir, "log_leaves", "data", "idx = 3"));
    const { client, lines, leafCount } = await restart(dir);
    expect(lines).toEqual([]); // not on the right edge: found when read

    const hit = await verify(client, tags[1] as SignedTag); // leaf 3
    expect(hit.status).toBe(503);
    expect(hit.body.code).toBe("log-damaged");
    expect(JSON.stringify(hit.body)).not.toMatch(/counterfeit/);
    expect(lines.filter((l) => l.includes("LOG STORAGE DAMAGED"))).toHaveLength(1);
    expect(lines[0]).toMatch(/leaf 3/);

    expect((await client.commission(client.mint(maker, 1))).status).toBe(503);
    expect(leafCount()).toBe(7);
    // An auditor's bulk read is checked leaf by leaf: never the changed bytes with a 200.
    const bulk = await client.call("GET", "/v1/log/leaves?start=0&count=7");
    expect([bulk.status, bulk.body.code]).toEqual([503, "log-damaged"]);
    expect((await verify(client, tags[3] as SignedTag)).status).toBe(200); // an intact chain still answers

    const found = await fsckOf(dir);
    expect(found.code).toBe(1);
    expect(found.stdout.match(/^DAMAGED .*$/gm)).toEqual([expect.stringMatching(/^DAMAGED leaf 3: its bytes hash to/)]);
  });

  it("a deleted leaf row: no shifted leaves, no bare 500, the gap named", async () => {
    const { dir, tags } = await seeded();
    damage(dir, "DELETE FROM log_leaves WHERE idx = 3");
    const { client } = await restart(dir);

    const bulk = await client.call("GET", "/v1/log/leaves?start=0&count=1000");
    expect(bulk.status).toBe(503);
    expect(bulk.body.code).toBe("log-damaged");
    const after = await client.call("GET", "/v1/log/leaves?start=4&count=3");
    expect(after.status).toBe(200);
    expect(after.body.leaves).toHaveLength(3);
    const entry = await client.call("GET", "/v1/log/entries/3");
    expect(entry.status).toBe(503);
    expect(entry.body.code).toBe("log-damaged");
    expect((await verify(client, tags[1] as SignedTag)).status).toBe(503);
    const history = await client.call("GET", `/v1/tags/${tags[1]?.tag.gtin}/${tags[1]?.tag.serial}/events`);
    expect(history.status).toBe(503);

    const found = await fsckOf(dir);
    expect(found.code).toBe(1);
    expect(found.stdout.match(/^DAMAGED .*$/gm)).toEqual([expect.stringMatching(/^DAMAGED leaf 3: missing/)]);
  });

  it("fsck passes a healthy log", async () => {
    const { dir } = await seeded();
    const clean = await fsckOf(dir);
    expect(clean.stdout).toMatch(/7 leaves, 4 interior nodes and 2 checkpoints checked/);
    expect(clean.stdout).toMatch(/no damage found/);
    expect(clean.code).toBe(0);
  });

  it("a chain that grew between reading the tag and reading its chain is a race, not damage", async () => {
    const { dir, maker, tags } = await seeded();
    const { server, client, lines } = await restart(dir);
    const tag = tags[0] as SignedTag;
    const ctx = server.runtime.ctx;
    const stale = await ctx.store.tag(tag.tag.gtin, tag.tag.serial);
    if (!stale) throw new Error("tag");
    // A write lands after the tag row was read and before its chain is.
    const prev = toBase64Url(stale.head);
    expect((await client.events([client.signed(maker, "recall", tag, prev)])).status).toBe(200);
    const { tag: fresh, chain } = await intactChain(ctx, stale);
    expect(chain).toHaveLength(2);
    expect(fresh.length).toBe(2);
    expect(server.runtime.log.damage).toBeUndefined();
    expect(lines).toEqual([]);
  });

  it("a flipped bit in an inner node: a consistency proof across it is refused, never served as a fork", async () => {
    const { dir } = await seeded(); // checkpoints at 2 and 7
    damage(
      dir,
      "UPDATE log_nodes SET hash = ? WHERE level = 1 AND idx = 1",
      flipped(dir, "log_nodes", "hash", "level = 1 AND idx = 1"),
    );
    const { client, lines } = await restart(dir);
    expect(lines).toEqual([]); // not on the right edge
    const proof = await client.call("GET", "/v1/log/proof/consistency?from=2&to=7");
    expect([proof.status, proof.body.code]).toEqual([503, "log-damaged"]);
    expect(lines[0]).toMatch(/do not prove the checkpoints this log signed there consistent/);
    // Between sizes the log never signed, a proof is served but not cached for a year.
    const unsigned = await fetch(`${client.base}/v1/log/proof/consistency?from=3&to=5`);
    expect(unsigned.headers.get("cache-control")).toBe("no-cache");
  });
});
