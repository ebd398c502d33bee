// zod schemas for everything clients send: each input is checked here, at the edge, and the
// OpenAPI document is generated from the same schemas.
import { z } from "@hono/zod-openapi";
import { fromBase64, fromBase64Url, fromHex } from "../core/bytes.js";
import { isClaimCommitment } from "../core/claim.js";
import { isSaltedCommitment } from "../core/commitment.js";
import { EVENT_TYPES, HOLDER_TYPES, ROLES } from "../core/event.js";
import {
  isValidCompanyPrefix,
  isValidExpiry,
  isValidLot,
  isValidSerial,
  normalizeGtin,
  prefixesOverlap,
} from "../core/gs1.js";
import { KEY_ID_PATTERN } from "../core/keys.js";
import { BATCH_ID } from "../core/nfc.js";
import { REPORT_PLACES } from "../core/report.js";
import { VERDICTS, type Verdict } from "../core/verdict.js";
import { MAX_REFUSALS } from "../service/errors.js";

export const MAX_BATCH = 10_000;

export const Gtin = z
  .string()
  .refine((v) => /^\d{14}$/.test(v) && normalizeGtin(v) === v, "a GTIN-14 with a valid check digit")
  .openapi({ example: "09506000134352" });
export const Serial = z
  .string()
  .refine(isValidSerial, "1 to 20 characters of GS1 CSET 82")
  .openapi({ example: "Ab3dE5gH7jK9mN1p" });
/** The {gtin} and {serial} path parameters of a tag's URLs. */
export const TagPathParams = z.object({
  gtin: Gtin.openapi({ param: { name: "gtin", in: "path" } }),
  serial: Serial.openapi({ param: { name: "serial", in: "path" } }),
});
export const Lot = z.string().refine(isValidLot, "1 to 20 characters of GS1 CSET 82");
export const Expiry = z.string().refine(isValidExpiry, "a date as YYMMDD");
export const KeyId = z
  .string()
  .regex(KEY_ID_PATTERN, "ed25519: and 32 hex digits")
  .openapi({ example: "ed25519:0123456789abcdef0123456789abcdef" });
export const PartyId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "lowercase letters, digits and dashes")
  .openapi({ example: "acme" });
export const Country = z
  .string()
  .regex(/^[A-Z]{2}$/, "an ISO 3166-1 alpha-2 code")
  .openapi({ example: "DE" });
export const Time = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, "RFC 3339 UTC with second precision, e.g. 2026-11-22T10:00:00Z")
  .refine(
    (v) => !Number.isNaN(Date.parse(v)) && new Date(v).toISOString().slice(0, 19) === v.slice(0, 19),
    "not a real time",
  );

/** Base64url (no padding) of exactly `n` bytes, decoded. */
export const b64urlBytes = (n: number) =>
  z
    .string()
    .refine((v) => fromBase64Url(v)?.length === n, `base64url of ${n} bytes`)
    .transform((v) => fromBase64Url(v) as Uint8Array);
/** Standard base64 of exactly `n` bytes, decoded. */
export const b64Bytes = (n: number) =>
  z
    .string()
    .refine((v) => fromBase64(v)?.length === n, `base64 of ${n} bytes`)
    .transform((v) => fromBase64(v) as Uint8Array);

export const RegisterPartyBody = z
  .object({
    id: PartyId,
    name: z.string().trim().min(1).max(200),
    roles: z
      .array(z.enum(ROLES))
      .min(1)
      .max(3)
      .refine((r) => new Set(r).size === r.length, "roles must not repeat"),
    country: Country,
    gln: z
      .string()
      .regex(/^\d{13}$/, "a 13-digit GLN")
      .refine((g) => normalizeGtin(g) !== undefined, "GLN check digit")
      .optional(),
    companyPrefixes: z
      .array(z.string().refine(isValidCompanyPrefix, "4 to 12 digits"))
      .max(100)
      .refine((ps) => ps.every((p, i) => ps.every((q, j) => i === j || !prefixesOverlap(p, q))), {
        message: "company prefixes must not repeat or begin with one another",
      })
      .default([]),
    showName: z.boolean().default(true),
    publicKey: b64Bytes(32).openapi({ type: "string", description: "Ed25519 public key, base64" }),
  })
  .strict()
  .refine((p) => !p.roles.includes("manufacturer") || p.companyPrefixes.length > 0, {
    message: "a manufacturer needs at least one GS1 company prefix",
    path: ["companyPrefixes"],
  })
  .openapi("RegisterParty");

export const AddKeyBody = z.object({ publicKey: b64Bytes(32).openapi({ type: "string" }) }).strict();
export const RevokeKeyBody = z
  .object({ compromisedAt: Time.openapi({ description: "when the key is believed compromised" }) })
  .strict();

/** Text a person wrote for others to read: well-formed, no control characters, no outer spaces. */
const PlainText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine(
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
      (v) => v.isWellFormed() && !/[\u0000-\u001f\u007f]/.test(v) && v.trim() === v,
      "plain text: no control characters, no leading or trailing spaces",
    );

export const ClaimCommitment = z
  .string()
  .refine(isClaimCommitment, "base64url of a 16-byte salt and a 32-byte hash (core/claim.ts)")
  .openapi({ description: "Salted commitment to a claim code" });
const LeafHashParam = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "base64url of a 32-byte leaf hash");
const PublicKeyUrl = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/, "base64url of a 32-byte Ed25519 public key")
  .openapi({ description: "Ed25519 public key, base64url" });
const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "a UTC day, YYYY-MM-DD")
  .refine((d) => {
    // Refinements run even when the pattern failed: nothing here may throw on junk.
    const t = Date.parse(`${d}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().startsWith(d);
  }, "not a real day");

const BatchId = z
  .string()
  .regex(BATCH_ID, "an NFC batch ID: the first 16 characters of its key's commitment")
  .openapi({ description: "NFC batch ID" });

export const TagItem = z
  .object({
    gtin: Gtin,
    serial: Serial,
    lot: Lot.optional(),
    expiry: Expiry.optional(),
    maker: KeyId,
    claim: ClaimCommitment.optional(),
    nfc: z
      .object({
        batch: BatchId,
        uid: z
          .string()
          .refine(isSaltedCommitment, "base64url of a 16-byte salt and a 32-byte hash (core/commitment.ts)"),
      })
      .strict()
      .optional()
      .openapi({ description: "An NFC tag: its batch and the salted commitment to its UID, as signed" }),
    nfcUid: z
      .string()
      .regex(/^[0-9A-Fa-f]{14}$/, "the tag's 7-byte NFC UID, 14 hex digits")
      .transform((v) => fromHex(v) as Uint8Array)
      .optional()
      .openapi({ type: "string", description: "The NFC tag's UID, opening the signed commitment (not logged)" }),
    signature: b64urlBytes(64).openapi({
      type: "string",
      description: "Ed25519 signature over the tag identity, base64url",
    }),
  })
  .strict()
  .refine((t) => (t.nfc === undefined) === (t.nfcUid === undefined), {
    message: "an NFC binding and its UID come together",
    path: ["nfcUid"],
  });

export const CommissionBody = z
  .object({ tags: z.array(TagItem).min(1).max(MAX_BATCH) })
  .strict()
  .openapi("CommissionRequest");

export const EventBody = z
  .object({
    type: z.enum(EVENT_TYPES),
    gtin: Gtin,
    serial: Serial,
    prev: LeafHashParam,
    actor: KeyId,
    to: PartyId.optional(),
    time: Time,
    country: Country.optional(),
    claim: ClaimCommitment.optional().openapi({ description: "return: a fresh claim code's commitment" }),
  })
  .strict()
  .refine((e) => (e.type === "ship") === (e.to !== undefined), {
    message: "to is required for ship and only for ship",
    path: ["to"],
  })
  .refine((e) => e.type === "return" || e.claim === undefined, {
    message: "claim is only for return",
    path: ["claim"],
  });

export const EventsBody = z
  .object({
    events: z
      .array(z.object({ event: EventBody, signature: b64urlBytes(64).openapi({ type: "string" }) }).strict())
      .min(1)
      .max(MAX_BATCH),
  })
  .strict()
  .openapi("EventsRequest");

export const HolderBody = z
  .object({
    statement: z
      .object({
        type: z.enum(HOLDER_TYPES),
        gtin: Gtin,
        serial: Serial,
        prev: LeafHashParam,
        holder: PublicKeyUrl,
        code: z
          .string()
          .regex(/^[0-9A-HJKMNP-TV-Z]{20}$/, "20 Crockford base32 symbols, as core/claim.ts normalises")
          .optional(),
        to: PublicKeyUrl.optional(),
        offer: ClaimCommitment.optional(),
        day: Day,
      })
      .strict()
      .refine((h) => (h.type === "claim") === (h.code !== undefined), {
        message: "code is required for a claim and only for a claim",
        path: ["code"],
      }),
    signature: b64urlBytes(64).openapi({ type: "string", description: "Ed25519 signature by `holder`, base64url" }),
  })
  .strict()
  .openapi("HolderRequest");

const LanguageTag = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$/, "a BCP 47 language tag, e.g. en or zh-Hans");
const HttpsUrl = z
  .string()
  .max(500)
  .url()
  .refine((u) => u.isWellFormed() && u.startsWith("https://"), "an https URL");

export const ProductBody = z
  .object({
    product: z
      .object({
        actor: KeyId,
        gtin: Gtin,
        domain: z
          .string()
          .max(253)
          .regex(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "a lowercase domain name, e.g. acme.example"),
        names: z
          .record(LanguageTag, PlainText(120))
          .refine((n) => Object.keys(n).length >= 1 && Object.keys(n).length <= 20, "1 to 20 names"),
        descriptions: z
          .record(LanguageTag, PlainText(300))
          .refine((d) => Object.keys(d).length <= 20, "at most 20 descriptions")
          .optional(),
        image: HttpsUrl.optional(),
        support: HttpsUrl.optional(),
        time: Time,
      })
      .strict(),
    signature: b64urlBytes(64).openapi({ type: "string", description: "Ed25519 signature by the maker's key" }),
  })
  .strict()
  .openapi("ProductRequest");

/** A reporter's words: well-formed, up to 500 characters, line breaks allowed, no other control characters. */
const ReportText = z
  .string()
  .trim()
  .min(1)
  .max(500)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  .refine((v) => v.isWellFormed() && !/[\u0000-\u0009\u000b-\u001f\u007f]/.test(v), "plain text");

export const ReportBody = z
  .object({
    gtin: Gtin,
    serial: Serial,
    verdict: z.enum(VERDICTS as [Verdict, ...Verdict[]]).openapi({ description: "The verdict the reporter was shown" }),
    place: z.enum(REPORT_PLACES),
    text: ReportText,
  })
  .strict()
  .openapi("ReportRequest");

export const ReportReadBody = z
  .object({
    request: z.object({ actor: KeyId, gtin: Gtin, time: Time }).strict(),
    signature: b64urlBytes(64).openapi({ type: "string", description: "Ed25519 signature by the maker's key" }),
  })
  .strict()
  .openapi("ReportReadRequest");

export const RecallBody = z
  .object({
    recall: z
      .object({
        action: z.enum(["recall", "lift"]),
        actor: KeyId,
        gtin: Gtin,
        lot: Lot.optional(),
        serials: z.array(Serial).min(1).max(1000).optional(),
        instructions: PlainText(500).optional(),
        url: z
          .string()
          .max(500)
          .url()
          .refine((u) => u.isWellFormed() && u.startsWith("https://"), "an https URL")
          .optional(),
        lifts: LeafHashParam.optional(),
        time: Time,
      })
      .strict()
      .refine((r) => (r.action === "lift") === (r.lifts !== undefined), {
        message: "lifts is required for a lift and only for a lift",
        path: ["lifts"],
      })
      .refine((r) => r.action === "lift" || r.instructions !== undefined, {
        message: "a recall says what holders should do",
        path: ["instructions"],
      }),
    signature: b64urlBytes(64).openapi({ type: "string", description: "Ed25519 signature by the maker's key" }),
  })
  .strict()
  .openapi("RecallRequest");

export const NfcBatchBody = z
  .object({
    statement: z
      .object({
        action: z.enum(["register", "revoke"]),
        actor: KeyId,
        batch: BatchId,
        commitment: z
          .string()
          .regex(/^[A-Za-z0-9_-]{43}$/, "base64url of a 32-byte SHA-256 commitment")
          .optional(),
        compromisedAt: Time.optional(),
        time: Time,
      })
      .strict()
      .refine((b) => (b.action === "register") === (b.commitment !== undefined), {
        message: "commitment is required to register and only then",
        path: ["commitment"],
      })
      .refine((b) => (b.action === "revoke") === (b.compromisedAt !== undefined), {
        message: "compromisedAt is required to revoke and only then",
        path: ["compromisedAt"],
      }),
    signature: b64urlBytes(64).openapi({ type: "string", description: "Ed25519 signature by the maker's key" }),
    key: b64urlBytes(16).optional().openapi({
      type: "string",
      description: "register: the batch master key (AES-128, base64url); kept sealed, never returned",
    }),
  })
  .strict()
  .openapi("NfcBatchRequest");

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string().optional(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .openapi({ description: "An invalid request: what is wrong, field by field" }),
    head: z.string().optional().openapi({ description: "wrong-prev: the tag's newest leaf hash, base64url" }),
    length: z
      .number()
      .int()
      .optional()
      .openapi({ description: "wrong-prev: the number of entries in the tag's chain" }),
    refusals: z
      .array(
        z.object({
          index: z.number().int().optional(),
          status: z.number().int(),
          code: z.string(),
          detail: z.string(),
          head: z.string().optional(),
          length: z.number().int().optional(),
        }),
      )
      .optional()
      .openapi({ description: `A refused batch: its first ${MAX_REFUSALS} refused items, in order` }),
    refusalCount: z.number().int().optional().openapi({ description: "A refused batch: how many items were refused" }),
  })
  .openapi("Problem");

export const problemContent = { "application/problem+json": { schema: Problem } };
