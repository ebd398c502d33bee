// The EPCIS Event Hash ID of GS1 CBV 2.0 §8.9: an EPCIS 2.0 event (JSON/JSON-LD) reduced to its
// canonical pre-hash string (fields in the canonical property order, values normalised: UTC
// millisecond timestamps, CBV Web URIs, canonical GS1 Digital Link URIs, numbers without trailing
// zeros, lists sorted), hashed with SHA-256 and named `ni:///sha-256;<hex>?ver=CBV2.0`.
// Known answers: the reference implementation's fixtures in test/vectors/epcis-event-hash/.
// Over 300 lines on purpose: it follows §8.9's steps 1–24 in order, one function per step, so
// reading it beside the spec works; split across files the steps would lose their order.
import { toHex, utf8 } from "./bytes.js";
import type { Sha256 } from "./crypto.js";
import { gs1CheckDigit } from "./gs1.js";

/** CBV 2.0 §8.9 step 24: the version of the algorithm, as the `ver` query of the ni: URI. */
export const CBV_VERSION = "CBV2.0";

/** JSON-LD prefix → namespace IRI, as declared by a document's `@context`. */
export type EpcisPrefixes = Readonly<Record<string, string>>;

type JsonObject = { readonly [key: string]: unknown };

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// Ordering and value normalisation (CBV 2.0 §8.9 steps 5-18)

/** Steps 10-11: case-sensitive order of Unicode code points (UTF-8 byte order), not UTF-16 units. */
function byCodePoint(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(i) as number;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
  }
  return a.length - b.length;
}

function sorted(parts: readonly string[]): string[] {
  return [...parts].sort(byCodePoint);
}

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):?(\d{2})?)?$/;

/**
 * Steps 8-9: a timestamp in UTC with millisecond precision, `YYYY-MM-DDTHH:MM:SS.sssZ`; more than
 * three decimals round half up on the fourth. A value that is not an xsd:dateTime stays as given;
 * one without an offset is read as UTC.
 */
export function canonicalTimestamp(text: string): string {
  const m = TIMESTAMP.exec(text);
  if (!m) return text;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return text;
  const fraction = m[7] ?? "";
  let ms = Number(fraction.slice(0, 3).padEnd(3, "0"));
  if ((fraction[3] ?? "0") >= "5") ms += 1;
  const offsetMinutes = m[9] ? (m[9] === "-" ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11] ?? "0")) : 0;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCDate() !== day) return text; // 31 April and the like
  date.setUTCHours(hour, minute, second, ms);
  const shifted = new Date(date.getTime() - offsetMinutes * 60_000);
  return Number.isNaN(shifted.getTime()) ? text : shifted.toISOString();
}

// A decimal literal as Python's float() reads it (the reference implementation's test of "numeric").
const DECIMAL = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;

/**
 * Steps 6-7: a numeric value without leading "+", leading zeros or trailing zeros: an integral
 * value as an integer ("1.0" → "1"), any other as the shortest decimal that reads back the same
 * double, in exponent form below 1e-4 ("1e-05"). Non-numeric text is returned unchanged.
 */
export function canonicalNumber(text: string): string {
  if (!DECIMAL.test(text)) return text;
  const x = Number(text.replaceAll("_", ""));
  if (!Number.isFinite(x)) return text;
  if (Number.isInteger(x)) return BigInt(x).toString();
  if (Math.abs(x) >= 1e-4) return String(x);
  const [mantissa, exponent] = x.toExponential().split("e") as [string, string];
  const e = Number(exponent);
  return `${mantissa}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
}

// Step 14: CBV 1.x URN vocabulary → CBV 2.0 Web URIs.
const CBV_URNS: readonly (readonly [string, string])[] = [
  ["urn:epcglobal:cbv:bizstep:", "https://ref.gs1.org/cbv/BizStep-"],
  ["urn:epcglobal:cbv:disp:", "https://ref.gs1.org/cbv/Disp-"],
  ["urn:epcglobal:cbv:btt:", "https://ref.gs1.org/cbv/BTT-"],
  ["urn:epcglobal:cbv:sdt:", "https://ref.gs1.org/cbv/SDT-"],
  ["urn:epcglobal:cbv:er:", "https://ref.gs1.org/cbv/ER-"],
];

// Step 15: the standard CURIE prefixes of CBV values.
const CBV_CURIES: readonly (readonly [string, string])[] = [
  ["gs1:", "https://ref.gs1.org/voc/"],
  ["cbv:", "https://ref.gs1.org/cbv/"],
];

// Step 16: where the JSON binding writes standard vocabulary as bare strings, the Web URI it stands for.
const BIZ_STEP = "https://ref.gs1.org/cbv/BizStep-";
const DISPOSITION = "https://ref.gs1.org/cbv/Disp-";
const BIZ_TRANSACTION_TYPE = "https://ref.gs1.org/cbv/BTT-";
const SOURCE_DEST_TYPE = "https://ref.gs1.org/cbv/SDT-";
const COMPONENT = "https://ref.gs1.org/cbv/Comp-";
const GS1_VOC = "https://ref.gs1.org/voc/";

interface ValueRule {
  /** The value is a timestamp (steps 8-9) and gets no other normalisation. */
  readonly time?: true;
  /** The value is standard vocabulary: a bare string or gs1:/cbv: CURIE expands (steps 15-16). */
  readonly vocabulary?: string;
}

const PLAIN: ValueRule = {};
const TIME: ValueRule = { time: true };

/** Steps 5-18 for one value: the normalised text, "" when there is nothing to add (step 4). */
function canonicalValue(raw: string, rule: ValueRule): string {
  let text = raw.trim();
  if (text === "") return "";
  if (rule.time) return canonicalTimestamp(text);
  if (rule.vocabulary !== undefined) {
    if (!text.includes(":")) text = rule.vocabulary + text;
    else for (const [curie, iri] of CBV_CURIES) if (text.startsWith(curie)) text = iri + text.slice(curie.length);
  }
  for (const [urn, uri] of CBV_URNS) if (text.startsWith(urn)) text = uri + text.slice(urn.length);
  text = canonicalNumber(text);
  return canonicalGs1Uri(text) ?? text;
}

// ---------------------------------------------------------------------------------------------
// GS1 identifiers as constrained canonical GS1 Digital Link URIs (steps 17-18)

const DL = "https://id.gs1.org/";

// GS1 Digital Link: URI Syntax 1.2, table of characters a path element must percent-encode; EPC
// URIs already escape the others.
function dlEscape(text: string): string {
  return text.replace(/[!()*+,:]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const withCheck = (digits: string): string => digits + String(gs1CheckDigit(digits));

/** An EPC URI's GS1 company prefix: 6 to 12 digits. */
const isCompanyPrefix = (cp: string): boolean => cp.length >= 6 && cp.length <= 12;

/** A company prefix and the reference completing it to a key of `total` digits before the check digit. */
const partitioned = (cp: string, reference: string, total: number): boolean =>
  isCompanyPrefix(cp) && cp.length + reference.length === total;

/** The GTIN-14 of an EPC company prefix and item reference (whose first digit is the indicator), into `path`. */
function withGtin(cp: string, itemReference: string, path: (gtin: string) => string): string | undefined {
  if (!partitioned(cp, itemReference, 13)) return undefined;
  return path(withCheck(itemReference.slice(0, 1) + cp + itemReference.slice(1)));
}

// One character of an EPC URI component (GS1 EPC TDS §5, GS3A3) or a %-escape; a CPI's characters.
const C = String.raw`(?:[A-Za-z0-9!'()*+,\-.:;=_]|%[0-9A-Fa-f]{2})`;
const CPI = String.raw`(?:[0-9A-Z\-]|%2[3dfDF])`;

type EpcRule = readonly [RegExp, (...parts: string[]) => string | undefined];

// GS1 EPC Tag Data Standard: the EPC URIs, EPC Class URIs and EPC Pattern URIs of GS1 keys, as the
// GS1 Digital Link path of the key (AI, key with its check digit, qualifiers).
const EPC_RULES: readonly EpcRule[] = [
  [
    new RegExp(String.raw`^urn:epc:id:sgtin:(\d+)\.(\d+)\.(${C}{1,20})$`),
    (cp, ir, serial) => withGtin(cp, ir, (gtin) => `01/${gtin}/21/${dlEscape(serial)}`),
  ],
  [
    /^urn:epc:id:sscc:(\d+)\.(\d+)$/,
    (cp, sr) => (partitioned(cp, sr, 17) ? `00/${withCheck(sr.slice(0, 1) + cp + sr.slice(1))}` : undefined),
  ],
  [
    new RegExp(String.raw`^urn:epc:id:sgln:(\d+)\.(\d*)\.(${C}{1,20})$`),
    (cp, lr, ext) =>
      partitioned(cp, lr, 12) ? `414/${withCheck(cp + lr)}${ext === "0" ? "" : `/254/${dlEscape(ext)}`}` : undefined,
  ],
  [
    new RegExp(String.raw`^urn:epc:id:grai:(\d+)\.(\d*)\.(${C}{1,16})$`),
    (cp, at, serial) => (partitioned(cp, at, 12) ? `8003/${withCheck(`0${cp}${at}`)}${dlEscape(serial)}` : undefined),
  ],
  [
    new RegExp(String.raw`^urn:epc:id:giai:(\d+)\.(${C}+)$`),
    (cp, ar) => (isCompanyPrefix(cp) && cp.length + ar.length <= 30 ? `8004/${cp}${dlEscape(ar)}` : undefined),
  ],
  [/^urn:epc:id:gsrn:(\d+)\.(\d+)$/, (cp, sr) => (partitioned(cp, sr, 17) ? `8018/${withCheck(cp + sr)}` : undefined)],
  [/^urn:epc:id:gsrnp:(\d+)\.(\d+)$/, (cp, sr) => (partitioned(cp, sr, 17) ? `8017/${withCheck(cp + sr)}` : undefined)],
  [
    new RegExp(String.raw`^urn:epc:id:gdti:(\d+)\.(\d*)\.(${C}{1,17})$`),
    (cp, dt, serial) => (partitioned(cp, dt, 12) ? `253/${withCheck(cp + dt)}${dlEscape(serial)}` : undefined),
  ],
  [
    new RegExp(String.raw`^urn:epc:id:cpi:(\d+)\.(${CPI}+)\.(\d{1,12})$`),
    (cp, ref, serial) => (isCompanyPrefix(cp) ? `8010/${cp}${ref}/8011/${serial}` : undefined),
  ],
  [
    /^urn:epc:id:sgcn:(\d+)\.(\d*)\.(\d{1,12})$/,
    (cp, cr, serial) => (partitioned(cp, cr, 12) ? `255/${withCheck(cp + cr)}${serial}` : undefined),
  ],
  [
    new RegExp(String.raw`^urn:epc:id:ginc:(\d+)\.(${C}+)$`),
    (cp, ref) => (isCompanyPrefix(cp) && cp.length + ref.length <= 30 ? `401/${cp}${dlEscape(ref)}` : undefined),
  ],
  [/^urn:epc:id:gsin:(\d+)\.(\d+)$/, (cp, sr) => (partitioned(cp, sr, 16) ? `402/${withCheck(cp + sr)}` : undefined)],
  [
    new RegExp(String.raw`^urn:epc:id:itip:(\d+)\.(\d+)\.(\d{2})\.(\d{2})\.(${C}{1,20})$`),
    (cp, ir, piece, total, serial) => withGtin(cp, ir, (gtin) => `8006/${gtin}${piece}${total}/21/${dlEscape(serial)}`),
  ],
  [
    new RegExp(String.raw`^urn:epc:id:upui:(\d+)\.(\d+)\.(${C}{1,28})$`),
    (cp, ir, tpx) => withGtin(cp, ir, (gtin) => `01/${gtin}/235/${dlEscape(tpx)}`),
  ],
  [/^urn:epc:id:pgln:(\d+)\.(\d*)$/, (cp, pr) => (partitioned(cp, pr, 12) ? `417/${withCheck(cp + pr)}` : undefined)],
  [
    new RegExp(String.raw`^urn:epc:class:lgtin:(\d+)\.(\d+)\.(${C}{1,20})$`),
    (cp, ir, lot) => withGtin(cp, ir, (gtin) => `01/${gtin}/10/${dlEscape(lot)}`),
  ],
  [/^urn:epc:idpat:sgtin:(\d+)\.(\d+)\.\*$/, (cp, ir) => withGtin(cp, ir, (gtin) => `01/${gtin}`)],
  [
    /^urn:epc:idpat:grai:(\d+)\.(\d*)\.\*$/,
    (cp, at) => (partitioned(cp, at, 12) ? `8003/${withCheck(`0${cp}${at}`)}` : undefined),
  ],
  [
    /^urn:epc:idpat:gdti:(\d+)\.(\d*)\.\*$/,
    (cp, dt) => (partitioned(cp, dt, 12) ? `253/${withCheck(cp + dt)}` : undefined),
  ],
  [
    /^urn:epc:idpat:sgcn:(\d+)\.(\d*)\.\*$/,
    (cp, cr) => (partitioned(cp, cr, 12) ? `255/${withCheck(cp + cr)}` : undefined),
  ],
  [
    new RegExp(String.raw`^urn:epc:idpat:cpi:(\d+)\.(${CPI}+)\.\*$`),
    (cp, ref) => (isCompanyPrefix(cp) ? `8010/${cp}${ref}` : undefined),
  ],
  [
    /^urn:epc:idpat:itip:(\d+)\.(\d+)\.(\d{2})\.(\d{2})\.\*$/,
    (cp, ir, piece, total) => withGtin(cp, ir, (gtin) => `8006/${gtin}${piece}${total}`),
  ],
  [/^urn:epc:idpat:upui:(\d+)\.(\d+)\.\*$/, (cp, ir) => withGtin(cp, ir, (gtin) => `01/${gtin}`)],
];

// GS1 Digital Link primary keys (with their legacy short names), and the key qualifiers of step 18 (III).
const PRIMARY_KEYS: ReadonlyMap<string, string> = new Map([
  ["01", "01"],
  ["gtin", "01"],
  ["8006", "8006"],
  ["itip", "8006"],
  ["8010", "8010"],
  ["cpid", "8010"],
  ["414", "414"],
  ["gln", "414"],
  ["417", "417"],
  ["party", "417"],
  ["8017", "8017"],
  ["gsrnp", "8017"],
  ["8018", "8018"],
  ["gsrn", "8018"],
  ["255", "255"],
  ["gcn", "255"],
  ["00", "00"],
  ["sscc", "00"],
  ["253", "253"],
  ["gdti", "253"],
  ["401", "401"],
  ["ginc", "401"],
  ["402", "402"],
  ["gsin", "402"],
  ["8003", "8003"],
  ["grai", "8003"],
  ["8004", "8004"],
  ["giai", "8004"],
]);
const QUALIFIERS: ReadonlyMap<string, string> = new Map([
  ["cpv", "22"],
  ["lot", "10"],
  ["ser", "21"],
]);

// The constrained canonical forms step 18 (III) allows: a key with at most its finest qualifier.
const X = String.raw`["'\-.0-9;-?A-Z_a-z]`;
const CONSTRAINED_PATHS: readonly RegExp[] = [
  /^00\/\d{18}$/,
  new RegExp(String.raw`^01\/\d{14}(?:\/(?:21|10)\/${X}{0,20}|\/235\/${X}{0,28})?$`),
  new RegExp(String.raw`^253\/\d{13}${X}{0,17}$`),
  /^255\/\d{13}\d{0,12}$/,
  new RegExp(String.raw`^401\/${X}{0,30}$`),
  /^402\/\d{17}$/,
  new RegExp(String.raw`^414\/\d{13}(?:\/254\/${X}{0,20})?$`),
  /^417\/\d{13}$/,
  new RegExp(String.raw`^8003\/\d{14}${X}{0,16}$`),
  new RegExp(String.raw`^8004\/${X}{0,30}$`),
  new RegExp(String.raw`^8006\/\d{18}(?:\/(?:21|10)\/${X}{0,20})?$`),
  /^8010\/[#\-/0-9A-Z]{0,30}(?:\/8011\/\d{0,12})?$/,
  /^8017\/\d{18}$/,
  /^8018\/\d{18}$/,
];

/** Step 18: a GS1 Digital Link URI on id.gs1.org, without query string, at its finest key level. */
function constrainedDigitalLink(uri: string): string | undefined {
  const m = /^https?:\/\/[^/?#]*(\/[^?#]*)(?:\?[^#]*)?$/.exec(uri);
  if (!m) return undefined;
  const segments = (m[1] as string).split("/").slice(1);
  if (segments.at(-1) === "") segments.pop();
  const at = segments.findIndex((s, i) => PRIMARY_KEYS.has(s) && /^\d{4}./.test(segments[i + 1] ?? ""));
  if (at < 0) return undefined;
  const key = PRIMARY_KEYS.get(segments[at] as string) as string;
  let value = segments[at + 1] as string;
  if (key === "01" && /^(\d{8}|\d{12}|\d{13})$/.test(value)) value = value.padStart(14, "0");
  const qualifiers = new Map<string, string>();
  const rest = segments.slice(at + 2);
  if (rest.length % 2 !== 0) return undefined;
  for (let i = 0; i < rest.length; i += 2) {
    const ai = rest[i] as string;
    qualifiers.set(QUALIFIERS.get(ai) ?? ai, rest[i + 1] as string);
  }
  if (key === "01" || key === "8006") {
    qualifiers.delete("22");
    if (qualifiers.has("21")) qualifiers.delete("10");
  }
  const path = [key, value, ...[...qualifiers].flat()].join("/");
  return CONSTRAINED_PATHS.some((re) => re.test(path)) ? DL + path : undefined;
}

/**
 * Steps 17-18: an EPC URI, EPC Class URI, EPC Pattern URI or GS1 Digital Link URI as the
 * constrained canonical GS1 Digital Link URI of its finest GS1 key; undefined for anything else.
 */
export function canonicalGs1Uri(uri: string): string | undefined {
  if (uri.startsWith("urn:epc:")) {
    for (const [pattern, toPath] of EPC_RULES) {
      const m = pattern.exec(uri);
      if (m) {
        const path = toPath(...m.slice(1).map((part) => part ?? ""));
        return path === undefined ? undefined : DL + path;
      }
    }
    return undefined;
  }
  return uri.startsWith("http") ? constrainedDigitalLink(uri) : undefined;
}

// ---------------------------------------------------------------------------------------------
// The pre-hash string (steps 1-4, 12-13, 19-21) over an EPCIS 2.0 JSON event

type Namespaces = ReadonlyMap<string, string>;

// Prefixes of the standard EPCIS context that a document need not declare, named by their XML
// namespace so that both bindings hash alike (as the reference implementation does); a document
// declaring the prefix itself wins.
const STANDARD_NAMESPACES: Namespaces = new Map([["cbvmda", "urn:epcglobal:cbv:mda"]]);

/** Prefix → namespace IRI for every prefix an `@context` (string, object or array of them) declares. */
export function contextPrefixes(context: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of Array.isArray(context) ? context : [context]) {
    if (!isObject(entry)) continue;
    for (const [prefix, iri] of Object.entries(entry)) {
      if (!prefix.startsWith("@") && typeof iri === "string") out[prefix] = iri;
    }
  }
  return out;
}

function namespaces(prefixes: EpcisPrefixes, eventContext: unknown): Namespaces {
  return new Map([
    ...STANDARD_NAMESPACES,
    ...Object.entries(prefixes),
    ...Object.entries(contextPrefixes(eventContext)),
  ]);
}

/** Steps 19-20: an extension's key as `{namespace}localName`; unprefixed keys stay as they are. */
function expandedName(key: string, ns: Namespaces): string {
  const colon = key.indexOf(":");
  const iri = colon > 0 ? ns.get(key.slice(0, colon)) : undefined;
  return iri === undefined ? key : `{${iri}}${key.slice(colon + 1)}`;
}

/** A JSON scalar as text; undefined for an absent (or null) value. */
function scalar(value: unknown, where: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return String(value);
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  throw new TypeError(`EPCIS event hash: ${where} must be a string, number or boolean`);
}

/** Step 3: `key=value`, or "" when the value is absent or empty (step 4). */
function keyValue(key: string, value: unknown, rule: ValueRule, where: string): string {
  const text = scalar(value, where);
  const canonical = text === undefined ? "" : canonicalValue(text, rule);
  return canonical === "" ? "" : `${key}=${canonical}`;
}

function list(value: unknown, where: string): readonly unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new TypeError(`EPCIS event hash: ${where} must be an array`);
  return value;
}

function object(value: unknown, where: string): JsonObject | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw new TypeError(`EPCIS event hash: ${where} must be an object`);
  return value;
}

/** A named list: the name, then its elements in order (step 11); "" when no element has content. */
function named(name: string, elements: readonly string[]): string {
  const content = sorted(elements.filter((e) => e !== ""));
  return content.length === 0 ? "" : name + content.join("");
}

// Keys that never enter the pre-hash: JSON-LD context, comments.
const NEVER_HASHED = new Set(["@context", "comment", "rdfs:comment", "#text"]);

/** Steps 19-20: one extension element (one string per element of an array value). */
function extension(key: string, value: unknown, ns: Namespaces): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => extension(key, v, ns));
  const name = expandedName(key, ns);
  if (isObject(value)) {
    const text = scalar(value["#text"], key);
    const own = text === undefined ? "" : canonicalValue(text, PLAIN);
    return [(own === "" ? name : `${name}=${own}`) + extensions(value, ns).join("")];
  }
  const text = scalar(value, key);
  const canonical = text === undefined ? "" : canonicalValue(text, PLAIN);
  return [canonical === "" ? name : `${name}=${canonical}`];
}

/** Steps 19-21: the extension elements of an object (keys outside `standard`), sorted. */
function extensions(obj: JsonObject, ns: Namespaces, standard: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(obj)) {
    if (!standard.has(key) && !NEVER_HASHED.has(key)) out.push(...extension(key, value, ns));
  }
  return sorted(out);
}

/** Objects that admit no extensions (EPCIS 2.0 JSON Schema: additionalProperties false). */
function closed(obj: JsonObject, keys: ReadonlySet<string>, where: string): void {
  for (const key of Object.keys(obj)) {
    if (!keys.has(key) && !NEVER_HASHED.has(key)) throw new TypeError(`EPCIS event hash: ${where} has no ${key}`);
  }
}

/** The text of a standard field, and (CBV 2.0 step 21) the extensions found inside it. */
interface Part {
  readonly text: string;
  readonly extensionBlocks: readonly string[];
}

type FieldRule = (value: unknown, key: string, ns: Namespaces) => Part;

const scalarField =
  (rule: ValueRule): FieldRule =>
  (value, key) => ({ text: keyValue(key, value, rule, key), extensionBlocks: [] });

/** epcList, inputEPCList, outputEPCList, childEPCs: the list name, then `epc=` per EPC. */
const epcList: FieldRule = (value, key) => ({
  text: named(
    key,
    list(value, key).map((epc, i) => keyValue("epc", epc, PLAIN, `${key}[${i}]`)),
  ),
  extensionBlocks: [],
});

const QUANTITY_ELEMENT = new Set(["epcClass", "quantity", "uom"]);

/** quantityList, childQuantityList, inputQuantityList, outputQuantityList (step 12). */
const quantityList: FieldRule = (value, key) => ({
  text: named(
    key,
    list(value, key).map((element, i) => {
      const where = `${key}[${i}]`;
      const q = object(element, where);
      if (q === undefined) return "";
      closed(q, QUANTITY_ELEMENT, where);
      const content =
        keyValue("epcClass", q.epcClass, PLAIN, where) +
        keyValue("quantity", q.quantity, PLAIN, where) +
        keyValue("uom", q.uom, PLAIN, where);
      return content === "" ? "" : `quantityElement${content}`;
    }),
  ),
  extensionBlocks: [],
});

const PERSISTENT_DISPOSITION = new Set(["set", "unset"]);

const persistentDisposition: FieldRule = (value, key) => {
  const pd = object(value, key);
  if (pd === undefined) return { text: "", extensionBlocks: [] };
  closed(pd, PERSISTENT_DISPOSITION, key);
  const part = (name: string) =>
    sorted(
      list(pd[name], `${key}.${name}`).map((d, i) =>
        keyValue(name, d, { vocabulary: DISPOSITION }, `${key}.${name}[${i}]`),
      ),
    );
  const content = [...part("set"), ...part("unset")].join("");
  return { text: content === "" ? "" : key + content, extensionBlocks: [] };
};

const ID = new Set(["id"]);

/** readPoint, bizLocation: `id`; extensions inside go to the end (CBV 2.0 step 21). */
const location: FieldRule = (value, key, ns) => {
  const loc = object(value, key);
  if (loc === undefined) return { text: "", extensionBlocks: [] };
  const id = keyValue("id", loc.id, PLAIN, `${key}.id`);
  const ext = extensions(loc, ns, ID);
  return { text: id === "" ? "" : key + id, extensionBlocks: ext.length === 0 ? [] : [key + ext.join("")] };
};

/** bizTransactionList, sourceList, destinationList: the type before the value (step 13). */
const typedList =
  (item: string, typeVocabulary: string): FieldRule =>
  (value, key) => {
    const keys = new Set(["type", item]);
    return {
      text: named(
        key,
        list(value, key).map((element, i) => {
          const where = `${key}[${i}]`;
          const e = object(element, where);
          if (e === undefined) return "";
          closed(e, keys, where);
          return (
            keyValue("type", e.type, { vocabulary: typeVocabulary }, where) + keyValue(item, e[item], PLAIN, where)
          );
        }),
      ),
      extensionBlocks: [],
    };
  };

const SENSOR_METADATA: readonly (readonly [string, ValueRule])[] = [
  ["time", TIME],
  ["startTime", TIME],
  ["endTime", TIME],
  ["deviceID", PLAIN],
  ["deviceMetadata", PLAIN],
  ["rawData", PLAIN],
  ["dataProcessingMethod", PLAIN],
  ["bizRules", PLAIN],
];

const SENSOR_REPORT: readonly (readonly [string, ValueRule])[] = [
  ["type", { vocabulary: GS1_VOC }],
  ["exception", { vocabulary: GS1_VOC }],
  ["deviceID", PLAIN],
  ["deviceMetadata", PLAIN],
  ["rawData", PLAIN],
  ["dataProcessingMethod", PLAIN],
  ["time", TIME],
  ["microorganism", PLAIN],
  ["chemicalSubstance", PLAIN],
  ["value", PLAIN],
  ["component", { vocabulary: COMPONENT }],
  ["stringValue", PLAIN],
  ["booleanValue", PLAIN],
  ["hexBinaryValue", PLAIN],
  ["uriValue", PLAIN],
  ["minValue", PLAIN],
  ["maxValue", PLAIN],
  ["meanValue", PLAIN],
  ["sDev", PLAIN],
  ["percRank", PLAIN],
  ["percValue", PLAIN],
  ["uom", PLAIN],
  ["coordinateReferenceSystem", PLAIN],
];

const SENSOR_ELEMENT = new Set(["sensorMetadata", "sensorReport"]);

/** The fields of a sensorMetadata or sensorReport in order, and the extensions beside them. */
function sensorPart(
  name: string,
  obj: JsonObject,
  fields: readonly (readonly [string, ValueRule])[],
  ns: Namespaces,
  where: string,
): { text: string; block: string } {
  const content = fields.map(([key, rule]) => keyValue(key, obj[key], rule, `${where}.${key}`)).join("");
  const ext = extensions(obj, ns, new Set(fields.map(([key]) => key)));
  return { text: content === "" ? "" : name + content, block: ext.length === 0 ? "" : name + ext.join("") };
}

/**
 * sensorElementList (CBV 2.0: the list name itself is not written): per sensorElement its
 * sensorMetadata, then its sensorReports sorted; extensions at any level go to the end.
 */
const sensorElementList: FieldRule = (value, key, ns) => {
  const texts: string[] = [];
  const blocks: string[] = [];
  list(value, key).forEach((element, i) => {
    const where = `${key}[${i}]`;
    const se = object(element, where);
    if (se === undefined) return;
    const metadata = object(se.sensorMetadata, `${where}.sensorMetadata`);
    const meta = metadata && sensorPart("sensorMetadata", metadata, SENSOR_METADATA, ns, `${where}.sensorMetadata`);
    const reports = list(se.sensorReport, `${where}.sensorReport`).flatMap((r, j) => {
      const report = object(r, `${where}.sensorReport[${j}]`);
      return report ? [sensorPart("sensorReport", report, SENSOR_REPORT, ns, `${where}.sensorReport[${j}]`)] : [];
    });
    const text = (meta?.text ?? "") + sorted(reports.map((r) => r.text)).join("");
    if (text !== "") texts.push(`sensorElement${text}`);
    const inner = [meta?.block ?? "", ...reports.map((r) => r.block), ...extensions(se, ns, SENSOR_ELEMENT)];
    const block = sorted(inner.filter((b) => b !== "")).join("");
    if (block !== "") blocks.push(`sensorElement${block}`);
  });
  return { text: sorted(texts).join(""), extensionBlocks: sorted(blocks) };
};

// Steps 1-2: the canonical property order of CBV 2.0 §8.9 (all five event types).
const CANONICAL_ORDER: readonly (readonly [string, FieldRule])[] = [
  ["eventTime", scalarField(TIME)],
  ["eventTimeZoneOffset", scalarField(PLAIN)],
  ["epcList", epcList],
  ["parentID", scalarField(PLAIN)],
  ["inputEPCList", epcList],
  ["childEPCs", epcList],
  ["quantityList", quantityList],
  ["childQuantityList", quantityList],
  ["inputQuantityList", quantityList],
  ["outputEPCList", epcList],
  ["outputQuantityList", quantityList],
  ["action", scalarField(PLAIN)],
  ["transformationID", scalarField(PLAIN)],
  ["bizStep", scalarField({ vocabulary: BIZ_STEP })],
  ["disposition", scalarField({ vocabulary: DISPOSITION })],
  ["persistentDisposition", persistentDisposition],
  ["readPoint", location],
  ["bizLocation", location],
  ["bizTransactionList", typedList("bizTransaction", BIZ_TRANSACTION_TYPE)],
  ["sourceList", typedList("source", SOURCE_DEST_TYPE)],
  ["destinationList", typedList("destination", SOURCE_DEST_TYPE)],
  ["sensorElementList", sensorElementList],
];

// Event fields outside the hash: the event type key (written as eventType), the eventID the hash
// may become, recordTime (set by the repository), errorDeclaration and certificationInfo.
const NOT_HASHED = ["type", "eventID", "recordTime", "errorDeclaration", "certificationInfo"];

const STANDARD_EVENT_KEYS: ReadonlySet<string> = new Set([
  ...CANONICAL_ORDER.map(([key]) => key),
  "ilmd",
  ...NOT_HASHED,
]);

/**
 * CBV 2.0 §8.9 steps 1-21: the pre-hash string of one EPCIS 2.0 event in the JSON binding.
 * `prefixes` are the JSON-LD prefixes of the enclosing document's `@context` (see
 * contextPrefixes); an `@context` on the event itself adds to them. Throws TypeError for an
 * event whose standard fields have the wrong JSON type (attacker-controlled input).
 */
export function eventPreHash(event: unknown, prefixes: EpcisPrefixes = {}): string {
  if (!isObject(event) || typeof event.type !== "string" || event.type === "") {
    throw new TypeError("EPCIS event hash: an event is a JSON object with a type");
  }
  const ns = namespaces(prefixes, event["@context"]);
  const parts = [`eventType=${event.type}`];
  const extensionBlocks: string[] = [];
  for (const [key, rule] of CANONICAL_ORDER) {
    const part = rule(event[key], key, ns);
    parts.push(part.text);
    extensionBlocks.push(...part.extensionBlocks);
  }
  const ilmd = object(event.ilmd, "ilmd");
  if (ilmd !== undefined) parts.push(named("ilmd", extensions(ilmd, ns)));
  // CBV 2.0 step 21: extensions inside standard fields, prefixed by the field, after the ILMD;
  // step 20: then the event's own extensions.
  parts.push(...extensionBlocks, ...extensions(event, ns, STANDARD_EVENT_KEYS));
  return parts.join("");
}

/** CBV 2.0 §8.9 step 22: the EPCIS Event Hash ID, `ni:///sha-256;<hex>?ver=CBV2.0`. */
export function eventHash(sha256: Sha256, event: unknown, prefixes: EpcisPrefixes = {}): string {
  return `ni:///sha-256;${toHex(sha256(utf8(eventPreHash(event, prefixes))))}?ver=${CBV_VERSION}`;
}

/**
 * The events of an EPCIS 2.0 JSON document (EPCISDocument: epcisBody.eventList, or a single
 * epcisBody.event) or query document (epcisBody.queryResults.resultsBody.eventList), with the
 * prefixes its `@context` declares.
 */
export function documentEvents(document: unknown): { events: readonly unknown[]; prefixes: EpcisPrefixes } {
  const doc = object(document, "document") ?? {};
  const body = object(doc.epcisBody, "epcisBody") ?? {};
  const results = object(object(body.queryResults, "queryResults")?.resultsBody, "resultsBody");
  const events =
    body.event !== undefined ? [body.event] : list(results ? results.eventList : body.eventList, "eventList");
  return { events, prefixes: contextPrefixes(doc["@context"]) };
}
