// C2SP tlog-cosignature (Ed25519, cosignature/v1) and tlog-policy: the spec's own examples (the
// cosigned checkpoint's line layout and timestamp, the signed message), cosigning and verifying,
// the policy grammar with its refusals, quorums over nested groups, and the check a verifier runs
// on a cosigned checkpoint, which fails closed.
import { describe, expect, it } from "vitest";
import { fromBase64 } from "../src/core/bytes.js";
import { formatCheckpoint } from "../src/core/checkpoint.js";
import { COSIGNATURE_TYPE, cosign, cosignedMessage, cosigner, verifiedCosignatures } from "../src/core/cosignature.js";
import { nobleCrypto, randomSeed } from "../src/core/crypto.js";
import { formatVerifierKey, noteSigner, signNote, splitNote } from "../src/core/note.js";
import { checkPolicy, formatPolicy, parsePolicy, quorumMet } from "../src/core/policy.js";
import { formatTlogProof, parseTlogProof } from "../src/core/proof-file.js";

const crypto = nobleCrypto;
// tlog-cosignature §Format and §Ed25519 signed message: the example checkpoint and its cosignature.
const SPEC_NOTE =
  "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n" +
  "— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n" +
  "— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n";

describe("tlog-cosignature", () => {
  it("reads the spec's example: a 72-byte timestamped signature whose time is the spec's message time", () => {
    const { text, signatures } = splitNote(SPEC_NOTE);
    const w1 = signatures.find((s) => s.name === "witness.example.com/w1")?.signature ?? new Uint8Array(0);
    expect(w1.length).toBe(72);
    const time = new DataView(w1.buffer, w1.byteOffset, 8);
    expect(Number(time.getBigUint64(0))).toBe(1679315147);
    expect(new TextDecoder().decode(cosignedMessage(text, 1679315147))).toBe(
      "cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
    );
    expect(fromBase64("jWbPPw==")).toEqual(Uint8Array.of(0x8d, 0x66, 0xcf, 0x3f));
  });

  it("cosigns and verifies, and counts nothing that does not verify", () => {
    const log = noteSigner(crypto, "log.example/tt", randomSeed());
    const body = formatCheckpoint({ origin: log.name, size: 7, root: new Uint8Array(32).fill(3) });
    const note = signNote(crypto, body, log);
    const w1 = cosigner(crypto, "w1.example/witness", randomSeed());
    const w2 = cosigner(crypto, "w2.example/witness", randomSeed());
    expect(w1.type).toBe(COSIGNATURE_TYPE);
    const cosigned = note + cosign(crypto, w1, body, 1_800_000_000) + cosign(crypto, w2, body, 1_800_000_001);
    expect(verifiedCosignatures(crypto, cosigned, [w1, w2]).map((c) => [c.name, c.time])).toEqual([
      ["w1.example/witness", 1_800_000_000],
      ["w2.example/witness", 1_800_000_001],
    ]);
    // A cosignature moved onto another checkpoint, or a time changed, verifies no more.
    const other = formatCheckpoint({ origin: log.name, size: 8, root: new Uint8Array(32).fill(3) });
    const moved = signNote(crypto, other, log) + cosign(crypto, w1, body, 1_800_000_000);
    expect(verifiedCosignatures(crypto, moved, [w1])).toEqual([]);
    // Unknown cosigners are ignored; a log key of type 0x01 is not a cosigner.
    expect(verifiedCosignatures(crypto, cosigned, [w2]).map((c) => c.name)).toEqual(["w2.example/witness"]);
    expect(verifiedCosignatures(crypto, cosigned, [{ ...w1, type: 0x01 }])).toEqual([]);
    // Its vkey carries type 0x04 and round-trips.
    expect(formatVerifierKey(w1)).toMatch(/^w1\.example\/witness\+[0-9a-f]{8}\+B[A-P]/);
  });
});

describe("tlog-policy", () => {
  const log = noteSigner(crypto, "log.example/tt", randomSeed());
  const ws = Object.fromEntries(
    ["X1", "X2", "X3", "Y1", "Y2", "Y3"].map((n) => [
      n,
      cosigner(crypto, `${n.toLowerCase()}.example/w`, randomSeed()),
    ]),
  );
  const vk = (n: string) => formatVerifierKey(ws[n] as ReturnType<typeof cosigner>);
  // The spec's example policy, with real keys.
  const SPEC = `log ${formatVerifierKey(log)}

witness X1 ${vk("X1")}
witness X2 ${vk("X2")}
witness X3 ${vk("X3")}
group X-witnesses 2 X1 X2 X3

witness Y1 ${vk("Y1")}
witness Y2 ${vk("Y2")}
witness Y3 ${vk("Y3")}
group Y-witnesses any Y1 Y2 Y3

group X-and-Y all X-witnesses Y-witnesses
quorum X-and-Y
`;

  it("parses the spec's example and decides its quorum", () => {
    const p = parsePolicy(crypto, SPEC);
    expect([p.logs.length, p.witnesses.length, p.groups.map((g) => [g.name, g.threshold]), p.quorum]).toEqual([
      1,
      6,
      [
        ["X-witnesses", 2],
        ["Y-witnesses", 1],
        ["X-and-Y", 2],
      ],
      "X-and-Y",
    ]);
    const met = (...names: string[]) => quorumMet(p, new Set(names));
    expect(met("X1", "X2", "Y3")).toBe(true);
    expect(met("X1", "X2", "X3")).toBe(false);
    expect(met("X1", "Y1", "Y2", "Y3")).toBe(false);
    expect(met()).toBe(false);
    expect(parsePolicy(crypto, formatPolicy(p))).toEqual(p);
  });

  it.each([
    ["no quorum", `log ${formatVerifierKey(log)}\n`],
    ["two quorums", "quorum none\nquorum none\n"],
    ["a name used before it is defined", `group G any X1\nwitness X1 ${vk("X1")}\nquorum G\n`],
    ["a duplicate witness key", `witness A ${vk("X1")}\nwitness B ${vk("X1")}\nquorum A\n`],
    ["a threshold above n", `witness X1 ${vk("X1")}\ngroup G 2 X1\nquorum G\n`],
    ["a member listed twice", `witness X1 ${vk("X1")}\ngroup G any X1 X1\nquorum G\n`],
    ["a log key where a witness key belongs", `witness X1 ${formatVerifierKey(log)}\nquorum X1\n`],
    ["a control character", "quorum none\r\n"],
    ["an unknown line", "quorum none\nlogs x\n"],
  ])("refuses %s", (_what, text) => {
    expect(() => parsePolicy(crypto, text)).toThrow(/malformed|line|quorum|control|at most/);
  });

  it("passes a checkpoint only when its log signed it and a quorum cosigned it (fail closed)", () => {
    const p = parsePolicy(crypto, SPEC);
    const body = formatCheckpoint({ origin: log.name, size: 42, root: new Uint8Array(32).fill(9) });
    const signed = signNote(crypto, body, log);
    const by = (...names: string[]) =>
      signed + names.map((n) => cosign(crypto, ws[n] as ReturnType<typeof cosigner>, body, 1_800_000_000)).join("");
    const ok = checkPolicy(crypto, p, by("X1", "X3", "Y2"));
    expect(ok.ok && ok.checkpoint.size).toBe(42);
    expect(checkPolicy(crypto, p, by("X1", "Y2")).ok).toBe(false);
    const forged = by("X1", "Y2") + cosign(crypto, cosigner(crypto, "x3.example/w", randomSeed()), body, 1);
    const refused = checkPolicy(crypto, p, forged);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.problem).toMatch(/quorum "X-and-Y" is not met \(cosigned by: X1, Y2\)/);
    const stranger = noteSigner(crypto, "log.example/tt", randomSeed());
    expect(checkPolicy(crypto, p, signNote(crypto, body, stranger)).ok).toBe(false);
    expect(checkPolicy(crypto, parsePolicy(crypto, `log ${formatVerifierKey(log)}\nquorum none\n`), signed).ok).toBe(
      true,
    );
  });
});

describe("tlog-proof", () => {
  // C2SP tlog-proof §Format: the spec's example (its signature lines abridged there too).
  const SPEC_PROOF = `c2sp.org/tlog-proof@v1
extra YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ
index 73894
gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=
B95lDa8R83lS8n0eG+o0buTxRKQTYFi//1U8anccXmA=
EKNzoDWG8LGC0Yp9o+sv3qllpMP9uHQ9B20KNL+Q1zs=
RoopEkOdqkYqMB4MJXrbt/hMjOxsVn0IrWjpz1ZMMes=
AHCioX9nLjsrse6YhjRRmk1WUEirVOLLRoOQ6vfO5vk=

example.com/fancylog
109482
sFodV/vSp5O8n9a8QpW6PRY97tfOSW5bsc2Xl/EQi08=

— example.com/fancylog hI2DJw[...]1roloI=
`;

  it("reads the spec's example, and writes back exactly what it read", () => {
    const p = parseTlogProof(SPEC_PROOF);
    expect([p?.index, p?.proof.length, new TextDecoder().decode(p?.extra).slice(0, 25)]).toEqual([
      73894,
      5,
      "age-v1.2.1-darwin-arm64.t",
    ]);
    expect(p?.checkpoint.startsWith("example.com/fancylog\n109482\n")).toBe(true);
    expect(formatTlogProof(p as NonNullable<typeof p>)).toBe(SPEC_PROOF);
  });

  it.each([
    ["another header", SPEC_PROOF.replace("@v1", "@v2")],
    ["a leading zero", SPEC_PROOF.replace("index 73894", "index 073894")],
    ["a short hash", SPEC_PROOF.replace("AHCioX9nLjsrse6YhjRRmk1WUEirVOLLRoOQ6vfO5vk=", "AHCi")],
    ["no checkpoint", SPEC_PROOF.slice(0, SPEC_PROOF.indexOf("\n\n"))],
  ])("refuses %s", (_what, text) => {
    expect(parseTlogProof(text)).toBeUndefined();
  });
});
