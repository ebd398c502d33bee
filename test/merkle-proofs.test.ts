// Property tests for RFC 9162 inclusion and consistency proofs: generated proofs equal the spec's
// recursive definitions and verify; every mutation (named as in transparency-dev/merkle's
// vectors) and every malformed input makes verification return false without throwing.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toHex } from "../src/core/bytes.js";
import { CompactRange, summarizePage } from "../src/core/merkle/compact.js";
import { hashLeaf, verifyConsistency, verifyInclusion } from "../src/index.js";
import { completeNodes, hasher, plannedConsistency, plannedInclusion } from "./support/memory-nodes.js";
import { makeLeaves, refConsistency, refPath, refRoot } from "./support/reference-tree.js";

const MAX = 64;
const leaves = makeLeaves(MAX);
const nodes = completeNodes(leaves);
const roots = Array.from({ length: MAX + 1 }, (_, n) => refRoot(leaves.slice(0, n)));
const root = (n: number) => roots[n] as Uint8Array;

function flipBit(proof: readonly Uint8Array[], i: number, bit: number): Uint8Array[] {
  return proof.map((h, j) => {
    if (j !== i) return h;
    const copy = h.slice();
    copy[bit >> 3] = (copy[bit >> 3] as number) ^ (1 << (bit & 7));
    return copy;
  });
}

type Mutation = [label: string, proof: Uint8Array[]];

function proofMutations(proof: Uint8Array[], bits: readonly number[]): Mutation[] {
  const out: Mutation[] = [];
  for (let i = 0; i < proof.length; i++) {
    for (const bit of bits) out.push([`modified-proof[${i}]-bit-@${bit}`, flipBit(proof, i, bit)]);
  }
  if (proof.length > 0) {
    out.push(["missing-last", proof.slice(0, -1)]);
    out.push(["missing-first", proof.slice(1)]);
    out.push(["duplicated-first", [proof[0] as Uint8Array, ...proof]]);
  }
  if (proof.length > 1) out.push(["reversed", [...proof].reverse()]);
  out.push(["trailing-garbage", [...proof, new Uint8Array(32).fill(7)]]);
  out.push(["leading-garbage", [new Uint8Array(32).fill(9), ...proof]]);
  return out;
}

describe("inclusion proofs, every leaf of every tree size up to 64", () => {
  it("match RFC 9162 PATH and verify", () => {
    for (let n = 1; n <= MAX; n++) {
      for (let m = 0; m < n; m++) {
        const proof = plannedInclusion(nodes, m, n);
        expect(proof.map(toHex)).toEqual(refPath(m, leaves.slice(0, n)).map(toHex));
        expect(verifyInclusion(hashLeaf(leaves[m] as Uint8Array), m, n, proof, root(n))).toBe(true);
        expect(verifyInclusion(hashLeaf(leaves[m] as Uint8Array), BigInt(m), BigInt(n), proof, root(n))).toBe(true);
      }
    }
  });

  it("reject every mutation", () => {
    const failures: string[] = [];
    for (let n = 1; n <= MAX; n++) {
      for (let m = 0; m < n; m++) {
        const leafHash = hashLeaf(leaves[m] as Uint8Array);
        const proof = plannedInclusion(nodes, m, n);
        const cases: [string, () => boolean][] = proofMutations(proof, [0, 131, 255]).map(([label, p]) => [
          label,
          () => verifyInclusion(leafHash, m, n, p, root(n)),
        ]);
        cases.push([
          "wrong-leaf",
          () => verifyInclusion(hashLeaf(leaves[(m + 1) % MAX] as Uint8Array), m, n, proof, root(n)),
        ]);
        cases.push(["leaf-data-not-hash", () => verifyInclusion(leaves[m] as Uint8Array, m, n, proof, root(n))]);
        cases.push(["index+1", () => verifyInclusion(leafHash, m + 1, n, proof, root(n))]);
        if (m > 0) cases.push(["index-1", () => verifyInclusion(leafHash, m - 1, n, proof, root(n))]);
        // A changed size is a different tree head: it comes with that tree's root. (With the root
        // left as it was, sizes whose proofs have the same shape are indistinguishable by RFC 9162
        // verification; the signed checkpoint binds size and root together.)
        if (n < MAX) cases.push(["size+1", () => verifyInclusion(leafHash, m, n + 1, proof, root(n + 1))]);
        if (m < n - 1) cases.push(["size-1", () => verifyInclusion(leafHash, m, n - 1, proof, root(n - 1))]);
        cases.push(["size*2", () => verifyInclusion(leafHash, m, n * 2, proof, root(n))]);
        cases.push(["wrong-root", () => verifyInclusion(leafHash, m, n, proof, root(n - 1))]);
        for (const [label, run] of cases) if (run()) failures.push(`${label} at index ${m} of ${n}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe("consistency proofs, every pair m < n ≤ 64", () => {
  it("match RFC 9162 PROOF and verify", () => {
    for (let n = 1; n <= MAX; n++) {
      for (let m = 1; m < n; m++) {
        const proof = plannedConsistency(nodes, m, n);
        expect(proof.map(toHex)).toEqual(refConsistency(m, leaves.slice(0, n)).map(toHex));
        expect(verifyConsistency(m, n, proof, root(m), root(n))).toBe(true);
      }
      expect(verifyConsistency(n, n, [], root(n), root(n))).toBe(true);
      expect(verifyConsistency(0, n, [], root(0), root(n))).toBe(true);
    }
  });

  it("reject every mutation", () => {
    const failures: string[] = [];
    for (let n = 2; n <= MAX; n++) {
      for (let m = 1; m < n; m++) {
        const proof = plannedConsistency(nodes, m, n);
        const cases: [string, () => boolean][] = proofMutations(proof, [0, 77, 255]).map(([label, p]) => [
          label,
          () => verifyConsistency(m, n, p, root(m), root(n)),
        ]);
        cases.push(["empty-proof", () => verifyConsistency(m, n, [], root(m), root(n))]);
        cases.push(["size1+1", () => verifyConsistency(m + 1, n, proof, root(m + 1), root(n))]);
        cases.push(["size1+1-same-root", () => verifyConsistency(m + 1, n, proof, root(m), root(n))]);
        if (m > 1) cases.push(["size1-1", () => verifyConsistency(m - 1, n, proof, root(m - 1), root(n))]);
        if (m > 1) cases.push(["size1-1-same-root", () => verifyConsistency(m - 1, n, proof, root(m), root(n))]);
        if (n < MAX) cases.push(["size2+1", () => verifyConsistency(m, n + 1, proof, root(m), root(n + 1))]);
        if (n - 1 > m) cases.push(["size2-1", () => verifyConsistency(m, n - 1, proof, root(m), root(n - 1))]);
        cases.push(["wrong-root1", () => verifyConsistency(m, n, proof, root(m - 1), root(n))]);
        cases.push(["wrong-root2", () => verifyConsistency(m, n, proof, root(m), root(n - 1))]);
        cases.push(["swapped-roots", () => verifyConsistency(m, n, proof, root(n), root(m))]);
        cases.push(["swapped-sizes", () => verifyConsistency(n, m, proof, root(m), root(n))]);
        for (const [label, run] of cases) if (run()) failures.push(`${label} from ${m} to ${n}`);
      }
      if (verifyConsistency(n, n, [root(n)], root(n), root(n))) failures.push(`non-empty proof for equal sizes ${n}`);
      if (verifyConsistency(n, n, [], root(n), root(n - 1))) failures.push(`equal sizes, different roots ${n}`);
      if (verifyConsistency(0, n, [], root(1), root(n))) failures.push(`size 0 with a non-empty root ${n}`);
    }
    expect(failures).toEqual([]);
  });
});

describe("random larger trees", () => {
  const BIG = 1500;
  const bigLeaves = makeLeaves(BIG, 1);
  const bigNodes = completeNodes(bigLeaves);
  const bigRoots = new Map<number, Uint8Array>();
  const bigRoot = (n: number) => {
    let r = bigRoots.get(n);
    if (!r) {
      r = refRoot(bigLeaves.slice(0, n));
      bigRoots.set(n, r);
    }
    return r;
  };

  it("inclusion proofs verify and a flipped bit fails", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: BIG })
          .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 }), fc.nat(255))),
        ([n, m, bit]) => {
          const proof = plannedInclusion(bigNodes, m, n);
          const leafHash = hashLeaf(bigLeaves[m] as Uint8Array);
          expect(verifyInclusion(leafHash, m, n, proof, bigRoot(n))).toBe(true);
          for (let i = 0; i < proof.length; i++) {
            expect(verifyInclusion(leafHash, m, n, flipBit(proof, i, bit), bigRoot(n))).toBe(false);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("consistency proofs verify and a flipped bit fails", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: BIG })
          .chain((n) => fc.tuple(fc.integer({ min: 1, max: n - 1 }), fc.constant(n), fc.nat(255))),
        ([m, n, bit]) => {
          const proof = plannedConsistency(bigNodes, m, n);
          expect(verifyConsistency(m, n, proof, bigRoot(m), bigRoot(n))).toBe(true);
          for (let i = 0; i < proof.length; i++) {
            expect(verifyConsistency(m, n, flipBit(proof, i, bit), bigRoot(m), bigRoot(n))).toBe(false);
          }
          expect(verifyConsistency(m, n, proof.slice(0, -1), bigRoot(m), bigRoot(n))).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("malformed input returns false and never throws", () => {
  const good = plannedInclusion(nodes, 3, 10);
  const leafHash = hashLeaf(leaves[3] as Uint8Array);
  const weird: unknown[] = [
    undefined,
    null,
    -1,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    "3",
    2n ** 64n,
    -1n,
    {},
    [],
  ];

  it("inclusion", () => {
    for (const w of weird) {
      expect(verifyInclusion(leafHash, w as number, 10, good, root(10))).toBe(false);
      expect(verifyInclusion(leafHash, 3, w as number, good, root(10))).toBe(false);
      expect(verifyInclusion(w as Uint8Array, 3, 10, good, root(10))).toBe(false);
      expect(verifyInclusion(leafHash, 3, 10, w as Uint8Array[], root(10))).toBe(false);
      expect(verifyInclusion(leafHash, 3, 10, good, w as Uint8Array)).toBe(false);
      expect(verifyInclusion(leafHash, 3, 10, [...good.slice(1), w as Uint8Array], root(10))).toBe(false);
    }
    expect(verifyInclusion(leafHash, 3, 10, [good[0]?.subarray(0, 31) as Uint8Array, ...good.slice(1)], root(10))).toBe(
      false,
    );
    expect(verifyInclusion(leafHash, 3, 10, good, root(10).subarray(1))).toBe(false);
    expect(verifyInclusion(leafHash, 10, 10, good, root(10))).toBe(false);
    expect(verifyInclusion(leafHash, 0, 0, [], root(0))).toBe(false);
    expect(verifyInclusion(leafHash, 3, 10, new Array(1000).fill(good[0]), root(10))).toBe(false);
  });

  it("consistency", () => {
    const proof = plannedConsistency(nodes, 3, 10);
    for (const w of weird) {
      expect(verifyConsistency(w as number, 10, proof, root(3), root(10))).toBe(false);
      expect(verifyConsistency(3, w as number, proof, root(3), root(10))).toBe(false);
      expect(verifyConsistency(3, 10, w as Uint8Array[], root(3), root(10))).toBe(false);
      expect(verifyConsistency(3, 10, proof, w as Uint8Array, root(10))).toBe(false);
      expect(verifyConsistency(3, 10, proof, root(3), w as Uint8Array)).toBe(false);
      expect(verifyConsistency(3, 10, [w as Uint8Array, ...proof], root(3), root(10))).toBe(false);
    }
    expect(
      verifyConsistency(
        3,
        10,
        proof.map((h) => h.subarray(0, 16)),
        root(3),
        root(10),
      ),
    ).toBe(false);
  });
});

describe("compact ranges folded from pages", () => {
  it("equal the RFC root for any page size and any split", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX }), fc.integer({ min: 0, max: 5 }), (n, logPage) => {
        const page = 2 ** logPage;
        const tree = CompactRange.empty(hasher);
        for (let start = 0; start < n; start += page) {
          const end = Math.min(start + page, n);
          const wanted = Array.from({ length: end - start }, (_, k) => start + k + 1);
          const summary = summarizePage(hasher, start, leaves.slice(start, end), wanted);
          for (const size of wanted) {
            const at = tree.clone();
            for (const node of summary.at.get(size) ?? []) at.appendSubtree(node);
            expect(toHex(at.root())).toBe(toHex(root(size)));
          }
          for (const node of summary.nodes) tree.appendSubtree(node);
        }
        expect(toHex(tree.root())).toBe(toHex(root(n)));
      }),
    );
  });

  it("refuses a subtree that does not continue the range", () => {
    const tree = CompactRange.empty(hasher);
    tree.append(hashLeaf(leaves[0] as Uint8Array));
    expect(() => tree.appendSubtree({ level: 1, index: 0, hash: root(2) })).toThrow(RangeError);
    expect(() => tree.appendSubtree({ level: 0, index: 2, hash: root(1) })).toThrow(RangeError);
  });
});
