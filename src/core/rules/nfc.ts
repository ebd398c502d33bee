// Who may register and revoke an NFC batch key, and which batch a commission may bind a tag to:
// one rule for the server (at ingest) and the auditor's replay. A manufacturer registers a batch
// once, under the ID its key's commitment gives; only that maker revokes it, once; a tag is bound
// only to a batch of its own maker that is not revoked.
import type { NfcBatchStatement, Role } from "../event.js";
import { BATCH_ID, batchIdOf } from "../nfc.js";
import type { RuleRefusal } from "./keys.js";

export type NfcRuleCode =
  | "not-maker"
  | "invalid-batch"
  | "batch-exists"
  | "unknown-batch"
  | "batch-revoked"
  | "not-batch-maker";

/** A batch as stored: what a revocation and a commission are checked against. */
export interface NfcBatchTarget {
  readonly makerParty: string;
  readonly revoked: boolean;
}

export function nfcBatchRefusal(
  b: NfcBatchStatement,
  actor: { readonly party: string; readonly roles: readonly Role[] },
  existing: NfcBatchTarget | undefined,
): RuleRefusal<NfcRuleCode> | undefined {
  if (!actor.roles.includes("manufacturer")) {
    return { code: "not-maker", detail: "only a manufacturer registers NFC batch keys" };
  }
  if (b.action === "register") {
    if (b.commitment === undefined || b.compromisedAt !== undefined || batchIdOf(b.commitment) !== b.batch) {
      return {
        code: "invalid-batch",
        detail: "a registration carries the key's commitment, whose first 16 characters are the batch ID",
      };
    }
    if (existing) return { code: "batch-exists", detail: `batch ${b.batch} is registered already` };
    return undefined;
  }
  if (b.compromisedAt === undefined || b.commitment !== undefined || !BATCH_ID.test(b.batch)) {
    return { code: "invalid-batch", detail: "a revocation names the batch and the compromise time, nothing else" };
  }
  if (!existing) return { code: "unknown-batch", detail: `batch ${b.batch} is not registered` };
  if (existing.makerParty !== actor.party) {
    return { code: "not-batch-maker", detail: "only the maker that registered a batch can revoke it" };
  }
  if (existing.revoked) return { code: "batch-revoked", detail: `batch ${b.batch} is revoked already` };
  return undefined;
}

/** Why a commission by `makerParty` may not bind a tag to `batch` (as stored), if it may not. */
export function nfcBindingRefusal(
  batchId: string,
  makerParty: string,
  batch: NfcBatchTarget | undefined,
): RuleRefusal<NfcRuleCode> | undefined {
  if (!batch) return { code: "unknown-batch", detail: `NFC batch ${batchId} is not registered` };
  if (batch.makerParty !== makerParty) {
    return { code: "not-batch-maker", detail: `NFC batch ${batchId} belongs to another maker` };
  }
  if (batch.revoked) return { code: "batch-revoked", detail: `NFC batch ${batchId} is revoked` };
  return undefined;
}
