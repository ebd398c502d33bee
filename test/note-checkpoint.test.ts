// C2SP signed-note and tlog-checkpoint: the known-answer example from Go's note package (the
// reference implementation of signed-note), round trips, and refusals.
import { describe, expect, it } from "vitest";
import { CheckpointError, formatCheckpoint, parseCheckpoint } from "../src/core/checkpoint.js";
import { type Crypto, nobleCrypto, randomSeed } from "../src/core/crypto.js";
import {
  formatSignerKey,
  formatVerifierKey,
  NoteError,
  noteSigner,
  openNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
} from "../src/core/note.js";
import { nodeCrypto } from "../src/runtime/node/crypto.js";

const GO = {
  skey: "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",
  vkey: "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
  text: "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n",
  signed:
    "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
};

for (const crypto of [nobleCrypto, nodeCrypto] as Crypto[]) {
  describe(`signed-note (${crypto.name})`, () => {
    it("reproduces the Go note package example byte for byte", () => {
      const signer = parseSignerKey(crypto, GO.skey);
      expect(formatVerifierKey(signer)).toBe(GO.vkey);
      expect(formatSignerKey(signer)).toBe(GO.skey);
      expect(signNote(crypto, GO.text, signer)).toBe(GO.signed);
      const opened = openNote(crypto, GO.signed, [parseVerifierKey(crypto.sha256, GO.vkey)]);
      expect(opened).toEqual({ text: GO.text, verifiedBy: ["PeterNeumann"] });
    });

    it("ignores signatures by unknown keys and needs one trusted signature", () => {
      const a = noteSigner(crypto, "a.example/log", randomSeed());
      const b = noteSigner(crypto, "b.example/log", randomSeed());
      const both = `${signNote(crypto, GO.text, a)}${signNote(crypto, GO.text, b).split("\n\n")[1]}`;
      expect(openNote(crypto, both, [b]).verifiedBy).toEqual(["b.example/log"]);
      expect(() => openNote(crypto, signNote(crypto, GO.text, a), [b])).toThrow(NoteError);
    });

    it("refuses a tampered text, a forged signature and malformed notes", () => {
      const signer = parseSignerKey(crypto, GO.skey);
      const v = [parseVerifierKey(crypto.sha256, GO.vkey)];
      expect(() => openNote(crypto, GO.signed.replace("cryptography", "Cryptography"), v)).toThrow(/invalid signature/);
      const sig = GO.signed.split(" ").pop() as string;
      const forged = GO.signed.replace(sig, `${sig.slice(0, 10)}${sig[10] === "A" ? "B" : "A"}${sig.slice(11)}`);
      expect(() => openNote(crypto, forged, v)).toThrow(NoteError);
      for (const bad of [
        "",
        "no signatures\n",
        `${GO.text}\n`,
        `${GO.text}\nnot a signature line\n`,
        GO.signed.slice(0, -1),
      ]) {
        expect(() => openNote(crypto, bad, v), JSON.stringify(bad)).toThrow(NoteError);
      }
      expect(() => signNote(crypto, "no final newline", signer)).toThrow(NoteError);
      expect(() => signNote(crypto, "blank\n\nline\n", signer)).toThrow(NoteError);
    });
  });
}

describe("verifier and signer keys", () => {
  it("refuse malformed forms and mismatched key IDs", () => {
    for (const bad of [
      "",
      "a+b",
      "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
      "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
      "PeterNeumann+c74f20a3+Apc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
    ]) {
      expect(() => parseVerifierKey(nodeCrypto.sha256, bad), bad).toThrow(NoteError);
    }
    expect(() => parseSignerKey(nodeCrypto, GO.skey.replace("c74f20a3", "00000000"))).toThrow(NoteError);
    expect(() => noteSigner(nodeCrypto, "has space", randomSeed())).toThrow(NoteError);
  });
});

describe("tlog-checkpoint", () => {
  const root = nodeCrypto.sha256(new Uint8Array(0));

  it("formats and parses origin, size and base64 root", () => {
    const text = formatCheckpoint({ origin: "example.com/log", size: 42, root });
    expect(text).toBe("example.com/log\n42\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n");
    expect(parseCheckpoint(text)).toEqual({ origin: "example.com/log", size: 42, root, extensions: [] });
    const ext = formatCheckpoint({ origin: "example.com/log", size: 1, root, extensions: ["ext one"] });
    expect(parseCheckpoint(ext).extensions).toEqual(["ext one"]);
  });

  it("refuses malformed checkpoints", () => {
    for (const bad of [
      "",
      "example.com/log\n42\n",
      "example.com/log\n042\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n",
      "example.com/log\n-1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n",
      "example.com/log\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU\n",
      "example.com/log\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
      "example.com/log\n99999999999999999\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n",
      "\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n",
    ]) {
      expect(() => parseCheckpoint(bad), JSON.stringify(bad)).toThrow(CheckpointError);
    }
  });
});
