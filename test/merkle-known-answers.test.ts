// Known-answer tests: RFC 9162 hashing and proofs against the published RFC 6962 test tree.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../src/core/bytes.js";
import { nobleCrypto } from "../src/core/crypto.js";
import { CompactRange } from "../src/core/merkle/compact.js";
import { treeHasher } from "../src/core/merkle/hash.js";
import { hashLeaf, verifyInclusion } from "../src/index.js";
import { nodeCrypto } from "../src/runtime/node/crypto.js";
import { refPath, refRoot } from "./support/reference-tree.js";

interface Vectors {
  emptyRoot: string;
  leaves: string[];
  roots: string[];
  inclusion: { label: string; index: number; size: number; proof: string[] }[];
}

const vectors: Vectors = JSON.parse(readFileSync(new URL("./vectors/rfc6962-tree.json", import.meta.url), "utf8"));
const leaves = vectors.leaves.map((h) => fromHex(h) as Uint8Array);

describe("RFC 6962 test tree", () => {
  it("empty tree root is SHA-256 of the empty string", () => {
    expect(toHex(refRoot([]))).toBe(vectors.emptyRoot);
    expect(toHex(CompactRange.empty(treeHasher(nodeCrypto.sha256)).root())).toBe(vectors.emptyRoot);
  });

  for (const [i, expected] of vectors.roots.entries()) {
    it(`root of the first ${i + 1} leaves`, () => {
      expect(toHex(refRoot(leaves.slice(0, i + 1)))).toBe(expected);
      for (const hasher of [treeHasher(nobleCrypto.sha256), treeHasher(nodeCrypto.sha256)]) {
        const range = CompactRange.empty(hasher);
        for (const leaf of leaves.slice(0, i + 1)) range.append(hasher.hashLeaf(leaf));
        expect(toHex(range.root())).toBe(expected);
      }
    });
  }

  for (const v of vectors.inclusion) {
    it(`inclusion proof: ${v.label}`, () => {
      const proof = v.proof.map((h) => fromHex(h) as Uint8Array);
      expect(refPath(v.index, leaves.slice(0, v.size)).map(toHex)).toEqual(v.proof);
      const root = fromHex(vectors.roots[v.size - 1] as string) as Uint8Array;
      expect(verifyInclusion(hashLeaf(leaves[v.index] as Uint8Array), v.index, v.size, proof, root)).toBe(true);
    });
  }
});
