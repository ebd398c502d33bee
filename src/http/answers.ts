// zod schemas for everything the API answers with: /openapi.json documents each answer from these,
// so clients can rely on what a response contains. (What clients send is in schemas.ts.)
import { z } from "@hono/zod-openapi";
import { EPCIS_CONTEXT, TAGTRAIL_PREFIXES } from "../core/epcis.js";
import { CBV, EVENT_TYPES, HOLDER_TYPES, ROLES } from "../core/event.js";
import { REASON_CODES, VERDICTS } from "../core/verdict.js";
import { LANGUAGES } from "../i18n/languages.js";
import { Country, Gtin, KeyId, PartyId, Serial, Time } from "./schemas.js";

/** Answers are read-only data: their lists are typed as the services' readonly arrays are. */
const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();
const Base64 = (description: string) => z.string().openapi({ format: "byte", description });
const Base64Url = (description: string) => z.string().openapi({ description: `${description}, base64url` });
const LeafIndex = z.number().int().min(0).openapi({ description: "Position of the entry in the log" });
const LeafHash = Base64Url("RFC 9162 leaf hash of the entry: the `prev` of the tag's next event");
const Instant = z.string().openapi({ format: "date-time" });

// --- Parties and keys ---------------------------------------------------------------------------

export const KeyAnswer = z
  .object({
    keyId: KeyId,
    publicKey: Base64("Ed25519 public key, base64"),
    retiredAt: Instant.optional().openapi({ description: "When it was retired: nothing new is accepted under it" }),
    compromisedAt: Instant.optional().openapi({ description: "From when it is considered compromised" }),
  })
  .openapi("Key");

/** A party as registered: what its `party` log entry states. */
const PartyAnswer = z
  .object({
    id: PartyId,
    name: z.string(),
    roles: list(z.enum(ROLES)),
    country: Country,
    gln: z.string().optional().openapi({ description: "GS1 Global Location Number" }),
    companyPrefixes: list(z.string()).openapi({ description: "GS1 company prefixes (manufacturers)" }),
    showName: z.boolean().openapi({ description: "Whether verify answers show the party's name" }),
  })
  .openapi("Party");

export const PartyWithKeys = z
  .object({ ...PartyAnswer.shape, keys: list(KeyAnswer) })
  .openapi("PartyWithKeys", { description: "A party and every key it has had" });

export const RegisteredParty = z
  .object({
    party: PartyAnswer,
    key: KeyAnswer,
    leafIndex: LeafIndex.openapi({ description: "Log position of the party entry; its key's entry follows" }),
  })
  .openapi("RegisteredParty");

// --- Commissioning and custody events -----------------------------------------------------------

const EntryResult = z
  .object({
    gtin: Gtin,
    serial: Serial,
    leafIndex: LeafIndex,
    leafHash: LeafHash,
    status: z.enum(["created", "existing"]).openapi({ description: "existing: an identical earlier submission" }),
  })
  .openapi("EntryResult");

export const EntryResults = z
  .object({ results: list(EntryResult).openapi({ description: "One per submitted item, in order" }) })
  .openapi("EntryResults");

// --- Log entries: what a leaf holds (core/event.ts LogEntry) ------------------------------------

const TagIdentity = z
  .object({
    gtin: Gtin,
    serial: Serial,
    lot: z.string().optional(),
    expiry: z.string().optional().openapi({ description: "YYMMDD" }),
    maker: KeyId.openapi({ description: "Key ID of the manufacturer key that signed the tag" }),
    claim: Base64Url("Salted commitment to the tag's claim code (48 bytes)").optional(),
    nfc: z
      .object({
        batch: z.string().openapi({ description: "The NFC batch whose key the tag holds" }),
        uid: Base64Url("Salted commitment to the tag's NFC UID (48 bytes)"),
      })
      .optional()
      .openapi({ description: "An NFC tag (NTAG 424 DNA): its batch and a commitment to its UID" }),
  })
  .openapi("TagIdentity");

const CustodyEvent = z
  .object({
    type: z.enum(EVENT_TYPES),
    gtin: Gtin,
    serial: Serial,
    prev: Base64Url("Leaf hash of the tag's previous entry"),
    actor: KeyId.openapi({ description: "Key ID of the signing key" }),
    to: PartyId.optional().openapi({ description: "ship: the receiving party" }),
    time: Time,
    country: Country.optional(),
    claim: Base64Url("return: a fresh claim commitment for the next buyer").optional(),
  })
  .openapi("CustodyEvent");

export const HolderStatement = z
  .object({
    type: z.enum(HOLDER_TYPES),
    gtin: Gtin,
    serial: Serial,
    prev: Base64Url("Leaf hash of the tag's previous entry"),
    holder: Base64Url("Ed25519 public key that signs: the new holder's for a claim, the current one's for a transfer"),
    code: z.string().optional().openapi({ description: "claim: the claim code (spent by the claim)" }),
    to: Base64Url("transfer: the new holder's Ed25519 public key").optional(),
    offer: Base64Url("transfer: a fresh claim commitment for a one-time transfer code").optional(),
    day: z.string().openapi({ format: "date", description: "UTC day; a holder's statement has no time of day" }),
  })
  .openapi("HolderStatement");

export const ProductStatement = z
  .object({
    actor: KeyId.openapi({ description: "Key ID of the maker's signing key" }),
    gtin: Gtin,
    domain: z.string().openapi({ description: "The maker's web domain" }),
    names: z.record(z.string(), z.string()).openapi({ description: "The product's name by language tag" }),
    descriptions: z.record(z.string(), z.string()).optional(),
    image: z.string().optional().openapi({ format: "uri" }),
    support: z.string().optional().openapi({ format: "uri" }),
    time: Time,
  })
  .openapi("ProductStatement");

export const RecallStatement = z
  .object({
    action: z.enum(["recall", "lift"]),
    actor: KeyId.openapi({ description: "Key ID of the maker's signing key" }),
    gtin: Gtin,
    lot: z.string().optional().openapi({ description: "recall: only this lot" }),
    serials: list(Serial).optional().openapi({ description: "recall: only these serials" }),
    instructions: z.string().optional().openapi({ description: "recall: what holders should do" }),
    url: z.string().optional().openapi({ format: "uri", description: "recall: the maker's notice" }),
    lifts: Base64Url("lift: leaf hash of the recall entry it lifts").optional(),
    time: Time,
  })
  .openapi("RecallStatement");

const Signature = Base64Url("Ed25519 signature");

export const NfcBatchStatement = z
  .object({
    action: z.enum(["register", "revoke"]),
    actor: KeyId.openapi({ description: "Key ID of the maker's signing key" }),
    batch: z.string().openapi({ description: "The batch ID: the first 16 characters of the key's commitment" }),
    commitment: Base64Url("register: SHA-256 commitment to the batch master key").optional(),
    compromisedAt: Instant.optional().openapi({ description: "revoke: from when the key is compromised" }),
    time: Time,
  })
  .openapi("NfcBatchStatement");

const LeafEntry = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("commission"), tag: TagIdentity, signature: Signature }).openapi("CommissionEntry"),
    z.object({ kind: z.literal("event"), event: CustodyEvent, signature: Signature }).openapi("EventEntry"),
    z.object({ kind: z.literal("holder"), statement: HolderStatement, signature: Signature }).openapi("HolderEntry"),
    z.object({ kind: z.literal("recall"), recall: RecallStatement, signature: Signature }).openapi("RecallEntry"),
    z.object({ kind: z.literal("product"), product: ProductStatement, signature: Signature }).openapi("ProductEntry"),
    z.object({ kind: z.literal("nfc-batch"), batch: NfcBatchStatement, signature: Signature }).openapi("NfcBatchEntry"),
    z.object({ kind: z.literal("party"), party: PartyAnswer }).openapi("PartyEntry"),
    z
      .object({
        kind: z.literal("key"),
        action: z.enum(["add", "retire", "revoke"]),
        party: PartyId,
        keyId: KeyId,
        publicKey: Base64("Ed25519 public key, base64"),
        compromisedAt: Instant.optional().openapi({ description: "revoke: from when the key is compromised" }),
      })
      .openapi("KeyEntry"),
  ])
  .openapi("LeafEntry", {
    description:
      "A log leaf's entry, as signed: a commission, an event, a holder's statement, a recall, a party or a key",
  });

export const RecallAnswer = z
  .object({
    leafIndex: LeafIndex,
    leafHash: Base64Url("RFC 9162 leaf hash of the recall entry: what a lift names"),
    status: z.enum(["created", "existing"]).openapi({ description: "existing: an identical earlier submission" }),
  })
  .openapi("RecallResult");

export const TagHistory = z
  .object({
    gtin: Gtin,
    serial: Serial,
    head: Base64Url("Leaf hash of the tag's newest entry"),
    length: z.number().int().min(1).openapi({ description: "Entries in the tag's chain" }),
    entries: list(z.object({ leafIndex: LeafIndex, leafHash: LeafHash, entry: LeafEntry }).openapi("HistoryEntry")),
  })
  .openapi("TagHistory");

// --- EPCIS 2.0 (core/epcis.ts) ------------------------------------------------------------------

const Uri = z.string().openapi({ format: "uri" });
/** The distinct values CBV gives `field` across entry types. */
const cbvValues = (field: "bizStep" | "disposition") =>
  [...new Set(Object.values(CBV).map((c) => c[field]))] as [string, ...string[]];

const EpcisEvent = z
  .object({
    type: z.literal("ObjectEvent"),
    eventID: Uri.openapi({ description: "The event's EPCIS Event Hash ID (CBV 2.0 §8.9)" }),
    eventTime: Instant,
    eventTimeZoneOffset: z.string(),
    epcList: list(Uri).openapi({ description: "The tag's SGTIN as a GS1 Digital Link URI" }),
    action: z.enum(["ADD", "OBSERVE", "DELETE"]),
    bizStep: z.enum(cbvValues("bizStep")),
    disposition: z.enum(cbvValues("disposition")),
    bizLocation: z.object({ id: Uri }).optional(),
    sourceList: list(z.object({ type: z.string(), source: Uri })).optional(),
    destinationList: list(z.object({ type: z.string(), destination: Uri })).optional(),
    "tagtrail:country": Country.optional(),
    "tagtrail:actor": Uri.openapi({ description: "The party that signed the entry" }),
    "tagtrail:leafHash": Uri.openapi({ description: "The entry's RFC 9162 leaf hash as an RFC 6920 ni: URI" }),
  })
  .openapi("EpcisEvent");

export const EpcisDocument = z
  .object({
    "@context": z
      .array(z.union([z.string(), z.record(z.string(), z.string())]))
      .openapi({ example: [EPCIS_CONTEXT, TAGTRAIL_PREFIXES] }),
    type: z.literal("EPCISDocument"),
    schemaVersion: z.literal("2.0"),
    creationDate: Instant,
    epcisBody: z.object({ eventList: list(EpcisEvent) }),
  })
  .openapi("EpcisDocument", { description: "GS1 EPCIS 2.0 JSON-LD, valid against GS1's EPCIS JSON Schema" });

// --- The verify answer (core/answer.ts VerifyResult) --------------------------------------------

const PartyDisplay = z
  .object({
    name: z.string().optional().openapi({ description: "Present only when the party chose to be shown by name" }),
    role: z.enum(["manufacturer", "distributor", "retailer", "repairer", "owner", "unknown"]),
    country: z.string().openapi({ description: "ISO 3166-1 alpha-2, empty when unknown" }),
  })
  .openapi("PartyDisplay");

const VerifyProofs = z
  .object({
    entries: list(z.object({ leafIndex: LeafIndex, leaf: Base64("The log leaf bytes, base64") })).openapi({
      description: "Every entry of the tag's chain",
    }),
    inclusionProof: list(Base64("A hash, base64")).openapi({
      description: "RFC 9162 inclusion proof of the chain head against the checkpoint",
    }),
    checkpoint: z.string().openapi({ description: "The C2SP signed checkpoint the proof verifies against" }),
    logKey: z.string().openapi({ description: "The log's verifier key (pin your own copy)" }),
    keys: z
      .record(KeyId, Base64("Ed25519 public key, base64"))
      .openapi({ description: "The public key of every key that signed an entry, by key ID" }),
  })
  .openapi("VerifyProofs", {
    description:
      "What a client needs to re-check the answer offline; absent when the tag is unknown or the code's signature does not match",
  });

export const VerifyAnswer = z
  .object({
    verdict: z.enum(VERDICTS as [string, ...string[]]).openapi({
      description:
        "authentic: genuine, on a registered shop's shelf, sold, or claimed by its owner; caution: genuine, not in a shop yet; recalled: genuine, recalled by its maker (see the reason's recall); warning: genuine, but stolen, destroyed or signed with a compromised key; counterfeit: not a genuine code",
    }),
    reasons: list(
      z
        .object({
          code: z.string().openapi({ description: `A stable code: ${REASON_CODES.join(", ")}` }),
          message: z.string().openapi({ description: "The reason in plain language, in the answer's language" }),
          at: PartyDisplay.optional().openapi({
            description: "For at-retailer: the shop the product was delivered to; for sold: the shop that sold it",
          }),
          day: z.string().optional().openapi({ format: "date", description: "For sold and claimed: the UTC day" }),
          recall: z
            .object({
              day: z.string().openapi({ format: "date" }),
              instructions: z.string().optional(),
              url: z.string().optional().openapi({ format: "uri" }),
            })
            .optional()
            .openapi({ description: "For recalled: the maker's recall, in its own words" }),
        })
        .openapi("Reason"),
    ),
    lang: z.string().openapi({
      description: `The language of the messages (${LANGUAGES.join(", ")}): ?lang= first, then Accept-Language, then English`,
    }),
    product: z.object({
      gtin: Gtin,
      serial: Serial,
      lot: z.string().optional(),
      expiry: z.string().optional(),
      manufacturer: PartyDisplay.optional(),
      info: z
        .object({
          domain: z.string(),
          names: z.record(z.string(), z.string()),
          descriptions: z.record(z.string(), z.string()).optional(),
          image: z.string().optional(),
          support: z.string().optional(),
        })
        .optional()
        .openapi({
          description: "What the maker says about the product, in every language it gave (a signed, logged statement)",
        }),
    }),
    status: z
      .object({
        custody: z.enum(["active", "in_transit", "sold", "destroyed"]),
        recalled: z.boolean(),
        stolen: z.boolean(),
        claimed: z.boolean().openapi({ description: "Bound to an owner's device key by a claim" }),
      })
      .optional()
      .openapi({ description: "Absent when the tag is unknown or the code's signature does not match" }),
    journey: list(
      z
        .object({
          type: z.enum(["commission", ...EVENT_TYPES, ...HOLDER_TYPES]),
          bizStep: z.string(),
          disposition: z.string(),
          date: z.string().openapi({ format: "date", description: "UTC day the log accepted the entry" }),
          party: PartyDisplay,
          country: Country.optional(),
        })
        .openapi("JourneyStep"),
    ),
    proofs: VerifyProofs.optional(),
  })
  .openapi("VerifyAnswer");
