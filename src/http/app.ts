// The Hono application, built from injected dependencies only: it never imports a storage
// adapter or a runtime, so Node and Workers serve the very same app.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Sha256 } from "../core/crypto.js";
import type { TlogPolicy } from "../core/policy.js";
import type { TransparencyLog } from "../log/transparency-log.js";
import type { Custody } from "../service/custody.js";
import type { History } from "../service/history.js";
import type { NfcBatches } from "../service/nfc.js";
import type { Ownership } from "../service/ownership.js";
import type { PartyRegistry } from "../service/parties.js";
import type { Products } from "../service/products.js";
import type { Recalls } from "../service/recalls.js";
import type { Reports } from "../service/reports.js";
import type { Verifier } from "../service/verify.js";
import { accessLog } from "./access-log.js";
import type { BatchCheck } from "./batch-body.js";
import { type AssetLoader, docsRoutes } from "./docs-routes.js";
import { notFound, onError } from "./errors.js";
import { eventRoutes } from "./event-routes.js";
import { homeRoutes } from "./home-routes.js";
import { logRoutes } from "./log-routes.js";
import { nfcRoutes } from "./nfc-routes.js";
import { ownershipRoutes } from "./ownership-routes.js";
import { partyRoutes } from "./party-routes.js";
import { reportRoutes } from "./report-routes.js";
import { securityHeaders } from "./security-headers.js";
import { tagRoutes } from "./tag-routes.js";
import { validationHook } from "./validation.js";
import { verifyRoutes } from "./verify-routes.js";

export interface AppDeps {
  readonly log: TransparencyLog;
  readonly parties: PartyRegistry;
  readonly custody: Custody;
  readonly history: History;
  readonly verifier: Verifier;
  readonly ownership: Ownership;
  readonly recalls: Recalls;
  readonly products: Products;
  readonly reports: Reports;
  readonly nfcBatches: NfcBatches;
  /** The deployment's tlog-policy; without one, the log alone ("quorum none"). */
  readonly policy?: TlogPolicy;
  readonly adminToken: string;
  readonly sha256: Sha256;
  /** The API reference viewer's files (served under /docs/); /docs is absent without them. */
  readonly docsAssets?: AssetLoader;
  /**
   * The country a scan came from, as an ISO 3166-1 alpha-2 code, where the runtime knows it
   * (Workers: request.cf.country). Only the code feeds the day's scan count; nothing else of
   * the request is kept.
   */
  readonly scanCountry?: (request: Request) => string | undefined;
  /** Where access log lines go (see access-log.ts for what they hold); none if absent. */
  readonly accessLog?: (line: string) => void;
  /** Parses and validates batch bodies off the main thread (Node: worker threads); inline if absent. */
  readonly checkBatch?: BatchCheck;
}

export function createApp(deps: AppDeps): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  if (deps.accessLog) app.use(accessLog(deps.accessLog));
  app.use(securityHeaders());
  app.onError(onError);
  app.notFound(notFound);

  app.get("/healthz", (c) => c.json({ ok: true }));
  app.route("/", homeRoutes(deps.log));
  app.route("/", logRoutes(deps.log, deps.policy));
  app.route("/", partyRoutes(deps.parties, deps.sha256, deps.adminToken));
  app.route("/", tagRoutes(deps.custody, deps.history, deps.verifier, deps.checkBatch));
  app.route("/", eventRoutes(deps.custody, deps.checkBatch));
  app.route("/", ownershipRoutes(deps.ownership, deps.recalls, deps.products));
  app.route("/", reportRoutes(deps.reports));
  app.route("/", nfcRoutes(deps.nfcBatches));
  app.route("/", verifyRoutes(deps.verifier, deps.scanCountry));
  if (deps.docsAssets) app.route("/", docsRoutes(deps.docsAssets));

  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "tagtrail",
      version: "0.1.0",
      description: "Anti-counterfeiting verification: signed tags, custody chains and a transparent Merkle log.",
    },
  });
  return app;
}
