// GS1 identifiers used by tagtrail: GTIN (AI 01) with its check digit, serial (AI 21) and lot
// (AI 10) in the GS1 AI encodable character set 82, expiry (AI 17, YYMMDD), and GS1 company
// prefixes. GS1 General Specifications §3.2, §7.9 (check digit), §7.11 (CSET 82).

/** GS1 General Specifications §7.9.1: the mod-10 check digit over the preceding digits. */
export function gs1CheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(digits.length - 1 - i) - 48;
    sum += i % 2 === 0 ? d * 3 : d;
  }
  return (10 - (sum % 10)) % 10;
}

/** A GTIN-8, -12, -13 or -14 with a valid check digit, as 14 digits; undefined otherwise. */
export function normalizeGtin(text: string): string | undefined {
  if (!/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(text)) return undefined;
  const gtin = text.padStart(14, "0");
  return gs1CheckDigit(gtin.slice(0, 13)) === Number(gtin[13]) ? gtin : undefined;
}

/** Completes 13 digits (indicator + company prefix + item reference) with their check digit. */
export function gtinWithCheckDigit(first13: string): string {
  if (!/^\d{13}$/.test(first13)) throw new RangeError("a GTIN-14 body is 13 digits");
  return first13 + String(gs1CheckDigit(first13));
}

// GS1 General Specifications §7.11, Figure 7.11-1: the 82 characters of CSET 82.
const CSET82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]+$/;

/**
 * AI 21 serial number: 1 to 20 characters of CSET 82, but not "." or "..": a GS1 Digital Link
 * path cannot carry those (URL parsers remove dot segments, even percent-encoded; RFC 3986
 * §5.2.4, WHATWG URL "single-dot" and "double-dot path segment").
 */
export function isValidSerial(text: string): boolean {
  return text.length >= 1 && text.length <= 20 && CSET82.test(text) && text !== "." && text !== "..";
}

/** AI 10 batch/lot number: as a serial (and so never "." or "..", which no URL path can carry). */
export const isValidLot = isValidSerial;

/** AI 17 expiration date YYMMDD; DD may be 00 (end of month). */
export function isValidExpiry(text: string): boolean {
  const m = /^(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12) return false;
  const daysInMonth = new Date(Date.UTC(2000 + Number(m[1]), month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/** A GS1 company prefix: 4 to 12 digits (GS1 General Specifications §1.4.4). */
export function isValidCompanyPrefix(text: string): boolean {
  return /^\d{4,12}$/.test(text);
}

/** Does the GTIN-14 belong to this company prefix? Digits 2..13 begin with the prefix. */
export function gtinHasPrefix(gtin14: string, prefix: string): boolean {
  return gtin14.slice(1).startsWith(prefix);
}

/**
 * Do two company prefixes claim a common GTIN (gtinHasPrefix true for both)? Exactly when one
 * begins with the other, equal included: both are matched from the same digit, and a prefix of
 * at most 12 digits leaves the rest of the GTIN free. GS1 allocates each number to one company
 * (General Specifications §1.4.4), so two parties may not hold overlapping prefixes.
 */
export function prefixesOverlap(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}

// Serials tagtrail mints: 16 characters from the URL-safe alphanumeric part of CSET 82, drawn
// uniformly by rejection sampling: log2(62^16) ≈ 95 bits, far beyond guessing.
const SERIAL_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export const MINTED_SERIAL_LENGTH = 16;

export function randomSerial(random: (n: number) => Uint8Array): string {
  let out = "";
  while (out.length < MINTED_SERIAL_LENGTH) {
    for (const b of random(32)) {
      if (b < 248 && out.length < MINTED_SERIAL_LENGTH) out += SERIAL_ALPHABET[b % 62];
    }
  }
  return out;
}
