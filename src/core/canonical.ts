// Canonical, domain-separated bytes for everything tagtrail signs or hashes as a statement.
// bytes = UTF-8("tagtrail/v1/<kind>\n") || UTF-8(JCS(body)), with JCS the RFC 8785 JSON
// Canonicalization Scheme. The kind prefix means a signature made for one kind of statement can
// never verify as another; a body always starts with "{", so it cannot be read as a C2SP note
// (whose second line is a decimal tree size) either.

export const STATEMENT_KINDS = [
  "tag",
  "event",
  "entry",
  "key-id",
  "holder",
  "recall",
  "claim",
  "product",
  "report-read",
  "nfc-batch",
  "nfc-batch-key",
  "nfc-uid",
] as const;
export type StatementKind = (typeof STATEMENT_KINDS)[number];

export type CanonicalValue =
  | string
  | number
  | boolean
  | null
  | readonly CanonicalValue[]
  | { readonly [key: string]: CanonicalValue | undefined };

/**
 * RFC 8785 JCS for the values tagtrail signs: keys sorted by UTF-16 code units (§3.2.3), no
 * whitespace, strings escaped as ECMAScript JSON.stringify does (§3.2.2.2). Numbers must be safe
 * integers: signed statements carry no floating point. Keys whose value is undefined are omitted.
 */
export function canonicalJson(value: CanonicalValue): string {
  if (value === null || typeof value === "boolean") return JSON.stringify(value);
  if (typeof value === "string") {
    if (!value.isWellFormed()) throw new TypeError("canonical JSON strings must be well-formed UTF-16");
    return JSON.stringify(value);
  }
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new TypeError(`canonical JSON numbers must be safe integers: ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v: CanonicalValue) => canonicalJson(v)).join(",")}]`;
  const obj = value as { readonly [key: string]: CanonicalValue | undefined };
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k] as CanonicalValue)}`).join(",")}}`;
}

const encoder = new TextEncoder();

export function domainPrefix(kind: StatementKind): string {
  return `tagtrail/v1/${kind}\n`;
}

/** The exact bytes that are signed (or hashed) for a statement of this kind. */
export function statementBytes(
  kind: StatementKind,
  body: { readonly [key: string]: CanonicalValue | undefined },
): Uint8Array {
  return encoder.encode(domainPrefix(kind) + canonicalJson(body));
}
