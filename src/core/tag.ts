// Tags: the identity a manufacturer signs offline (GTIN, serial, optional lot and expiry, and
// the signing key), and its GS1 Digital Link URL with the signature as a query parameter.
import { fromBase64Url, toBase64Url } from "./bytes.js";
import { statementBytes } from "./canonical.js";
import { claimCommitment, randomClaimCode } from "./claim.js";
import type { Crypto } from "./crypto.js";
import { parseTagPath, tagPath } from "./digital-link.js";
import { isValidExpiry, isValidLot, isValidSerial, normalizeGtin, randomSerial } from "./gs1.js";
import { bindUid, type NfcBinding } from "./nfc.js";

export interface TagIdentity {
  readonly gtin: string;
  readonly serial: string;
  readonly lot?: string;
  readonly expiry?: string;
  /** Key ID of the manufacturer key that signs the tag. */
  readonly maker: string;
  /** A salted commitment to the tag's claim code (core/claim.ts), if it has one. */
  readonly claim?: string;
  /** An NFC tag's batch and a salted commitment to its UID (core/nfc.ts), if it is one. */
  readonly nfc?: NfcBinding;
}

export interface SignedTag {
  readonly tag: TagIdentity;
  readonly signature: Uint8Array;
  /** The claim code to print inside the packaging, when minted with one (never sent to the server). */
  readonly claimCode?: string;
}

/** The bytes a manufacturer signs: "tagtrail/v1/tag\n" || JCS(identity). */
export function tagSigningBytes(tag: TagIdentity): Uint8Array {
  return statementBytes("tag", {
    gtin: tag.gtin,
    serial: tag.serial,
    lot: tag.lot,
    expiry: tag.expiry,
    maker: tag.maker,
    claim: tag.claim,
    nfc: tag.nfc && { batch: tag.nfc.batch, uid: tag.nfc.uid },
  });
}

export interface MintRequest {
  readonly gtin: string;
  readonly lot?: string;
  readonly expiry?: string;
  /** Also make a claim code and put its salted commitment in the signed identity. */
  readonly claimCode?: boolean;
  /** An NFC tag: bind its UID, under this batch, into the signed identity. */
  readonly nfc?: { readonly batch: string; readonly uid: Uint8Array };
}

/** Mints one tag: a fresh random serial, signed with the manufacturer's seed. Runs offline. */
export function mintTag(
  crypto: Crypto,
  seed: Uint8Array,
  makerKeyId: string,
  req: MintRequest,
  random: (n: number) => Uint8Array,
): SignedTag {
  const gtin = normalizeGtin(req.gtin);
  if (!gtin) throw new RangeError(`not a valid GTIN: ${req.gtin}`);
  if (req.lot !== undefined && !isValidLot(req.lot)) throw new RangeError(`not a valid lot: ${req.lot}`);
  if (req.expiry !== undefined && !isValidExpiry(req.expiry))
    throw new RangeError(`not a valid expiry (YYMMDD): ${req.expiry}`);
  const serial = randomSerial(random);
  const claimCode = req.claimCode ? randomClaimCode(random) : undefined;
  const tag: TagIdentity = {
    gtin,
    serial,
    maker: makerKeyId,
    ...(req.lot === undefined ? {} : { lot: req.lot }),
    ...(req.expiry === undefined ? {} : { expiry: req.expiry }),
    ...(claimCode ? { claim: claimCommitment(crypto.sha256, { gtin, serial }, claimCode, random) } : {}),
    ...(req.nfc ? { nfc: bindUid(crypto.sha256, { gtin, serial }, req.nfc.batch, req.nfc.uid, random) } : {}),
  };
  return { tag, signature: crypto.ed25519.sign(tagSigningBytes(tag), seed), ...(claimCode ? { claimCode } : {}) };
}

export const TOKEN_PARAM = "s";

/**
 * GS1 Digital Link: https://<host>/01/<GTIN-14>[/10/<lot>]/21/<serial>?s=<base64url signature>.
 * With `lot`, the lot is in the path too (core/digital-link.ts); the signed lot decides anyway.
 */
export function tagUrl(base: string, gtin: string, serial: string, signature: Uint8Array, lot?: string): string {
  const path = tagPath({ gtin, serial, ...(lot === undefined ? {} : { lot }) });
  return `${base.replace(/\/+$/, "")}${path}?${TOKEN_PARAM}=${toBase64Url(signature)}`;
}

export interface ParsedTagUrl {
  readonly gtin: string;
  readonly serial: string;
  /** The lot the path states, if it states one. */
  readonly lot?: string;
  readonly signature?: Uint8Array;
}

/** Parses a tag URL (any host); undefined when it is not one. Attacker-controlled input. */
export function parseTagUrl(url: string): ParsedTagUrl | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const path = parseTagPath(u.pathname);
  if (!path) return undefined;
  const token = u.searchParams.get(TOKEN_PARAM);
  const signature = token === null ? undefined : fromBase64Url(token);
  return {
    gtin: path.gtin,
    serial: path.serial,
    ...(path.lot === undefined ? {} : { lot: path.lot }),
    ...(signature && signature.length === 64 ? { signature } : {}),
  };
}
