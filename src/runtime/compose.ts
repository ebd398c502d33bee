// The one composition both runtimes use: from a service context (stores, log, crypto, clock,
// signature checks) to the domain services and the Hono app. Runtime-neutral: Node and Workers
// differ only in what they put into the context and the app's runtime hooks.
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { TlogPolicy } from "../core/policy.js";
import type { CloneThresholds } from "../core/verdict.js";
import { type AppDeps, createApp } from "../http/app.js";
import type { ServiceContext } from "../service/context.js";
import { Custody } from "../service/custody.js";
import { History } from "../service/history.js";
import type { KeyVault } from "../service/key-vault.js";
import { NfcBatches, TapChecker } from "../service/nfc.js";
import { Ownership } from "../service/ownership.js";
import { PartyRegistry } from "../service/parties.js";
import { Products } from "../service/products.js";
import { Recalls } from "../service/recalls.js";
import { Reports } from "../service/reports.js";
import { ScanCounter } from "../service/scans.js";
import { Verifier } from "../service/verify.js";

/** What the app takes from the runtime beyond the services (assets, country, access log, batch parsing). */
export type RuntimeHooks = Pick<AppDeps, "docsAssets" | "scanCountry" | "accessLog" | "checkBatch">;

export interface CompositionOptions {
  readonly ctx: ServiceContext;
  readonly adminToken: string;
  readonly thresholds?: CloneThresholds;
  /** Is this process the only one counting scans (Node), or one of many (Workers isolates)? */
  readonly soleScanCounter: boolean;
  /** Seals NFC batch keys at rest; without one, batches cannot be registered nor taps checked. */
  readonly vault?: KeyVault;
  /** The deployment's tlog-policy (witnesses and quorum), served at /v1/log/policy. */
  readonly policy?: TlogPolicy;
  readonly hooks?: RuntimeHooks;
}

export interface Composition {
  readonly app: OpenAPIHono;
  readonly parties: PartyRegistry;
  readonly custody: Custody;
  readonly history: History;
  readonly verifier: Verifier;
  readonly ownership: Ownership;
  readonly recalls: Recalls;
  readonly scans: ScanCounter;
  readonly nfcBatches: NfcBatches;
}

export function compose(options: CompositionOptions): Composition {
  const { ctx } = options;
  const parties = new PartyRegistry(ctx);
  const custody = new Custody(ctx);
  const history = new History(ctx);
  const scans = new ScanCounter(ctx.store, { soleWriter: options.soleScanCounter });
  const verifier = new Verifier(ctx, scans, new TapChecker(ctx, options.vault), options.thresholds);
  const nfcBatches = new NfcBatches(ctx, options.vault);
  const ownership = new Ownership(ctx);
  const recalls = new Recalls(ctx);
  const products = new Products(ctx);
  const reports = new Reports(ctx);
  const app = createApp({
    log: ctx.log,
    parties,
    custody,
    history,
    verifier,
    ownership,
    recalls,
    products,
    reports,
    nfcBatches,
    ...(options.policy ? { policy: options.policy } : {}),
    adminToken: options.adminToken,
    sha256: ctx.crypto.sha256,
    ...options.hooks,
  });
  return { app, parties, custody, history, verifier, ownership, recalls, scans, nfcBatches };
}
