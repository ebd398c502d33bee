// Wires the Node runtime: SQLite file in the data directory, the log signing key, the log
// service and the Hono app. The only place (with ./node.ts) that knows about better-sqlite3.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { randomSeed } from "../core/crypto.js";
import { formatSignerKey, type NoteSigner, noteSigner, parseSignerKey } from "../core/note.js";
import { createApp } from "../http/app.js";
import { TransparencyLog } from "../log/service.js";
import { openDatabase, type SqliteDatabase } from "../store/sqlite/database.js";
import { SqliteLogStore } from "../store/sqlite/log-store.js";
import type { RuntimeConfig } from "./config.js";
import { nodeCrypto } from "./node-crypto.js";

export interface NodeService {
  readonly app: OpenAPIHono;
  readonly log: TransparencyLog;
  readonly db: SqliteDatabase;
  readonly store: SqliteLogStore;
  close(): void;
}

/** Reads the log key from config or the data directory, creating it (mode 0600) on first start. */
export function loadLogSigner(config: Pick<RuntimeConfig, "dataDir" | "origin" | "logKey">): NoteSigner {
  let signer: NoteSigner;
  if (config.logKey !== undefined) {
    signer = parseSignerKey(nodeCrypto, config.logKey);
  } else {
    const path = join(config.dataDir, "log.key");
    try {
      signer = parseSignerKey(nodeCrypto, readFileSync(path, "utf8"));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      signer = noteSigner(nodeCrypto, config.origin, randomSeed());
      writeFileSync(path, `${formatSignerKey(signer)}\n`, { mode: 0o600, flag: "wx" });
      chmodSync(path, 0o600);
    }
  }
  if (signer.name !== config.origin) {
    throw new Error(`the log key is for origin "${signer.name}" but the configured origin is "${config.origin}"`);
  }
  return signer;
}

export async function openNodeService(
  config: Pick<RuntimeConfig, "dataDir" | "origin" | "logKey">,
): Promise<NodeService> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const signer = loadLogSigner(config);
  const db = openDatabase(join(config.dataDir, "tagtrail.db"));
  try {
    const store = new SqliteLogStore(db, nodeCrypto);
    const log = await new TransparencyLog(store, nodeCrypto, signer).open();
    const app = createApp({ log });
    return { app, log, db, store, close: () => db.close() };
  } catch (err) {
    db.close();
    throw err;
  }
}
