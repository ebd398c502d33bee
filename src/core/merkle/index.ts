// The Merkle tree toolkit: RFC 9162 hashing, proof planning and verification, compact ranges.
export * from "./compact.js";
export * from "./hash.js";
export * from "./proof.js";
export * from "./range.js";
export * from "./verify.js";
