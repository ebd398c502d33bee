// C2SP tlog-policy (https://c2sp.org/tlog-policy): which logs a checkpoint may come from, which
// witnesses may cosign it, and the quorum of them it needs. Parsing (strict: names defined before
// use, no duplicate keys or members, 1 ≤ k ≤ n), formatting, and deciding whether a signed
// checkpoint meets the policy: signed by a listed log, and cosigned by a quorum (fail closed).
import type { Checkpoint } from "./checkpoint.js";
import { parseCheckpoint } from "./checkpoint.js";
import { COSIGNATURE_TYPE, type Cosignature, verifiedCosignatures } from "./cosignature.js";
import type { Crypto } from "./crypto.js";
import { CodedError } from "./errors.js";
import { formatVerifierKey, type NoteVerifier, openNote, parseVerifierKey } from "./note.js";

export class PolicyError extends CodedError<"malformed-policy"> {}

export interface PolicyWitness {
  readonly name: string;
  readonly key: NoteVerifier;
  /** The witness's submission prefix (tlog-witness), if given. */
  readonly url?: string;
}

export interface PolicyGroup {
  readonly name: string;
  /** How many members must have witnessed: 1 to members.length. */
  readonly threshold: number;
  readonly members: readonly string[];
}

export interface TlogPolicy {
  readonly logs: readonly { readonly key: NoteVerifier; readonly url?: string }[];
  readonly witnesses: readonly PolicyWitness[];
  readonly groups: readonly PolicyGroup[];
  /** A witness's or a group's name, or "none". */
  readonly quorum: string;
}

const LIMIT = 32;

/** Parses a policy file; throws PolicyError naming the line. Attacker-controlled input. */
export function parsePolicy(crypto: Crypto, text: string): TlogPolicy {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(text)) {
    throw new PolicyError("malformed-policy", "only tab and newline may appear as control characters");
  }
  const logs: { key: NoteVerifier; url?: string }[] = [];
  const witnesses: PolicyWitness[] = [];
  const groups: PolicyGroup[] = [];
  let quorum: string | undefined;
  const names = new Set<string>();
  const keys = new Set<string>();
  const keyOf = (sha: Uint8Array) => Array.from(sha).join(",");
  for (const [i, raw] of text.split("\n").entries()) {
    const fail = (why: string): never => {
      throw new PolicyError("malformed-policy", `line ${i + 1}: ${why}`);
    };
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const [word, ...args] = line.split(/[ \t]+/);
    const vkey = (text: string, type?: number) => {
      try {
        return parseVerifierKey(crypto.sha256, text, type);
      } catch (err) {
        return fail(`not a vkey: ${(err as Error).message}`);
      }
    };
    const fresh = (key: NoteVerifier) => {
      if (keys.has(keyOf(key.publicKey))) fail("the same public key is listed twice");
      keys.add(keyOf(key.publicKey));
    };
    const newName = (name: string | undefined) => {
      if (!name || name === "none") fail("a name other than none is needed");
      if (names.has(name as string)) fail(`${name} is defined twice`);
      names.add(name as string);
      return name as string;
    };
    switch (word) {
      case "log": {
        const [k, url, ...rest] = args;
        if (!k || rest.length > 0) fail("log <vkey> [<url>]");
        const key = vkey(k as string);
        fresh(key);
        logs.push({ key, ...(url ? { url } : {}) });
        break;
      }
      case "witness": {
        const [name, k, url, ...rest] = args;
        if (!name || !k || rest.length > 0) fail("witness <name> <vkey> [<url>]");
        const key = vkey(k as string, COSIGNATURE_TYPE);
        fresh(key);
        witnesses.push({ name: newName(name), key, ...(url ? { url } : {}) });
        break;
      }
      case "group": {
        const [name, k, ...members] = args;
        if (!name || !k || members.length === 0) fail("group <name> all|any|<k> <name>...");
        if (new Set(members).size !== members.length) fail("a group lists each member once");
        for (const m of members) if (!names.has(m)) fail(`${m} is not defined on a line before`);
        const n = members.length;
        const threshold = k === "all" ? n : k === "any" ? 1 : /^[1-9][0-9]*$/.test(k as string) ? Number(k) : 0;
        if (threshold < 1 || threshold > n) fail(`the threshold must be all, any or 1 to ${n}`);
        groups.push({ name: newName(name), threshold, members });
        break;
      }
      case "quorum": {
        const [name, ...rest] = args;
        if (!name || rest.length > 0) fail("quorum <name>");
        if (quorum !== undefined) fail("a policy has exactly one quorum line");
        if (name !== "none" && !names.has(name as string)) fail(`${name} is not defined on a line before`);
        quorum = name as string;
        break;
      }
      default:
        fail(`unknown line "${word}"`);
    }
  }
  if (quorum === undefined) throw new PolicyError("malformed-policy", "no quorum line");
  if (logs.length > LIMIT || witnesses.length > LIMIT || groups.length > LIMIT) {
    throw new PolicyError("malformed-policy", `at most ${LIMIT} logs, witnesses and groups`);
  }
  return { logs, witnesses, groups, quorum };
}

export function formatPolicy(p: TlogPolicy): string {
  return [
    ...p.logs.map((l) => `log ${formatVerifierKey(l.key)}${l.url ? ` ${l.url}` : ""}`),
    ...p.witnesses.map((w) => `witness ${w.name} ${formatVerifierKey(w.key)}${w.url ? ` ${w.url}` : ""}`),
    ...p.groups.map((g) => {
      const k = g.threshold === g.members.length ? "all" : g.threshold === 1 ? "any" : String(g.threshold);
      return `group ${g.name} ${k} ${g.members.join(" ")}`;
    }),
    `quorum ${p.quorum}`,
  ]
    .join("\n")
    .concat("\n");
}

/** Has the quorum witnessed, given the names of the witnesses whose cosignatures verified? */
export function quorumMet(p: TlogPolicy, witnessed: ReadonlySet<string>): boolean {
  if (p.quorum === "none") return true;
  const memo = new Map<string, boolean>();
  const met = (name: string): boolean => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    const group = p.groups.find((g) => g.name === name);
    const ok = group ? group.members.filter(met).length >= group.threshold : witnessed.has(name);
    memo.set(name, ok);
    return ok;
  };
  return met(p.quorum);
}

export type PolicyVerdict =
  | { readonly ok: true; readonly checkpoint: Checkpoint; readonly cosignatures: readonly Cosignature[] }
  | { readonly ok: false; readonly problem: string; readonly cosignatures: readonly Cosignature[] };

/**
 * Does a signed checkpoint meet the policy: signed by one of its logs, and cosigned by a quorum
 * of its witnesses? Fails closed: a missing, unknown or invalid cosignature counts for nothing.
 */
export function checkPolicy(crypto: Crypto, p: TlogPolicy, note: string): PolicyVerdict {
  let checkpoint: Checkpoint;
  try {
    const opened = openNote(
      crypto,
      note,
      p.logs.map((l) => l.key),
    );
    checkpoint = parseCheckpoint(opened.text);
    if (!p.logs.some((l) => l.key.name === checkpoint.origin)) {
      return { ok: false, problem: "the checkpoint's origin is not its log key's name", cosignatures: [] };
    }
  } catch (err) {
    return { ok: false, problem: `not signed by a log of the policy (${(err as Error).message})`, cosignatures: [] };
  }
  // Counted under the policy's names for the witnesses (a key name need not be one).
  const cosignatures = verifiedCosignatures(
    crypto,
    note,
    p.witnesses.map((w) => w.key),
  ).flatMap((c) => {
    const w = p.witnesses.find((x) => x.key.name === c.name && x.key.keyId === c.keyId);
    return w ? [{ ...c, name: w.name }] : [];
  });
  if (!quorumMet(p, new Set(cosignatures.map((c) => c.name)))) {
    const have = cosignatures.map((c) => c.name).join(", ") || "none";
    return { ok: false, problem: `the witness quorum "${p.quorum}" is not met (cosigned by: ${have})`, cosignatures };
  }
  return { ok: true, checkpoint, cosignatures };
}
