// Wires the Workers runtime: D1 adapters, the log key from secrets, the sequencer for commits,
// and the same Hono app as on Node. One service per isolate, built on its first request.
import type { OpenAPIHono } from "@hono/zod-openapi";
import { nobleCrypto } from "../../core/crypto.js";
import { formatVerifierKey, type NoteSigner, parseSignerKey } from "../../core/note.js";
import { parsePolicy, type TlogPolicy } from "../../core/policy.js";
import type { AssetLoader } from "../../http/docs-routes.js";
import { TransparencyLog } from "../../log/transparency-log.js";
import { checkEach, type ServiceContext } from "../../service/context.js";
import { KeyVault } from "../../service/key-vault.js";
import type { ScanCounter } from "../../service/scans.js";
import type { D1Database } from "../../store/d1/d1.js";
import { d1DomainStore } from "../../store/d1/domain-store.js";
import { D1LogStore } from "../../store/d1/log-store.js";
import type { DomainStore } from "../../store/domain-store.js";
import { type Sequence, sequencedStore } from "../../store/sequenced-store.js";
import { compose } from "../compose.js";
import { loadWorkerConfig, type WorkerConfig } from "./config.js";
import { webCryptoCheckSignatures, webCryptoHasEd25519 } from "./web-crypto.js";

/** The log and index stores on D1, with the log bound to the key's origin. */
export interface D1Stores {
  readonly config: WorkerConfig;
  readonly signer: NoteSigner;
  readonly logStore: D1LogStore;
  readonly domain: DomainStore;
  readonly log: TransparencyLog;
  /** The deployment's tlog-policy, checked to list this log's key. */
  readonly policy?: TlogPolicy;
}

export async function openD1Stores(db: D1Database, vars: Record<string, unknown>): Promise<D1Stores> {
  const config = loadWorkerConfig(vars);
  const signer = parseSignerKey(nobleCrypto, config.logKey);
  if (config.origin !== undefined && config.origin !== signer.name) {
    throw new Error(`the log key is for origin "${signer.name}" but TAGTRAIL_LOG_ORIGIN is "${config.origin}"`);
  }
  const logStore = new D1LogStore(db, nobleCrypto);
  const log = await new TransparencyLog(logStore, nobleCrypto, signer).open();
  const policy = config.policy === undefined ? undefined : parsePolicy(nobleCrypto, config.policy);
  if (policy && !policy.logs.some((l) => l.key.name === signer.name && l.key.keyId === signer.keyId)) {
    throw new Error(`TAGTRAIL_POLICY does not list this log's key: add "log ${formatVerifierKey(signer)}"`);
  }
  return { config, signer, logStore, domain: d1DomainStore(logStore), log, ...(policy ? { policy } : {}) };
}

export interface WorkerRuntime {
  readonly app: OpenAPIHono;
  readonly scans: ScanCounter;
  readonly config: WorkerConfig;
}

export interface WorkerRuntimeOptions {
  /** Reads the API reference viewer's files (from the static assets), if available. */
  readonly docsAssets?: AssetLoader;
}

export async function openWorkerRuntime(
  db: D1Database,
  vars: Record<string, unknown>,
  sequence: Sequence,
  options: WorkerRuntimeOptions = {},
): Promise<WorkerRuntime> {
  const { config, domain, log, policy } = await openD1Stores(db, vars);
  const store = sequencedStore(domain, sequence);
  const ctx: ServiceContext = {
    store,
    log,
    crypto: nobleCrypto,
    now: Date.now,
    checkSignatures: (await webCryptoHasEd25519()) ? webCryptoCheckSignatures : checkEach(nobleCrypto),
  };
  // Every isolate counts scans, so none may trust its own memory for the day counts.
  const vault = config.nfcKek && (await KeyVault.create(config.nfcKek));
  const { app, scans } = compose({
    ctx,
    adminToken: config.adminToken,
    ...(vault ? { vault } : {}),
    ...(policy ? { policy } : {}),
    thresholds: config.thresholds,
    soleScanCounter: false,
    hooks: {
      scanCountry: (request) => (request as { cf?: { country?: unknown } }).cf?.country as string | undefined,
      ...(options.docsAssets ? { docsAssets: options.docsAssets } : {}),
      ...(config.accessLogEnabled ? { accessLog: (line: string) => console.log(line) } : {}),
    },
  });
  return { app, scans, config };
}
