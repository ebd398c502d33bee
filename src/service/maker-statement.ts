// What every statement a maker signs outside a tag's chain (a recall, a product description, a
// request to read reports) is checked for first: a key usable now, a valid signature over the
// statement's bytes, and the party the key belongs to, as the rules need it.

import { keyRefusal } from "../core/rules/keys.js";
import type { RecallActor } from "../core/rules/recall.js";
import type { ServiceContext } from "./context.js";
import { DomainError } from "./errors.js";

/** The areas whose codes include the key refusals and bad-signature. */
type SignedArea = "recall" | "product" | "report" | "nfc";

/** The signing party, checked: throws the area's refusal if the key or the signature fails. */
export async function signingMaker(
  ctx: ServiceContext,
  area: SignedArea,
  keyId: string,
  message: Uint8Array,
  signature: Uint8Array,
  what: string,
): Promise<RecallActor> {
  const key = await ctx.store.key(keyId);
  const refused = keyRefusal(key, ctx.now(), what);
  if (refused || !key) throw new DomainError(area, refused?.code ?? "unknown-key", refused?.detail ?? what);
  const [signed] = await ctx.checkSignatures([{ signature, message, publicKey: key.publicKey }]);
  if (!signed) throw new DomainError(area, "bad-signature", `${what}: the signature does not verify`);
  const party = await ctx.store.party(key.partyId);
  return { party: key.partyId, roles: party?.roles ?? [], companyPrefixes: party?.companyPrefixes ?? [] };
}
