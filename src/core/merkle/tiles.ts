// C2SP tlog-tiles (https://c2sp.org/tlog-tiles): the tree served as static tiles. A tile at level
// L holds up to 256 consecutive hashes of tree level 8·L, which are exactly stored complete nodes;
// an entry bundle holds up to 256 consecutive leaves, each prefixed with its length (big-endian
// u16). Paths, which tiles a tree size has, the bundle encoding, and a client that rebuilds a
// tree's root from tiles alone (what a monitor does, and what the tests hold the server to).
import { concatBytes } from "../bytes.js";
import { HASH_SIZE, type TreeHasher } from "./hash.js";
import { type NodeId, rangeNodes } from "./range.js";

export const TILE_WIDTH = 256;
const TILE_HEIGHT = 8;
const MAX_ENTRY = 0xffff;

/** A tile (`level` ≥ 0) or an entry bundle (`level` "entries"): index N, width 1 to 256 (256: full). */
export interface TileId {
  readonly level: number | "entries";
  readonly index: number;
  readonly width: number;
}

/** tlog-tiles: N as zero-padded 3-digit elements, all but the last prefixed with "x" (1234067 → x001/x234/067). */
function indexPath(n: number): string {
  const groups: string[] = [];
  let rest = n;
  do {
    groups.unshift(String(rest % 1000).padStart(3, "0"));
    rest = Math.floor(rest / 1000);
  } while (rest > 0);
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join("/");
}

/** The path of a tile under the log's prefix: tile/<L>/<N>[.p/<W>] or tile/entries/<N>[.p/<W>]. */
export function tilePath(t: TileId): string {
  return `tile/${t.level}/${indexPath(t.index)}${t.width < TILE_WIDTH ? `.p/${t.width}` : ""}`;
}

/**
 * Parses the part of a path after "tile/"; undefined unless it is exactly what tilePath writes
 * (no leading zeros, at most 63 levels, widths 1 to 255 for partial tiles). Attacker-controlled input.
 */
export function parseTilePath(path: string): TileId | undefined {
  const m = /^(entries|0|[1-9][0-9]?)\/((?:x[0-9]{3}\/)*)([0-9]{3})(?:\.p\/([1-9][0-9]{0,2}))?$/.exec(path);
  if (!m) return undefined;
  const level = m[1] === "entries" ? "entries" : Number(m[1]);
  if (typeof level === "number" && level > 63) return undefined;
  const groups = [
    ...(m[2] as string)
      .split("/")
      .filter(Boolean)
      .map((g) => g.slice(1)),
    m[3] as string,
  ];
  // The first group may not be zero-padding of a shorter number: x000/… is not a valid index.
  if (groups.length > 1 && groups[0] === "000") return undefined;
  if (groups.length > 6) return undefined;
  const index = groups.reduce((n, g) => n * 1000 + Number(g), 0);
  const width = m[4] === undefined ? TILE_WIDTH : Number(m[4]);
  if ((m[4] !== undefined && width >= TILE_WIDTH) || !Number.isSafeInteger(index)) return undefined;
  return { level, index, width };
}

/** How many hashes tree level 8·L has in a tree of `size` leaves (entry bundles: level 0). */
function hashesAt(level: number, size: number): number {
  return Math.floor(size / TILE_WIDTH ** level);
}

/** Does a tree of `size` leaves contain tile `t` (full, or partial no wider than what exists)? */
export function tileWithin(t: TileId, size: number): boolean {
  const available = hashesAt(t.level === "entries" ? 0 : t.level, size);
  return t.index * TILE_WIDTH + t.width <= available;
}

/** The stored nodes a hash tile holds, in order. */
export function tileNodes(t: TileId): NodeId[] {
  const level = t.level === "entries" ? 0 : t.level * TILE_HEIGHT;
  return Array.from({ length: t.width }, (_, i) => ({ level, index: t.index * TILE_WIDTH + i }));
}

/** The tile of level `level` that holds hash `i` of tree level 8·level, as wide as a tree of `size` makes it. */
export function tileFor(level: number | "entries", i: number, size: number): TileId {
  const index = Math.floor(i / TILE_WIDTH);
  const available = hashesAt(level === "entries" ? 0 : level, size);
  return { level, index, width: Math.min(TILE_WIDTH, available - index * TILE_WIDTH) };
}

/** An entry bundle: each leaf as a big-endian u16 length and its bytes. */
export function encodeEntryBundle(leaves: readonly Uint8Array[]): Uint8Array {
  return concatBytes(
    ...leaves.flatMap((leaf) => {
      if (leaf.length > MAX_ENTRY) throw new RangeError("a tile entry is at most 65,535 bytes");
      return [Uint8Array.of(leaf.length >> 8, leaf.length & 0xff), leaf];
    }),
  );
}

/** The leaves of an entry bundle; undefined if it does not parse exactly. Attacker-controlled input. */
export function parseEntryBundle(bytes: Uint8Array): Uint8Array[] | undefined {
  const out: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 2 > bytes.length) return undefined;
    const n = ((bytes[at] as number) << 8) | (bytes[at + 1] as number);
    if (at + 2 + n > bytes.length) return undefined;
    out.push(bytes.slice(at + 2, at + 2 + n));
    at += 2 + n;
  }
  return out;
}

/** Reads a hash tile: `width` hashes of 32 bytes. */
export type TileReader = (t: TileId) => Promise<Uint8Array>;

/**
 * The root of the tree of `size` leaves from hash tiles alone: each complete subtree of the
 * size's decomposition from the tile level at or below it, hashed up inside that tile's level.
 * Throws if a tile is not as wide as it must be.
 */
export async function rootFromTiles(hasher: TreeHasher, size: number, read: TileReader): Promise<Uint8Array> {
  if (size === 0) return hasher.emptyRoot();
  const tiles = new Map<string, Promise<Uint8Array>>();
  const tile = (t: TileId) => {
    const key = `${t.level}/${t.index}/${t.width}`;
    let p = tiles.get(key);
    if (!p) {
      p = read(t).then((bytes) => {
        if (bytes.length !== t.width * HASH_SIZE) throw new Error(`tile ${tilePath(t)} has ${bytes.length} bytes`);
        return bytes;
      });
      tiles.set(key, p);
    }
    return p;
  };
  /** Hash `i` of tree level 8·level. */
  const hashAt = async (level: number, i: number) => {
    const t = tileFor(level, i, size);
    const bytes = await tile(t);
    const k = i - t.index * TILE_WIDTH;
    return bytes.subarray(k * HASH_SIZE, (k + 1) * HASH_SIZE);
  };
  /** A complete node from the hashes of the tile level at or below it. */
  const nodeHash = async (node: NodeId): Promise<Uint8Array> => {
    const level = Math.floor(node.level / TILE_HEIGHT);
    const span = 2 ** (node.level - level * TILE_HEIGHT);
    let layer = await Promise.all(Array.from({ length: span }, (_, k) => hashAt(level, node.index * span + k)));
    while (layer.length > 1) {
      const up: Uint8Array[] = [];
      for (let k = 0; k < layer.length; k += 2)
        up.push(hasher.hashChildren(layer[k] as Uint8Array, layer[k + 1] as Uint8Array));
      layer = up;
    }
    return layer[0] as Uint8Array;
  };
  const hashes = await Promise.all(rangeNodes({ start: 0, end: size }).map(nodeHash));
  let root = hashes[hashes.length - 1] as Uint8Array;
  for (let k = hashes.length - 2; k >= 0; k--) root = hasher.hashChildren(hashes[k] as Uint8Array, root);
  return root;
}
