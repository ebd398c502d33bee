// A witness on Node: its own SQLite file and Ed25519 key in its data directory (the key created,
// mode 0600, on first start), the logs it follows from a tlog-policy file's log lines, and the
// HTTP server. What `tagtrail witness` runs.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { fromBase64, toBase64 } from "../../core/bytes.js";
import { cosigner } from "../../core/cosignature.js";
import { randomSeed } from "../../core/crypto.js";
import { formatVerifierKey, type NoteVerifier } from "../../core/note.js";
import { parsePolicy } from "../../core/policy.js";
import { witnessApp } from "../../http/witness-app.js";
import { Witness } from "../../service/witness.js";
import { SqliteWitnessStore } from "../../store/sqlite/witness-store.js";
import { nodeCrypto } from "./crypto.js";
import { type RunningHttpServer, serveApp } from "./http-server.js";

export interface WitnessConfig {
  readonly dataDir: string;
  /** The witness's name: its key name, conventionally a schema-less URL. */
  readonly name: string;
  /** A tlog-policy file: its log lines are the logs this witness follows. */
  readonly policy: string;
  readonly host: string;
  readonly port: number;
  readonly now?: () => number;
}

export interface RunningWitness {
  readonly base: string;
  /** The witness's verifier key (type 0x04), for policies. */
  readonly vkey: string;
  close(): Promise<void>;
}

/** The witness's seed from its data directory, created (mode 0600) on first start. */
function loadSeed(dataDir: string): Uint8Array {
  const path = join(dataDir, "witness.key");
  try {
    const seed = fromBase64(readFileSync(path, "utf8").trim());
    if (seed?.length !== 32) throw new Error(`${path} is not a witness key (base64 of a 32-byte seed)`);
    return seed;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  const seed = randomSeed();
  writeFileSync(path, `${toBase64(seed)}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(path, 0o600);
  return seed;
}

export async function startWitness(config: WitnessConfig): Promise<RunningWitness> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const policy = parsePolicy(nodeCrypto, readFileSync(config.policy, "utf8"));
  if (policy.logs.length === 0) throw new Error(`${config.policy} lists no log to follow (log <vkey> lines)`);
  const logs = new Map<string, NoteVerifier[]>();
  for (const { key } of policy.logs) logs.set(key.name, [...(logs.get(key.name) ?? []), key]);
  const signer = cosigner(nodeCrypto, config.name, loadSeed(config.dataDir));
  const db = new Database(join(config.dataDir, "witness.db"));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  const witness = new Witness(nodeCrypto, new SqliteWitnessStore(db), signer, logs, config.now);
  const vkey = formatVerifierKey(signer);
  let server: RunningHttpServer;
  try {
    server = await serveApp(witnessApp(witness, { name: signer.name, vkey }).fetch, config.host, config.port);
  } catch (err) {
    db.close();
    throw err;
  }
  return {
    base: server.base,
    vkey,
    async close() {
      await server.close();
      db.close();
    },
  };
}
