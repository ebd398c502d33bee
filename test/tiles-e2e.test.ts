// C2SP tlog-tiles over real HTTP on both runtimes (npm start: SQLite; wrangler dev: D1): after
// a few hundred entries, a client that reads only the checkpoint and the tiles rebuilds its root,
// and every entry bundle's leaves hash to the level-0 tile's hashes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bytesEqual } from "../src/core/bytes.js";
import { parseCheckpoint } from "../src/core/checkpoint.js";
import { nobleCrypto } from "../src/core/crypto.js";
import { treeHasher } from "../src/core/merkle/hash.js";
import { parseEntryBundle, rootFromTiles, type TileId, tileFor, tilePath } from "../src/core/merkle/tiles.js";
import { actor, Client } from "./support/actors.js";
import { bothRuntimes, type Target } from "./support/targets.js";

const hasher = treeHasher(nobleCrypto.sha256);

describe.each(bothRuntimes("tiles.example/log"))("tiles on %s", (_name, start) => {
  let server: Target | undefined;
  let client: Client;
  afterAll(async () => server?.close());
  beforeAll(async () => {
    server = await start();
    client = new Client(server.base, server.adminToken);
    const maker = actor("maker");
    expect((await client.register(maker, ["manufacturer"])).status).toBe(201);
    expect((await client.commission(client.mint(maker, 300))).status).toBe(200);
  });

  const read = async (t: TileId) => {
    const res = await fetch(`${server?.base}/v1/log/${tilePath(t)}`);
    expect(res.status, tilePath(t)).toBe(200);
    return new Uint8Array(await res.arrayBuffer());
  };

  it("rebuilds the checkpoint's root from tiles, and bundles match the leaf tiles", async () => {
    const note = (await client.call("GET", "/v1/log/checkpoint")).body as string;
    const cp = parseCheckpoint(`${note.split("\n\n")[0]}\n`);
    expect(cp.size).toBeGreaterThan(300);
    expect(bytesEqual(await rootFromTiles(hasher, cp.size, read), cp.root)).toBe(true);
    for (const i of [0, cp.size - 1]) {
      const hashes = await read(tileFor(0, i, cp.size));
      const bundle = parseEntryBundle(await read(tileFor("entries", i, cp.size))) as Uint8Array[];
      expect(bundle.every((leaf, k) => bytesEqual(hasher.hashLeaf(leaf), hashes.subarray(32 * k, 32 * k + 32)))).toBe(
        true,
      );
    }
    const full = await fetch(`${server?.base}/v1/log/tile/0/000`);
    expect(full.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  });
});
