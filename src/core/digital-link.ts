// GS1 Digital Link URI paths for a GTIN (GS1 Digital Link Standard: URI Syntax 1.2, §4 "URI
// syntax", ABNF `gtin-path = gtin-comp [cpv-comp] [lot-comp] [ser-comp]`: the primary key, then
// its key qualifiers in the order the standard gives for that key, each as /AI/value). For AI 01
// the qualifiers are 22 (consumer product variant), 10 (batch/lot) and 21 (serial), in that order,
// each optional; a tagtrail tag needs 21. Narrower than the standard on purpose: only the numeric
// AI form (not the short names like /gtin/), only at the root of the host (no custom path before
// /01), only the 14-digit GTIN, and not the other path of AI 01 (upui-path, /01/…/235/…). Values
// are percent-decoded; attacker-controlled input: lengths are bounded and nothing throws.
import { isValidLot, isValidSerial, normalizeGtin } from "./gs1.js";

export interface TagPath {
  readonly gtin: string;
  /** AI 22: a variant the maker may print; not part of what it signs. */
  readonly cpv?: string;
  /** AI 10, as the path states it (checked against the signed lot by the verifier). */
  readonly lot?: string;
  readonly serial: string;
}

/** The key qualifiers of AI 01, in the order GS1 fixes. */
const QUALIFIERS = ["22", "10", "21"] as const;
/** AI 22 is up to 20 characters of CSET 82, like AI 10 and 21. */
const isValidCpv = isValidLot;

function decode(segment: string): string | undefined {
  if (segment.length > 60) return undefined; // 20 characters, each at most %XX
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Parses a URL path as a tag's GS1 Digital Link path; undefined when it is not one. */
export function parseTagPath(pathname: string): TagPath | undefined {
  if (pathname.length > 300) return undefined;
  const parts = pathname.split("/");
  // "", "01", gtin, then AI/value pairs.
  if (parts[0] !== "" || parts[1] !== "01" || parts.length < 5 || parts.length % 2 !== 1) return undefined;
  const gtin = normalizeGtin(parts[2] as string);
  if (!gtin || (parts[2] as string).length !== 14) return undefined;
  const values: Partial<Record<(typeof QUALIFIERS)[number], string>> = {};
  let next = 0;
  for (let i = 3; i < parts.length; i += 2) {
    const at = QUALIFIERS.indexOf(parts[i] as (typeof QUALIFIERS)[number], next);
    if (at < 0) return undefined; // unknown, repeated or out of order
    const value = decode(parts[i + 1] as string);
    if (value === undefined) return undefined;
    values[QUALIFIERS[at] as (typeof QUALIFIERS)[number]] = value;
    next = at + 1;
  }
  const { "22": cpv, "10": lot, "21": serial } = values;
  if (serial === undefined || !isValidSerial(serial)) return undefined;
  if (lot !== undefined && !isValidLot(lot)) return undefined;
  if (cpv !== undefined && !isValidCpv(cpv)) return undefined;
  return { gtin, serial, ...(cpv === undefined ? {} : { cpv }), ...(lot === undefined ? {} : { lot }) };
}

/** A tag's path: /01/{gtin}[/10/{lot}]/21/{serial}, values percent-encoded. */
export function tagPath(t: { readonly gtin: string; readonly serial: string; readonly lot?: string }): string {
  const lot = t.lot === undefined ? "" : `/10/${encodeURIComponent(t.lot)}`;
  return `/01/${t.gtin}${lot}/21/${encodeURIComponent(t.serial)}`;
}
