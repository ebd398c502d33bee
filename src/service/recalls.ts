// A maker's recalls: one signed statement recalls a GTIN, a lot of it or a list of its serials,
// and is a log entry of its own; every covered tag's verify answer shows it at once (the store's
// shared version moves, so cached answers are rebuilt). Lifting a recall is a signed entry too.
import { bytesEqual, fromBase64Url, toBase64Url } from "../core/bytes.js";
import { entryBytes, type RecallStatement, recallSigningBytes } from "../core/event.js";
import { recallRefusal } from "../core/rules/recall.js";
import type { DomainWrite } from "../store/domain-store.js";
import { CLOCK_SKEW_MS, type ServiceContext } from "./context.js";
import { DomainError, type RecallCode } from "./errors.js";
import { signingMaker } from "./maker-statement.js";

export interface RecallItem {
  readonly recall: RecallStatement;
  readonly signature: Uint8Array;
}

export interface RecallResult {
  readonly leafIndex: number;
  /** base64url leaf hash: what a lift names in `lifts`. */
  readonly leafHash: string;
  readonly status: "created" | "existing";
}

export class Recalls {
  constructor(private readonly ctx: ServiceContext) {}

  async apply({ recall: r, signature }: RecallItem): Promise<RecallResult> {
    const { ctx } = this;
    const now = ctx.now();
    const refuse = (code: RecallCode, detail: string): never => {
      throw new DomainError("recall", code, detail);
    };
    if (Date.parse(r.time) > now + CLOCK_SKEW_MS) refuse("time-in-future", `the ${r.action} time is in the future`);
    const actor = await signingMaker(ctx, "recall", r.actor, recallSigningBytes(r), signature, `the ${r.action}`);
    const leaf = entryBytes({ kind: "recall", recall: r, signature: toBase64Url(signature) });
    const leafHash = ctx.log.hasher.hashLeaf(leaf);
    if (r.action === "recall") {
      const known = await ctx.store.recallByHash(leafHash);
      if (known) return { leafIndex: known.leafIndex, leafHash: toBase64Url(leafHash), status: "existing" };
    }
    const lifts = r.lifts === undefined ? undefined : fromBase64Url(r.lifts);
    const target = lifts && (await ctx.store.recallByHash(lifts));
    // The same lift sent again (a retry after a lost answer) is answered as it was the first time.
    if (target?.lifted && target.liftedBy !== undefined) {
      const [first] = (await ctx.log.leaves(target.liftedBy, 1)).leaves;
      if (first && bytesEqual(ctx.log.hasher.hashLeaf(first), leafHash)) {
        return { leafIndex: target.liftedBy, leafHash: toBase64Url(leafHash), status: "existing" };
      }
    }
    const ruled = recallRefusal(r, actor, target);
    if (ruled) refuse(ruled.code, ruled.detail);
    const write: DomainWrite = lifts
      ? { kind: "lift-recall", lifts, leaf }
      : {
          kind: "recall",
          recall: {
            gtin: r.gtin,
            makerParty: actor.party,
            ...(r.lot === undefined ? {} : { lot: r.lot }),
            ...(r.serials === undefined ? {} : { serials: r.serials }),
            ...(r.instructions === undefined ? {} : { instructions: r.instructions }),
            ...(r.url === undefined ? {} : { url: r.url }),
          },
          leaf,
          leafHash,
        };
    const { firstIndex } = await ctx.store.commit([write], now, ctx.log.seal);
    return { leafIndex: firstIndex, leafHash: toBase64Url(leafHash), status: "created" };
  }
}
