// C2SP tlog-tiles over a real SQLite log, through the HTTP routes: a client that knows only the
// checkpoint and the tiles rebuilds the root of every published checkpoint (70,000 leaves: full and
// partial tiles on three levels, the spec's own example size); each tile's bytes are the stored
// node rows; entry bundles hold the leaves; paths are exactly the spec's; nothing beyond the newest
// checkpoint is served; and tiles are cached as immutable.
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { bytesEqual, concatBytes } from "../src/core/bytes.js";
import { parseCheckpoint } from "../src/core/checkpoint.js";
import { randomSeed } from "../src/core/crypto.js";
import { treeHasher } from "../src/core/merkle/hash.js";
import {
  encodeEntryBundle,
  parseEntryBundle,
  parseTilePath,
  rootFromTiles,
  type TileId,
  tilePath,
} from "../src/core/merkle/tiles.js";
import { noteSigner } from "../src/core/note.js";
import { onError } from "../src/http/errors.js";
import { logRoutes } from "../src/http/log-routes.js";
import { TransparencyLog } from "../src/log/transparency-log.js";
import { nodeCrypto } from "../src/runtime/node/crypto.js";
import { openDatabase } from "../src/store/sqlite/database.js";
import { SqliteLogStore } from "../src/store/sqlite/log-store.js";
import { tempDir } from "./support/temp.js";

const hasher = treeHasher(nodeCrypto.sha256);
const SIZES = [1, 255, 256, 257, 65_535, 65_536, 70_000];

describe("tlog-tiles paths", () => {
  it("encodes and parses the spec's examples", () => {
    expect(tilePath({ level: 0, index: 1234067, width: 256 })).toBe("tile/0/x001/x234/067");
    expect(tilePath({ level: 2, index: 0, width: 1 })).toBe("tile/2/000.p/1");
    expect(tilePath({ level: "entries", index: 273, width: 112 })).toBe("tile/entries/273.p/112");
    expect(parseTilePath("0/x001/x234/067")).toEqual({ level: 0, index: 1234067, width: 256 });
    expect(parseTilePath("entries/273.p/112")).toEqual({ level: "entries", index: 273, width: 112 });
  });

  it("parses back exactly what it writes, and nothing else", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: 63 }), fc.constant("entries" as const)),
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.integer({ min: 1, max: 256 }),
        (level, index, width) => {
          const t: TileId = { level, index, width };
          expect(parseTilePath(tilePath(t).slice("tile/".length))).toEqual(t);
        },
      ),
    );
    for (const bad of [
      "00/000",
      "0/1",
      "0/0001",
      "0/x000/001",
      "64/000",
      "0/000.p/0",
      "0/000.p/256",
      "0/000.p/01",
      "x/000",
      "0/000/",
      "0//000",
    ]) {
      expect(parseTilePath(bad), bad).toBeUndefined();
    }
  });

  it("round-trips entry bundles and refuses truncated ones", () => {
    const leaves = [new Uint8Array(0), Uint8Array.of(1, 2, 3), new Uint8Array(300).fill(7)];
    const bundle = encodeEntryBundle(leaves);
    expect(parseEntryBundle(bundle)).toEqual(leaves);
    expect(parseEntryBundle(bundle.subarray(0, bundle.length - 1))).toBeUndefined();
    expect(() => encodeEntryBundle([new Uint8Array(65_536)])).toThrow(RangeError);
  });
});

describe("tiles served from a SQLite log", () => {
  const db = openDatabase(join(tempDir(), "tiles.db"));
  const store = new SqliteLogStore(db, nodeCrypto);
  const log = new TransparencyLog(store, nodeCrypto, noteSigner(nodeCrypto, "tiles.example/log", randomSeed()));
  // Mounted as the service mounts it, with its error handling: problems, not 500s.
  const app = logRoutes(log);
  app.onError(onError);
  const published: { size: number; root: Uint8Array }[] = [];
  const leaf = (i: number) => new TextEncoder().encode(`leaf ${i}`);
  const fetched: string[] = [];
  const get = async (path: string) => {
    fetched.push(path);
    return app.request(`/v1/log/${path}`);
  };
  const readTile = async (t: TileId) => {
    const res = await get(tilePath(t));
    if (res.status !== 200) throw new Error(`${tilePath(t)}: ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };

  beforeAll(async () => {
    await log.open();
    let at = 0;
    for (const size of SIZES) {
      while (at < size) {
        const n = Math.min(size - at, 5000);
        await log.append(Array.from({ length: n }, (_, k) => leaf(at + k)));
        at += n;
      }
      const cp = parseCheckpoint((await (await get("checkpoint")).text()).split("\n\n")[0] + "\n");
      expect(cp.size).toBe(size);
      published.push({ size, root: cp.root });
    }
  }, 60_000);

  it("lets a client rebuild every published root from tiles alone", async () => {
    for (const { size, root } of published) {
      const rebuilt = await rootFromTiles(hasher, size, readTile);
      expect(bytesEqual(rebuilt, root), `size ${size}`).toBe(true);
    }
    // The spec's example: a tree of 70,000 needs partial tiles of widths 112, 17 and 1.
    expect(fetched).toContain("tile/0/273.p/112");
    expect(fetched).toContain("tile/1/001.p/17");
    expect(fetched).toContain("tile/2/000.p/1");
  });

  it("hashes each full tile into the tile above, and each bundle into the leaf tile", async () => {
    // Level 1 hash i is the root of full level-0 tile i; level-0 hash j is the leaf hash of entry j.
    const level1 = await readTile({ level: 1, index: 0, width: 256 });
    for (const i of [0, 1, 128, 255]) {
      const below = await readTile({ level: 0, index: i, width: 256 });
      let layer: Uint8Array[] = Array.from({ length: 256 }, (_, k) => below.subarray(k * 32, (k + 1) * 32));
      while (layer.length > 1)
        layer = layer.flatMap((_, k) =>
          k % 2 ? [] : [hasher.hashChildren(layer[k] as Uint8Array, layer[k + 1] as Uint8Array)],
        );
      expect(bytesEqual(layer[0] as Uint8Array, level1.subarray(i * 32, (i + 1) * 32)), `tile 0/${i}`).toBe(true);
      const bundle = parseEntryBundle(await readTile({ level: "entries", index: i, width: 256 })) as Uint8Array[];
      expect(bundle.every((leaf, k) => bytesEqual(hasher.hashLeaf(leaf), below.subarray(k * 32, (k + 1) * 32)))).toBe(
        true,
      );
    }
  });

  it("serves tiles whose bytes are the stored node rows, and bundles of the stored leaves", async () => {
    for (const t of [
      { level: 0, index: 0, width: 256 },
      { level: 0, index: 273, width: 112 },
      { level: 1, index: 0, width: 256 },
      { level: 1, index: 1, width: 17 },
    ] as const) {
      const rows = db
        .prepare("SELECT hash FROM log_nodes WHERE level = ? AND idx >= ? AND idx < ? ORDER BY idx")
        .pluck()
        .all(t.level * 8, t.index * 256, t.index * 256 + t.width) as Uint8Array[];
      expect(rows).toHaveLength(t.width);
      expect(bytesEqual(await readTile(t), concatBytes(...rows)), tilePath(t)).toBe(true);
    }
    const bundle = parseEntryBundle(await readTile({ level: "entries", index: 273, width: 112 }));
    expect(bundle?.map((l) => new TextDecoder().decode(l))).toEqual(
      Array.from({ length: 112 }, (_, k) => `leaf ${273 * 256 + k}`),
    );
    const full = await get("tile/entries/000");
    expect(full.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(full.headers.get("content-type")).toBe("application/octet-stream");
    expect((await get("checkpoint")).headers.get("cache-control")).toBe("no-cache");
  });

  it("serves nothing beyond the newest checkpoint, and answers bad paths with a problem", async () => {
    for (const path of ["tile/0/274", "tile/0/273.p/113", "tile/entries/274.p/1", "tile/3/000.p/1", "tile/1/001"]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
    for (const path of ["tile/0/1", "tile/00/000", "tile/0/000.p/0", "tile/x/000", "tile/entries/x000/001"]) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe("invalid-tile-path");
    }
  });
});
