// Node runtime configuration from the environment, validated with zod at the edge.
import { z } from "zod";
import { isValidOrigin } from "../core/checkpoint.js";
import { type CloneThresholds, DEFAULT_THRESHOLDS } from "../core/verdict.js";
import { parseKek } from "../service/key-vault.js";

const Port = z.coerce.number().int().min(0).max(65535);

export const NodeConfig = z.object({
  TAGTRAIL_DATA_DIR: z.string().min(1).default("data"),
  TAGTRAIL_HOST: z.string().min(1).default("127.0.0.1"),
  TAGTRAIL_PORT: Port.optional(),
  PORT: Port.optional(),
  TAGTRAIL_LOG_ORIGIN: z
    .string()
    .refine((o) => isValidOrigin(o) && !/[\s+]/.test(o), "a log origin such as example.com/tagtrail (no spaces or '+')")
    .default("localhost/tagtrail"),
  /** The log's signing key as PRIVATE+KEY+<origin>+<id>+<key>; generated into the data dir if unset. */
  TAGTRAIL_LOG_KEY: z.string().min(1).optional(),
  /** Operator token for /v1/parties; generated into the data dir if unset. */
  TAGTRAIL_ADMIN_TOKEN: z.string().min(16, "at least 16 characters").optional(),
  /** Run the demo instance beside the service (port + 1, data in <data dir>/demo). */
  TAGTRAIL_DEMO: z.enum(["on", "off"]).default("on"),
  /** Access log on stdout: method, route pattern, status, duration; never addresses or agents. */
  TAGTRAIL_ACCESS_LOG: z.enum(["on", "off"]).default("on"),
  TAGTRAIL_SCAN_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  TAGTRAIL_CLONE_SCANS: z.coerce.number().int().min(1).default(DEFAULT_THRESHOLDS.scansAfterSale),
  TAGTRAIL_CLONE_DAYS: z.coerce.number().int().min(1).default(DEFAULT_THRESHOLDS.daysAfterSale),
  /** A C2SP tlog-policy file: the witnesses whose quorum must cosign a checkpoint before it is published. */
  TAGTRAIL_POLICY: z.string().min(1).optional(),
  /** How often checkpoints are published (witnessed), in milliseconds. */
  TAGTRAIL_PUBLISH_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(1000),
  /**
   * The key-encryption key that seals makers' NFC batch keys in the database (64 hex digits or
   * base64 of 32 bytes). Without it, NFC batches cannot be registered nor NFC taps checked.
   */
  TAGTRAIL_NFC_KEK: z
    .string()
    .refine((v) => parseKek(v) !== undefined, "32 bytes as 64 hex digits or base64 (e.g. openssl rand -hex 32)")
    .transform((v) => parseKek(v) as Uint8Array)
    .optional(),
});

export interface RuntimeConfig {
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  readonly origin: string;
  readonly logKey?: string;
  readonly adminToken?: string;
  readonly scanRetentionDays: number;
  readonly demo: boolean;
  readonly accessLogEnabled: boolean;
  readonly thresholds: CloneThresholds;
  /** The key-encryption key for NFC batch keys, if the operator gave one. */
  readonly nfcKek?: Uint8Array;
  /** The tlog-policy file naming the witnesses, if any. */
  readonly policyFile?: string;
  readonly publishIntervalMs: number;
}

/** Parses an environment with `schema`, or throws one error listing every bad variable. */
export function parseEnv<T extends z.ZodType>(schema: T, env: Record<string, unknown>): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export function loadConfig(env: Record<string, string | undefined>): RuntimeConfig {
  const c = parseEnv(NodeConfig, env);
  return {
    dataDir: c.TAGTRAIL_DATA_DIR,
    host: c.TAGTRAIL_HOST,
    port: c.TAGTRAIL_PORT ?? c.PORT ?? 8080,
    origin: c.TAGTRAIL_LOG_ORIGIN,
    ...(c.TAGTRAIL_LOG_KEY === undefined ? {} : { logKey: c.TAGTRAIL_LOG_KEY }),
    ...(c.TAGTRAIL_ADMIN_TOKEN === undefined ? {} : { adminToken: c.TAGTRAIL_ADMIN_TOKEN }),
    scanRetentionDays: c.TAGTRAIL_SCAN_RETENTION_DAYS,
    demo: c.TAGTRAIL_DEMO === "on",
    accessLogEnabled: c.TAGTRAIL_ACCESS_LOG === "on",
    thresholds: { scansAfterSale: c.TAGTRAIL_CLONE_SCANS, daysAfterSale: c.TAGTRAIL_CLONE_DAYS },
    ...(c.TAGTRAIL_NFC_KEK === undefined ? {} : { nfcKek: c.TAGTRAIL_NFC_KEK }),
    ...(c.TAGTRAIL_POLICY === undefined ? {} : { policyFile: c.TAGTRAIL_POLICY }),
    publishIntervalMs: c.TAGTRAIL_PUBLISH_INTERVAL_MS,
  };
}
