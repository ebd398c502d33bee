// Workers configuration from the environment (vars and secrets), validated with zod at the edge.
// The log key, the admin token and the NFC key-encryption key are secrets (`wrangler secret put`, or .dev.vars locally),
// never in wrangler.toml or the repository.
import { z } from "zod";
import type { CloneThresholds } from "../../core/verdict.js";
import { NodeConfig, parseEnv } from "../config.js";

const WorkerVars = z.object({
  /** The log's signing key, PRIVATE+KEY+<origin>+<id>+<key>: its name is the log origin. */
  TAGTRAIL_LOG_KEY: z.string().min(1, "set the log key with `wrangler secret put TAGTRAIL_LOG_KEY`"),
  TAGTRAIL_ADMIN_TOKEN: NodeConfig.shape.TAGTRAIL_ADMIN_TOKEN.unwrap(),
  /** If set, must match the log key's origin (a guard against deploying the wrong key). */
  TAGTRAIL_LOG_ORIGIN: NodeConfig.shape.TAGTRAIL_LOG_ORIGIN.unwrap().optional(),
  TAGTRAIL_ACCESS_LOG: NodeConfig.shape.TAGTRAIL_ACCESS_LOG,
  TAGTRAIL_SCAN_RETENTION_DAYS: NodeConfig.shape.TAGTRAIL_SCAN_RETENTION_DAYS,
  TAGTRAIL_CLONE_SCANS: NodeConfig.shape.TAGTRAIL_CLONE_SCANS,
  TAGTRAIL_CLONE_DAYS: NodeConfig.shape.TAGTRAIL_CLONE_DAYS,
  /** The key-encryption key for NFC batch keys: a secret (`wrangler secret put TAGTRAIL_NFC_KEK`). */
  TAGTRAIL_NFC_KEK: NodeConfig.shape.TAGTRAIL_NFC_KEK,
  /** The deployment's C2SP tlog-policy, as text (a var: no files on Workers). */
  TAGTRAIL_POLICY: z.string().min(1).optional(),
  TAGTRAIL_PUBLISH_INTERVAL_MS: NodeConfig.shape.TAGTRAIL_PUBLISH_INTERVAL_MS,
});

export interface WorkerConfig {
  readonly logKey: string;
  readonly origin?: string;
  readonly adminToken: string;
  readonly accessLogEnabled: boolean;
  readonly scanRetentionDays: number;
  readonly thresholds: CloneThresholds;
  readonly nfcKek?: Uint8Array;
  /** The tlog-policy text, if the deployment names witnesses. */
  readonly policy?: string;
  readonly publishIntervalMs: number;
}

export function loadWorkerConfig(env: Record<string, unknown>): WorkerConfig {
  const c = parseEnv(WorkerVars, env);
  return {
    logKey: c.TAGTRAIL_LOG_KEY,
    ...(c.TAGTRAIL_LOG_ORIGIN === undefined ? {} : { origin: c.TAGTRAIL_LOG_ORIGIN }),
    adminToken: c.TAGTRAIL_ADMIN_TOKEN,
    accessLogEnabled: c.TAGTRAIL_ACCESS_LOG === "on",
    scanRetentionDays: c.TAGTRAIL_SCAN_RETENTION_DAYS,
    thresholds: { scansAfterSale: c.TAGTRAIL_CLONE_SCANS, daysAfterSale: c.TAGTRAIL_CLONE_DAYS },
    ...(c.TAGTRAIL_NFC_KEK === undefined ? {} : { nfcKek: c.TAGTRAIL_NFC_KEK }),
    ...(c.TAGTRAIL_POLICY === undefined ? {} : { policy: c.TAGTRAIL_POLICY }),
    publishIntervalMs: c.TAGTRAIL_PUBLISH_INTERVAL_MS,
  };
}
